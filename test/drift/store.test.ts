import { createDynamoDbClient, type DynamoDB } from '../../src/aws';
import type { DriftScanCursor } from '../../src/drift/scan';
import { reconcile } from '../../src/drift/state';
import {
  DriftConflictError,
  type DriftStore,
  DynamoDriftStore,
  InMemoryDriftStore,
} from '../../src/drift/store';
import type { Drift, DriftReport } from '../../src/drift/types';
import { ManualClock } from '../../src/lib/clock';
import { DynamoTicketStore } from '../../src/tickets/dynamo-store';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../src/tickets/embedded';
import { DEFAULT_RETENTION } from '../../src/tickets/store';

const T0 = Date.parse('2026-11-23T12:00:00Z');

const drift = (id: string, kind: Drift['kind'] = 'permission-set-outdated'): Drift => ({
  id,
  kind,
  severity: 'blocking',
  accounts: [{ id: '111111111111', name: 'prod' }],
  permissionSet: { arn: 'arn:ps', name: 'ReadOnly' },
  principal: null,
  affectedUsers: [{ userId: 'u1', userName: 'ana@example.com' }],
  since: '2026-11-23T12:00:00.000Z',
  summary: 'ReadOnly is out of date',
  fix: null,
  assignments: [],
});
const report = (drifts: Drift[], gaps: Array<{ check: string; reason: string }> = []): DriftReport => ({
  drifts,
  coverage: { complete: gaps.length === 0, gaps },
  stats: { awsCalls: 1, durationMs: 1 },
  at: '2026-11-23T12:00:00.000Z',
});

function behaviour(name: string, open: () => Promise<{ store: DriftStore; close(): Promise<void> }>) {
  describe(name, () => {
    let store: DriftStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await open());
    });
    afterEach(() => close());

    it('creates, refreshes and resolves drifts across scans', async () => {
      const first = await reconcile(store, report([drift('a'), drift('b')]), '2026-11-23T12:00:00.000Z');
      expect(first.fresh.map((r) => r.id)).toEqual(['a', 'b']);
      expect(first.stillOpen).toEqual([]);

      const second = await reconcile(store, report([drift('a')]), '2026-11-23T13:00:00.000Z');
      expect(second.fresh).toEqual([]);
      expect(second.stillOpen.map((r) => [r.id, r.firstSeen, r.lastSeen])).toEqual([
        ['a', '2026-11-23T12:00:00.000Z', '2026-11-23T13:00:00.000Z'],
      ]);
      expect(second.resolved.map((r) => [r.id, r.state, r.resolvedAt])).toEqual([
        ['b', 'resolved', '2026-11-23T13:00:00.000Z'],
      ]);
      expect((await store.all()).map((r) => [r.id, r.state])).toEqual([
        ['a', 'open'],
        ['b', 'resolved'],
      ]);
    });

    it('keeps a drift open when the scan could not read its kind', async () => {
      await reconcile(store, report([drift('a', 'account-not-active')]), '2026-11-23T12:00:00.000Z');
      const next = await reconcile(
        store,
        report([], [{ check: 'account-not-active', reason: 'denied' }]),
        '2026-11-23T13:00:00.000Z',
      );
      expect(next.resolved).toEqual([]);
      expect((await store.get('a'))?.state).toBe('open');
    });

    it('writes conditionally on the version', async () => {
      const [created] = (await reconcile(store, report([drift('a')]), '2026-11-23T12:00:00.000Z')).fresh;
      await store.save({ ...created!, ticketId: 't1' }, created!.version);
      await expect(store.save({ ...created!, ticketId: 't2' }, created!.version)).rejects.toBeInstanceOf(
        DriftConflictError,
      );
      expect((await store.get('a'))?.ticketId).toBe('t1');
      await expect(store.save({ ...created!, id: 'new' }, 3)).rejects.toBeInstanceOf(DriftConflictError);
    });

    it('keeps the scan cursor, however large', async () => {
      expect(await store.loadCursor()).toBeUndefined();
      const users = Object.fromEntries(
        Array.from({ length: 12_000 }, (_, i) => [`user-${i}-${'x'.repeat(20)}`, `user.${i}@example.com`]),
      );
      const cursor = {
        scanId: 's',
        startedAt: 'now',
        phase: 'principals',
        index: 3,
        observations: { users },
        gaps: [],
        calls: 5,
        durationMs: 7,
      } as unknown as DriftScanCursor;
      await store.saveCursor(cursor);
      expect(await store.loadCursor()).toEqual(cursor);
      await store.saveCursor({ ...cursor, observations: { users: {} } } as unknown as DriftScanCursor);
      expect((await store.loadCursor())?.observations).toEqual({ users: {} });
      await store.saveCursor(undefined);
      expect(await store.loadCursor()).toBeUndefined();
    });
  });
}

behaviour('InMemoryDriftStore', async () => ({
  store: new InMemoryDriftStore(),
  close: async () => undefined,
}));

behaviour('DynamoDriftStore on dynalite (the tickets table)', async () => {
  const embedded: EmbeddedDynamo = await startEmbeddedDynamo();
  const ddb: DynamoDB = createDynamoDbClient({
    region: 'us-east-1',
    endpoint: embedded.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const tickets = await DynamoTicketStore.open({
    ddb,
    tableName: 'shared',
    clock: new ManualClock(T0),
    retention: DEFAULT_RETENTION,
    createTable: true,
  });
  const store = await DynamoDriftStore.open({ ddb, tableName: 'shared', clock: new ManualClock(T0) });
  return {
    store,
    async close() {
      await tickets.close();
      ddb.destroy();
      await embedded.close();
    },
  };
});
