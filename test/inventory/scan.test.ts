import { type AwsClients, createAwsClients } from '../../src/aws';
import { InMemoryPrincipalMemory } from '../../src/diagnosis/facts/principal-memory';
import { InMemoryInventoryStore } from '../../src/inventory/inventory-store';
import { type InventoryScanSummary, runInventoryScan } from '../../src/inventory/scan';
import { ManualClock } from '../../src/lib/clock';
import { SandboxAws } from '../../src/sandbox/emulator/server';
import { knownPrincipalsOf } from '../../src/sandbox/snapshot/known-principals';
import { diagnoseIn, readSnapshot, SAMPLE_ORG } from '../diagnosis/harness';

const snapshot = readSnapshot(SAMPLE_ORG);
const instance = {
  InstanceArn: 'arn:aws:sso:::instance/ssoins-6804a1c2e7b93f15',
  IdentityStoreId: 'd-93670c4a1e',
};
const users = snapshot.identityStore?.users ?? [];
const groups = snapshot.identityStore?.groups ?? [];
const ELENA = 'elena.rossi@northwind.example';
const OLD_ELENA = '27c09217-2414-4e64-93fc-3c544f8f116a';
const OLD_INTERNS = '06d9f816-097a-490d-8991-2aa432839b23';
const ps = (id: string) => `arn:aws:sso:::permissionSet/ssoins-6804a1c2e7b93f15/${id}`;

interface World {
  sandbox: SandboxAws;
  clients: AwsClients;
  clock: ManualClock;
  memory: InMemoryPrincipalMemory;
  store: InMemoryInventoryStore;
  scan(limits?: { maxCalls?: number; budgetMs?: number }): Promise<InventoryScanSummary>;
  count(operation: string): number;
}

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) {
    w.clients.destroy();
    await w.sandbox.close();
  }
});

async function world(): Promise<World> {
  const clock = new ManualClock(Date.parse(snapshot.now!));
  const sandbox = new SandboxAws(snapshot, { clock });
  const endpoint = await sandbox.listen();
  const clients = createAwsClients({
    region: snapshot.region ?? 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    quotaShare: 1,
    rates: { sso: 10_000, identitystore: 10_000, cloudtrail: 10_000, organizations: 10_000, sts: 10_000 },
    maxAttempts: 2,
  });
  const memory = new InMemoryPrincipalMemory();
  const store = new InMemoryInventoryStore();
  // The "previous scan": what the bot knew before (including the ids since deleted).
  await store.rememberNames(knownPrincipalsOf(snapshot));
  const w: World = {
    sandbox,
    clients,
    clock,
    memory,
    store,
    scan: (limits = {}) => runInventoryScan({ clients, instance, memory, store, clock, ...limits }),
    count: (operation) => sandbox.calls({ operation }).length,
  };
  worlds.push(w);
  return w;
}

