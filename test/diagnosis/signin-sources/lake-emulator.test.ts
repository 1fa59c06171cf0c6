import { CloudTrailClient, GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudtrail';
import { LAKE_QUERY_RUN_MS, parseLakeQuery } from '../../../src/sandbox/emulator/services/cloudtrail-lake';
import { NOW_MS, signInEvent, startWorld, type World } from './world';

/** The emulator's CloudTrail Lake, through the plain SDK client: the subset of SQL it answers, and AWS's
 * limits it keeps. */

let world: World | undefined;
let client: CloudTrailClient | undefined;
afterEach(async () => {
  client?.destroy();
  await world?.close();
  world = undefined;
});

async function start(events = [signInEvent(NOW_MS - 60_000, { userName: 'ana@example.com' })]) {
  world = await startWorld(events);
  client = new CloudTrailClient({
    region: 'us-east-1',
    endpoint: world.sandbox.url,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
  return { world, client };
}

describe('the emulator’s CloudTrail Lake', () => {
  it('runs a query on its clock and answers every value as a string, in one-key maps', async () => {
    const { world, client } = await start();
    const { QueryId } = await client.send(
      new StartQueryCommand({
        QueryStatement:
          "SELECT eventid, eventtime, element_at(additionaleventdata, 'UserName') AS user_name FROM eds-1 " +
          "WHERE eventtime >= '2026-11-23 00:00:00' AND eventsource = 'signin.amazonaws.com' ORDER BY eventtime DESC",
      }),
    );
    const running = await client.send(new GetQueryResultsCommand({ QueryId }));
    expect(running.QueryStatus).toBe('QUEUED');
    expect(running.QueryResultRows).toEqual([]);
    world.clock.advance(LAKE_QUERY_RUN_MS);
    const done = await client.send(new GetQueryResultsCommand({ QueryId }));
    expect(done.QueryStatus).toBe('FINISHED');
    expect(done.QueryResultRows).toEqual([
      [
        { eventid: expect.stringMatching(/^ev-/) },
        { eventtime: '2026-11-23 11:59:00.000' },
        { user_name: 'ana@example.com' },
      ],
    ]);
  });

  it('refuses an eleventh query while ten run, as AWS does', async () => {
    const { client } = await start();
    const statement = "SELECT eventid FROM eds-1 WHERE eventsource = 'signin.amazonaws.com'";
    for (let i = 0; i < 10; i++) await client.send(new StartQueryCommand({ QueryStatement: statement }));
    await expect(client.send(new StartQueryCommand({ QueryStatement: statement }))).rejects.toMatchObject({
      name: 'MaxConcurrentQueriesException',
    });
  });

  it('refuses SQL outside its subset instead of guessing', async () => {
    const { client } = await start();
    await expect(
      client.send(
        new StartQueryCommand({ QueryStatement: 'SELECT eventid FROM eds-1 WHERE upper(eventname) = 1' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidQueryStatementException' });
    expect(() => parseLakeQuery('DELETE FROM eds-1')).toThrow('Expected SELECT');
  });
});
