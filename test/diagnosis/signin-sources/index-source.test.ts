import { createDynamoDbClient, type DynamoDB } from '../../../src/aws';
import { IndexSource } from '../../../src/diagnosis/facts/signin-sources';
import { LookupEventsSource } from '../../../src/diagnosis/facts/signin-sources/lookup-events';
import { SignInSourceChain } from '../../../src/diagnosis/facts/signin-sources/source';
import { ManualClock } from '../../../src/lib/clock';
import { silentLogger } from '../../../src/log/logger';
import { DynamoSignInIndex } from '../../../src/signin-index/reader';
import { SignInIndexWriter } from '../../../src/signin-index/writer';
import { DynamoTicketStore } from '../../../src/tickets/dynamo-store';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../../src/tickets/embedded';
import { ANA, NOW_MS, scimEvent, signInEvent, startWorld, WINDOW_START_MS, type World } from './world';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
let embedded: EmbeddedDynamo;
let ddb: DynamoDB;
let tables = 0;
let world: World | undefined;

beforeAll(async () => {
  embedded = await startEmbeddedDynamo();
  ddb = createDynamoDbClient({ region: 'us-east-1', endpoint: embedded.endpoint, credentials });
});
afterAll(async () => {
  ddb.destroy();
  await embedded.close();
});
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** An index fed since `sinceMs` with the records of `events`, and the reader over it. */
async function indexFedSince(sinceMs: number, events: Array<{ CloudTrailEvent?: string | object }>) {
  tables += 1;
  const tableName = `signin-sources-${tables}`;
  await DynamoTicketStore.open({ ddb, tableName, clock: new ManualClock(NOW_MS), createTable: true });
  const writer = new SignInIndexWriter({ ddb, tableName, clock: new ManualClock(sinceMs) });
  await writer.indexEvents(events.map((e) => JSON.parse(String(e.CloudTrailEvent))));
  return new DynamoSignInIndex({ ddb, tableName });
}

const query = {
  who: { userId: ANA.userId, names: [ANA.name] },
  stream: 'signin' as const,
  startMs: WINDOW_START_MS,
  endMs: NOW_MS,
};

describe('the sign-in index source', () => {
  it('answers from the index, complete, when the index covers the window (no CloudTrail call)', async () => {
    const byName = signInEvent(NOW_MS - 3600_000, { userName: ANA.name });
    const byId = signInEvent(NOW_MS - 1800_000, {
      userId: ANA.userId,
      name: 'UserAuthentication',
      outcome: 'Success',
    });
    const other = signInEvent(NOW_MS - 600_000, { userName: 'bob@example.com' });
    const index = await indexFedSince(NOW_MS - 48 * 3600_000, [byName, byId, other]);
    world = await startWorld([byName, byId, other]);
    const chain = new SignInSourceChain([
      new IndexSource(index, world.clock),
      new LookupEventsSource({ clients: world.clients, clock: world.clock, maxPages: 10 }),
    ]);
    const read = await chain.read(query);
    expect(read).toMatchObject({ source: 'index', complete: true, fellBack: [] });
    expect(read.items.map((e) => e.EventId)).toEqual([byId.EventId, byName.EventId]);
    expect(world.sandbox.calls({ service: 'cloudtrail' })).toHaveLength(0);
  });

  it('reads SCIM events from the index too', async () => {
    const failed = scimEvent(NOW_MS - 3600_000, 'ValidationException');
    const index = await indexFedSince(NOW_MS - 48 * 3600_000, [
      failed,
      signInEvent(NOW_MS - 60_000, { userName: ANA.name }),
    ]);
    world = await startWorld([]);
    const answer = await new IndexSource(index, world.clock).read({ ...query, stream: 'scim' });
    expect(answer.kind === 'read' && answer.read.items.map((e) => e.EventId)).toEqual([failed.EventId]);
  });

  it('falls back to LookupEvents, and says why, when the index starts after the window does', async () => {
    const ana = signInEvent(NOW_MS - 20 * 3600_000, { userName: ANA.name });
    // Fed since 11:42 today: the window starts at 12:00 yesterday.
    const index = await indexFedSince(NOW_MS - 18 * 60_000, []);
    world = await startWorld([ana]);
    const chain = new SignInSourceChain([
      new IndexSource(index, world.clock),
      new LookupEventsSource({ clients: world.clients, clock: world.clock, maxPages: 10 }),
    ]);
    const read = await chain.read(query);
    expect(read).toMatchObject({
      source: 'lookup-events',
      complete: true,
      fellBack: [
        "index: the index is complete only since 11:42 (UTC), after the window's start at 12:00 yesterday",
      ],
    });
    expect(read.items.map((e) => e.EventId)).toEqual([ana.EventId]);
  });

  it('falls back when the index was never fed, and when it cannot be read', async () => {
    tables += 1;
    const tableName = `signin-sources-${tables}`;
    await DynamoTicketStore.open({ ddb, tableName, clock: new ManualClock(NOW_MS), createTable: true });
    world = await startWorld([]);
    const never = await new IndexSource(new DynamoSignInIndex({ ddb, tableName }), world.clock).read(query);
    expect(never).toEqual({
      kind: 'unavailable',
      reason: 'the index has never been fed (no forwarder delivering events yet)',
    });
    const missing = await new IndexSource(
      new DynamoSignInIndex({ ddb, tableName: 'no-such-table' }),
      world.clock,
      silentLogger(),
    ).read(query);
    expect(missing).toEqual({
      kind: 'unavailable',
      reason: 'the index could not be read (ResourceNotFoundException)',
    });
  });
});
