import { createDynamoDbClient, type DynamoDB } from '../../src/aws';
import { DynamoInventoryStore } from '../../src/inventory/inventory-store';
import { ManualClock } from '../../src/lib/clock';
import { DynamoTicketStore } from '../../src/tickets/dynamo-store';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../src/tickets/embedded';
import { DEFAULT_RETENTION } from '../../src/tickets/store';

const T0 = Date.parse('2026-11-23T12:00:00Z');
const PS = 'arn:aws:sso:::permissionSet/ssoins-1/ps-1';

describe('DynamoInventoryStore on dynalite (the tickets table)', () => {
  let embedded: EmbeddedDynamo;
  let ddb: DynamoDB;
  let tickets: DynamoTicketStore;

  beforeEach(async () => {
    embedded = await startEmbeddedDynamo();
    ddb = createDynamoDbClient({
      region: 'us-east-1',
      endpoint: embedded.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    // The ticket store creates the table (with its indexes); the inventory shares it.
    tickets = await DynamoTicketStore.open({
      ddb,
      tableName: 'shared',
      clock: new ManualClock(T0),
      retention: DEFAULT_RETENTION,
      createTable: true,
    });
  });

  afterEach(async () => {
    await tickets.close();
    ddb.destroy();
    await embedded.close();
  });

  it('keeps the cursor, names and the completed scan’s orphans, looked up by name', async () => {
    const clock = new ManualClock(T0);
    const store = await DynamoInventoryStore.open({ ddb, tableName: 'shared', clock });

    expect(await store.loadCursor()).toBeUndefined();
    const cursor = {
      scanId: 's1',
      startedAt: '2026-11-23T12:00:00.000Z',
      phase: 'assignments' as const,
      permissionSets: [PS],
      psIndex: 0,
      accounts: ['111111111111'],
      accountIndex: 1,
    };
    await store.saveCursor(cursor);
    expect(await store.loadCursor()).toEqual(cursor);

    await store.rememberNames([
      { principalId: 'old', principalType: 'USER', name: 'ana', lastSeen: '2026-01-01T00:00:00Z' },
    ]);
    await store.rememberNames(
      [{ principalId: 'new', principalType: 'USER', name: 'ana', lastSeen: '2026-11-23T12:00:00Z' }],
      's1',
    );
    expect(await store.nameOf('old')).toEqual({
      principalId: 'old',
      principalType: 'USER',
      name: 'ana',
      lastSeen: '2026-01-01T00:00:00Z',
    });
    expect((await store.nameOf('new'))?.scanId).toBe('s1');
    expect(await store.nameOf('nobody')).toBeUndefined();
    // An id only the ticket store's principal memory knows (remembered by a diagnosis before any scan).
    const ghost = {
      principalId: 'ghost',
      principalType: 'GROUP' as const,
      name: 'Interns',
      lastSeen: '2025-12-19T16:00:00Z',
    };
    await tickets.principals.remember([ghost]);
    expect(await store.nameOf('ghost')).toEqual(ghost);

    const orphan = (accountId: string) => ({
      principalId: 'old',
      principalType: 'USER' as const,
      lastKnownName: 'ana',
      lastSeen: '2026-01-01T00:00:00Z',
      assignments: [{ accountId, permissionSetArn: PS }],
    });
    await store.saveOrphans([orphan('111111111111')], 's1');
    await store.saveOrphans([orphan('222222222222'), orphan('111111111111')], 's1'); // a resumed pair again
    // Not complete yet: diagnoses keep using the principal memory.
    expect(await store.orphansNamed('USER', 'ana')).toBeUndefined();

    await store.markComplete('s1', '2026-11-23T12:05:00.000Z');
    await store.saveCursor(undefined);
    expect(await store.loadCursor()).toBeUndefined();
    const found = await store.orphansNamed('USER', 'ana');
    expect(found).toHaveLength(1);
    expect(found![0]!.assignments.map((a) => a.accountId).sort()).toEqual(['111111111111', '222222222222']);
    expect(await store.orphansNamed('GROUP', 'ana')).toEqual([]);

    // A later scan's orphans replace the earlier scan's once it completes.
    await store.saveOrphans([orphan('333333333333')], 's2');
    expect((await store.orphansNamed('USER', 'ana'))![0]!.assignments).toHaveLength(2);
    await store.markComplete('s2', '2026-11-23T18:05:00.000Z');
    expect((await store.orphansNamed('USER', 'ana'))![0]!.assignments).toEqual([
      { accountId: '333333333333', permissionSetArn: PS },
    ]);

    // The ticket store's own items are untouched by the inventory's.
    expect(await tickets.get('t-1')).toBeUndefined();
    expect(await tickets.principals.findByName('USER', 'ana')).toEqual([]);
  });

  it('keeps each scan’s organisation metadata apart, read by key (never a Scan)', async () => {
    const store = await DynamoInventoryStore.open({ ddb, tableName: 'shared', clock: new ManualClock(T0) });
    const accounts = Array.from({ length: 30 }, (_, i) => ({
      id: String(100000000000 + i),
      name: `a${i}`,
      state: i === 7 ? 'SUSPENDED' : 'ACTIVE',
    }));
    await store.saveAccounts(accounts, 's1');
    await store.saveOrganization({ managementAccountId: '100000000000' }, 's1');
    await store.saveGroups([{ id: 'g1', displayName: 'Engineers', externallyManaged: true }], 's1');
    const set = {
      arn: PS,
      name: 'ReadOnly',
      policies: 'deny-only' as const,
      provisioned: [
        ['100000000001', 'LATEST_PERMISSION_SET_NOT_PROVISIONED'] as [
          string,
          'LATEST_PERMISSION_SET_NOT_PROVISIONED',
        ],
      ],
    };
    await store.savePermissionSet(set, 's1');

    expect(await store.accountIn('s1', '100000000007')).toEqual(accounts[7]);
    expect(await store.accountIn('s1', '100000000029')).toEqual(accounts[29]);
    expect(await store.accountIn('s2', '100000000007')).toBeUndefined();
    expect(await store.organizationIn('s1')).toEqual({ managementAccountId: '100000000000' });
    expect(await store.groupIn('s1', 'g1')).toEqual({
      id: 'g1',
      displayName: 'Engineers',
      externallyManaged: true,
    });
    expect(await store.permissionSetIn('s1', PS)).toEqual(set);
    expect(await store.permissionSetIn('s1', `${PS}x`)).toBeUndefined();
    // Its own completion marker, apart from the orphans' (which the drift scan also completes).
    expect(await store.metadataCompleted()).toBeUndefined();
    await store.markMetadataComplete('s1', '2026-11-23T12:00:00.000Z');
    await store.markComplete('drift-1', '2026-11-23T13:00:00.000Z');
    expect(await store.metadataCompleted()).toEqual({
      scanId: 's1',
      completedAt: '2026-11-23T12:00:00.000Z',
    });
  });
});