describe('runInventoryScan', () => {
  it("records every user and group and finds Elena's (and a deleted group's) orphaned assignments", async () => {
    const w = await world();
    expect(await w.store.orphansNamed('USER', ELENA)).toBeUndefined(); // no scan completed yet

    const summary = await w.scan();
    expect(summary).toMatchObject({ done: true, phase: 'done', orphans: 3, unnamed: 0 });
    expect(summary.principals).toBe(users.length + groups.length);

    for (const u of users) {
      const known = await w.memory.findByName('USER', u.UserName!);
      expect(known.map((k) => k.principalId)).toContain(u.UserId);
    }
    for (const g of groups) {
      expect((await w.memory.findByName('GROUP', g.DisplayName!)).map((k) => k.principalId)).toContain(
        g.GroupId,
      );
    }

    const elena = await w.store.orphansNamed('USER', ELENA);
    expect(elena).toHaveLength(1);
    expect(elena![0]).toMatchObject({
      principalId: OLD_ELENA,
      principalType: 'USER',
      lastKnownName: ELENA,
      lastSeen: '2026-11-11T17:40:00Z',
    });
    expect(elena![0]!.assignments).toEqual(
      expect.arrayContaining([
        { accountId: '856431207719', permissionSetArn: ps('ps-04e2e6106c4d25db') },
        { accountId: '902716384451', permissionSetArn: ps('ps-a318e3b7006092b4') },
      ]),
    );
    expect(elena![0]!.assignments).toHaveLength(2);
    expect((await w.store.orphansNamed('GROUP', 'Interns-2025'))?.map((o) => o.principalId)).toEqual([
      OLD_INTERNS,
    ]);
    // A completed scan answers "nothing orphaned" for everyone else, rather than "unknown".
    expect(await w.store.orphansNamed('GROUP', 'Platform')).toEqual([]);
    expect(await w.store.loadCursor()).toBeUndefined();
  });

  it('stops when maxCalls is spent and resumes to completion without repeating phase 1', async () => {
    const full = await world();
    await full.scan();
    const fullCalls = {
      ListUsers: full.count('ListUsers'),
      ListGroups: full.count('ListGroups'),
      ListPermissionSets: full.count('ListPermissionSets'),
      ListAccountAssignments: full.count('ListAccountAssignments'),
    };

    const w = await world();
    const first = await w.scan({ maxCalls: 3 });
    expect(first).toMatchObject({ done: false, calls: 3 });
    const cursor = await w.store.loadCursor();
    expect(cursor?.scanId).toBe(first.scanId);
    expect(await w.store.orphansNamed('USER', ELENA)).toBeUndefined();

    const runs = [first];
    while (!runs.at(-1)!.done) {
      expect(runs.length).toBeLessThan(200);
      const next = await w.scan({ maxCalls: 3 });
      expect(next.scanId).toBe(first.scanId);
      expect(next.calls).toBeLessThanOrEqual(3);
      runs.push(next);
    }
    expect(runs.length).toBeGreaterThan(2);
    expect(w.count('ListUsers')).toBe(fullCalls.ListUsers);
    expect(w.count('ListGroups')).toBe(fullCalls.ListGroups);
    expect(w.count('ListPermissionSets')).toBe(fullCalls.ListPermissionSets);
    expect(w.count('ListAccountAssignments')).toBe(fullCalls.ListAccountAssignments);
    expect(runs.reduce((n, r) => n + r.orphans, 0)).toBe(3);
    expect((await w.store.orphansNamed('USER', ELENA))?.[0]?.assignments).toHaveLength(2);

    // A budget in time works the same way: nothing is read once it is spent.
    const spent = await w.scan({ budgetMs: 0 });
    expect(spent).toMatchObject({ done: false, calls: 0, phase: 'users' });
  });

  it('lets a diagnosis of Elena find principal-recreated by lookup, with no AWS call about her old id', async () => {
    const w = await world();
    await w.scan();
    const inputs: Array<{ command: string; input: Record<string, unknown> }> = [];
    const record = (clients: AwsClients) => {
      const note = (command: unknown, input: unknown) =>
        inputs.push({ command: String(command), input: input as Record<string, unknown> });
      clients.identityStore.middlewareStack.add(
        (next, context) => async (args) => {
          note(context.commandName, args.input);
          return next(args);
        },
        { step: 'initialize', name: 'recordInputs' },
      );
      clients.ssoAdmin.middlewareStack.add(
        (next, context) => async (args) => {
          note(context.commandName, args.input);
          return next(args);
        },
        { step: 'initialize', name: 'recordInputs' },
      );
    };
    const aboutOldId = () =>
      inputs.filter(
        (c) =>
          (c.command === 'DescribeUserCommand' && c.input.UserId === OLD_ELENA) ||
          (c.command === 'ListAccountAssignmentsForPrincipalCommand' && c.input.PrincipalId === OLD_ELENA),
      );

    const report = await diagnoseIn(snapshot, { user: ELENA }, { inventory: w.store, onClients: record });
    expect(report.primaryCause).toBe('principal-recreated');
    const finding = report.findings.find((f) => f.cause === 'principal-recreated');
    expect(finding?.evidence).toMatchObject({ oldPrincipalId: OLD_ELENA });
    expect(inputs.length).toBeGreaterThan(0);
    expect(aboutOldId()).toEqual([]);

    // Without the inventory, the memory-based path asks AWS about the old id (what the lookup saves).
    inputs.length = 0;
    const fallback = await diagnoseIn(snapshot, { user: ELENA }, { onClients: record });
    expect(fallback.primaryCause).toBe('principal-recreated');
    expect(aboutOldId().length).toBeGreaterThan(0);
  });

  it('records organisation metadata for diagnoses: account states, the management account, groups, and per permission set where it is provisioned and what its policies amount to', async () => {
    const w = await world();
    expect(await w.store.metadataCompleted()).toBeUndefined();
    await w.scan();
    const { scanId } = (await w.store.metadataCompleted())!;

    for (const a of snapshot.organization?.accounts ?? [])
      expect(await w.store.accountIn(scanId, a.Id!)).toEqual({ id: a.Id, name: a.Name, state: a.State });
    expect((await w.store.accountIn(scanId, '187624590317'))?.state).toBe('SUSPENDED');
    expect(await w.store.organizationIn(scanId)).toEqual({
      managementAccountId: snapshot.organization?.managementAccountId,
    });
    for (const g of groups)
      expect(await w.store.groupIn(scanId, g.GroupId!)).toEqual({
        id: g.GroupId,
        displayName: g.DisplayName,
        externallyManaged: (g.ExternalIds?.length ?? 0) > 0,
      });

    const policies: Record<string, string> = {};
    for (const set of snapshot.permissionSets ?? []) {
      const recorded = await w.store.permissionSetIn(scanId, set.PermissionSetArn!);
      policies[set.Name!] = recorded!.policies;
      expect(recorded!.name).toBe(set.Name);
      const expected = (snapshot.provisionedPermissionSets ?? [])
        .filter((p) => p.PermissionSetArn === set.PermissionSetArn)
        .map((p) => [p.AccountId, p.ProvisioningStatus ?? 'LATEST_PERMISSION_SET_PROVISIONED']);
      expect([...recorded!.provisioned].sort()).toEqual(expected.sort());
    }
    // The same rules as the permission-set-empty and permission-set-deny-only checks.
    expect(policies).toMatchObject({
      AdministratorAccess: 'allows',
      DataEngineer: 'allows',
      Onboarding: 'empty',
      ContractorRestricted: 'deny-only',
    });
    // No check uses the boundary, so the scan does not read it either.
    expect(w.count('GetPermissionsBoundaryForPermissionSet')).toBe(0);
  });

  it("keeps an interrupted scan's metadata out of sight until the scan completes", async () => {
    const w = await world();
    const first = await w.scan({ maxCalls: 3 });
    expect(first.done).toBe(false);
    expect(await w.store.metadataCompleted()).toBeUndefined();
    let run = first;
    while (!run.done) run = await w.scan({ maxCalls: 3 });
    const { scanId } = (await w.store.metadataCompleted())!;
    expect(scanId).toBe(first.scanId);
    expect((await w.store.accountIn(scanId, '187624590317'))?.state).toBe('SUSPENDED');
    expect(
      (
        await Promise.all(
          (snapshot.permissionSets ?? []).map((p) => w.store.permissionSetIn(scanId, p.PermissionSetArn!)),
        )
      ).every((r) => r !== undefined),
    ).toBe(true);
  });

  it('keeps its metadata answering when another writer of the orphans (the drift scan) completes a scan', async () => {
    const w = await world();
    await w.scan();
    const { scanId, completedAt } = (await w.store.metadataCompleted())!;
    await w.store.markComplete('drift-1', '2026-12-05T12:00:00.000Z');

    expect(await w.store.lastCompleted()).toEqual({
      scanId: 'drift-1',
      completedAt: '2026-12-05T12:00:00.000Z',
    });
    expect(await w.store.metadataCompleted()).toEqual({ scanId, completedAt });
    expect((await w.store.accountIn(scanId, '187624590317'))?.state).toBe('SUSPENDED');
  });
});
