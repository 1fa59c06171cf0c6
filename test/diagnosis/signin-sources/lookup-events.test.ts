import { AwsCallError } from '../../../src/aws';
import { LookupEventsSource } from '../../../src/diagnosis/facts/signin-sources/lookup-events';
import { SignInSourceChain } from '../../../src/diagnosis/facts/signin-sources/source';
import { SingleFlight } from '../../../src/lib/single-flight';
import { ANA, NOW_MS, othersSignIns, signInEvent, startWorld, WINDOW_START_MS, type World } from './world';

const query = {
  who: { userId: ANA.userId, names: [ANA.name] },
  stream: 'signin' as const,
  startMs: WINDOW_START_MS,
  endMs: NOW_MS,
};

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('the LookupEvents source', () => {
  it('reads every page back to the start of the window and says the read is complete', async () => {
    const ana = signInEvent(NOW_MS - 20 * 3600_000, { userName: ANA.name });
    world = await startWorld([ana, ...othersSignIns(120, NOW_MS - 60_000)]);
    const source = new LookupEventsSource({ clients: world.clients, clock: world.clock, maxPages: 10 });
    const answer = await source.read(query);
    expect(answer).toMatchObject({ kind: 'read', read: { complete: true } });
    if (answer.kind !== 'read') throw new Error('unreachable');
    expect(answer.read.items).toHaveLength(121);
    expect(answer.read.items.map((e) => e.EventId)).toContain(ana.EventId);
    expect(world.sandbox.calls({ operation: 'LookupEvents' })).toHaveLength(3);
  });

  it('stops at the page cap, incomplete, and says exactly how far back it read', async () => {
    // 200 other people's sign-ins, one a minute from 11:59 back: two pages reach back to 10:20.
    const ana = signInEvent(NOW_MS - 20 * 3600_000, { userName: ANA.name });
    world = await startWorld([ana, ...othersSignIns(200, NOW_MS - 60_000)]);
    const chain = new SignInSourceChain([
      new LookupEventsSource({ clients: world.clients, clock: world.clock, maxPages: 2 }),
    ]);
    const read = await chain.read(query);
    expect(read.source).toBe('lookup-events');
    expect(read.complete).toBe(false);
    expect(read.items).toHaveLength(100);
    expect(read.items.map((e) => e.EventId)).not.toContain(ana.EventId);
    expect(read.reason).toBe(
      "LookupEvents stopped after 2 pages of signin.amazonaws.com events (the organisation's, 50 a page): " +
        'read back to 10:20 of a window starting at 12:00 yesterday (UTC)',
    );
    expect(world.sandbox.calls({ operation: 'LookupEvents' })).toHaveLength(2);
  });

  it('shares one organisation-wide read between diagnoses that start together', async () => {
    world = await startWorld(othersSignIns(120, NOW_MS - 60_000));
    const source = new LookupEventsSource({
      clients: world.clients,
      clock: world.clock,
      maxPages: 10,
      sharedReads: new SingleFlight(world.clock),
    });
    const reads = await Promise.all([
      source.read(query),
      source.read({ ...query, who: { names: ['someone.3@example.com'] } }),
      source.read({ ...query, startMs: query.startMs + 5_000, endMs: query.endMs + 5_000 }),
    ]);
    expect(reads.map((r) => r.kind === 'read' && r.read.complete)).toEqual([true, true, true]);
    expect(world.sandbox.calls({ operation: 'LookupEvents' })).toHaveLength(3);
  });

  it('throws the refusal with the IAM action when LookupEvents is denied', async () => {
    world = await startWorld([], { deny: ['cloudtrail:LookupEvents'] });
    const source = new LookupEventsSource({ clients: world.clients, clock: world.clock, maxPages: 10 });
    const error = await source.read(query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({ code: 'access-denied', action: 'cloudtrail:LookupEvents' });
  });
});
