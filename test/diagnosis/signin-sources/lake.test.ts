import { parseSignInEvent } from '../../../src/diagnosis/facts/signin-events';
import { buildLakeQuery, LakeSource } from '../../../src/diagnosis/facts/signin-sources/lake';
import { LookupEventsSource } from '../../../src/diagnosis/facts/signin-sources/lookup-events';
import { SignInSourceChain } from '../../../src/diagnosis/facts/signin-sources/source';
import { SingleFlight } from '../../../src/lib/single-flight';
import { silentLogger } from '../../../src/log/logger';
import {
  ANA,
  NOW_MS,
  othersSignIns,
  scimEvent,
  signInEvent,
  startWorld,
  WINDOW_START_MS,
  type World,
} from './world';

const EDS = 'arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE';
const query = {
  who: { userId: ANA.userId, names: [ANA.name, "O'Brien@Example.com"] },
  stream: 'signin' as const,
  startMs: WINDOW_START_MS,
  endMs: NOW_MS,
};

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

function lake(w: World, extra: Partial<ConstructorParameters<typeof LakeSource>[0]> = {}): LakeSource {
  return new LakeSource({
    clients: w.clients,
    clock: w.clock,
    eventDataStoreArn: EDS,
    pollIntervalMs: 500,
    // The emulator's queries run on its clock: each poll's wait moves it on.
    sleep: async (ms) => w.clock.advance(ms),
    logger: silentLogger(),
    ...extra,
  });
}

describe('the CloudTrail Lake source', () => {
  it('finds the person by user id and by the name they typed, in one bounded query', async () => {
    const byId = signInEvent(NOW_MS - 3600_000, {
      userId: ANA.userId,
      name: 'UserAuthentication',
      outcome: 'Success',
    });
    const byName = signInEvent(NOW_MS - 2 * 3600_000, { userName: 'ANA@example.com' });
    const quoted = signInEvent(NOW_MS - 3 * 3600_000, { userName: "o'brien@example.com" });
    const tooOld = signInEvent(WINDOW_START_MS - 60_000, { userName: ANA.name });
    world = await startWorld([byId, byName, quoted, tooOld, ...othersSignIns(300, NOW_MS - 60_000)]);
    const answer = await lake(world).read(query);
    if (answer.kind !== 'read') throw new Error(`unavailable: ${answer.reason}`);
    expect(answer.read.complete).toBe(true);
    expect(answer.read.items.map((e) => e.EventId)).toEqual([byId.EventId, byName.EventId, quoted.EventId]);
    // The rebuilt event reads exactly as the LookupEvents row does.
    const parsed = answer.read.items.map(parseSignInEvent);
    expect(parsed[0]).toMatchObject({ name: 'UserAuthentication', outcome: 'Success', userId: ANA.userId });
    expect(parsed[1]).toMatchObject({
      name: 'CredentialVerification',
      outcome: 'Failure',
      userName: 'ANA@example.com',
      credentialType: 'PASSWORD',
    });
    expect(world.sandbox.calls({ operation: 'StartQuery' })).toHaveLength(1);
    expect(world.sandbox.calls({ operation: 'LookupEvents' })).toHaveLength(0);
    expect(world.sandbox.calls({ operation: 'GetQueryResults' }).length).toBeGreaterThanOrEqual(2);
  });

  it('bounds eventtime and names the event data store by its id', () => {
    const sql = buildLakeQuery('EXAMPLE-f852', query);
    expect(sql).toContain("FROM EXAMPLE-f852 WHERE eventtime >= '2026-11-22 12:00:00.000'");
    expect(sql).toContain("AND eventtime <= '2026-11-23 12:00:00.000'");
    expect(sql).toContain("'o''brien@example.com'");
  });

  it('reads SCIM events organisation-wide, page after page, and says when it stopped at its cap', async () => {
    const failures = Array.from({ length: 1500 }, (_, i) =>
      scimEvent(NOW_MS - (i + 1) * 30_000, 'ValidationException'),
    );
    world = await startWorld(failures);
    const all = await lake(world).read({ ...query, stream: 'scim' });
    if (all.kind !== 'read') throw new Error(`unavailable: ${all.reason}`);
    expect(all.read).toMatchObject({ complete: true });
    expect(all.read.items).toHaveLength(1500);
    const capped = await lake(world, { maxPages: 1 }).read({ ...query, stream: 'scim' });
    if (capped.kind !== 'read') throw new Error('unreachable');
    expect(capped.read.complete).toBe(false);
    expect(capped.read.items).toHaveLength(1000);
    expect(capped.read.reason).toBe(
      'the Lake query matched more than 1000 identitystore-scim.amazonaws.com events; only the newest 1000 were read (1 page of 1000)',
    );
  });

  it('shares the organisation-wide SCIM query between diagnoses that start together', async () => {
    world = await startWorld([scimEvent(NOW_MS - 60_000, 'ConflictException')]);
    const source = lake(world, { sharedReads: new SingleFlight(world.clock) });
    const answers = await Promise.all([
      source.read({ ...query, stream: 'scim' }),
      source.read({ ...query, stream: 'scim', who: { names: ['bob@example.com'] } }),
    ]);
    expect(answers.map((a) => (a.kind === 'read' ? a.read.items.length : -1))).toEqual([1, 1]);
    expect(world.sandbox.calls({ operation: 'StartQuery' })).toHaveLength(1);
  });

  it('falls back to LookupEvents, and says why, when the query is refused', async () => {
    const ana = signInEvent(NOW_MS - 3600_000, { userName: ANA.name });
    world = await startWorld([ana], { deny: ['cloudtrail:StartQuery'] });
    const chain = new SignInSourceChain([
      lake(world),
      new LookupEventsSource({ clients: world.clients, clock: world.clock, maxPages: 10 }),
    ]);
    const read = await chain.read(query);
    expect(read).toMatchObject({
      source: 'lookup-events',
      complete: true,
      fellBack: ['lake: cloudtrail:StartQuery failed (access-denied)'],
    });
    expect(read.items.map((e) => e.EventId)).toEqual([ana.EventId]);
  });

  it('gives up on a query that does not finish in time, cancels it, and falls back', async () => {
    world = await startWorld([]);
    const source = lake(world, { timeoutMs: 1000 });
    const answer = await source.read(query);
    expect(answer).toEqual({ kind: 'unavailable', reason: 'the Lake query did not finish within 1 s' });
    expect(world.sandbox.calls({ operation: 'CancelQuery' })).toHaveLength(1);
  });
});
