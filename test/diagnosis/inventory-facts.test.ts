import { type AwsClients, createAwsClients } from '../../src/aws';
import { generateOrg } from '../../src/bench/generator';
import { diagnose } from '../../src/diagnosis/diagnose';
import { DEFAULT_SETTINGS } from '../../src/diagnosis/facts/facts';
import { InMemoryPrincipalMemory } from '../../src/diagnosis/facts/principal-memory';
import type { DiagnosisReport } from '../../src/diagnosis/types';
import { InMemoryInventoryStore } from '../../src/inventory/inventory-store';
import { resolveInstance } from '../../src/inventory/resolve-instance';
import { runInventoryScan } from '../../src/inventory/scan';
import { type Clock, clockStartingAt, ManualClock } from '../../src/lib/clock';
import { createLogger } from '../../src/log/logger';
import { SandboxAws } from '../../src/sandbox/emulator/server';
import { knownPrincipalsOf } from '../../src/sandbox/snapshot/known-principals';
import type { Snapshot } from '../../src/sandbox/snapshot/schema';
import { readSnapshot, SAMPLE_ORG } from './harness';

// The inventory scan's organisation metadata as a source for the facts, end to end: the real scan and the
// real diagnosis through the SDK clients against the emulator, counted by the emulator's call log.

/** The reads the inventory stands in for when it is fresh and says all is well. */
const PER_ACCOUNT_AND_SET = [
  'DescribeAccount',
  'DescribeOrganization',
  'ListPermissionSetsProvisionedToAccount',
  'GetInlinePolicyForPermissionSet',
  'ListManagedPoliciesInPermissionSet',
  'ListCustomerManagedPolicyReferencesInPermissionSet',
  'DescribePermissionSet',
  'DescribeGroup',
];

interface World {
  snapshot: Snapshot;
  sandbox: SandboxAws;
  clients: AwsClients;
  clock: Clock;
  store: InMemoryInventoryStore;
  logLines: Array<{ msg?: string; [key: string]: unknown }>;
  scan(clock?: Clock): Promise<void>;
  diagnose(user: string, options?: { inventory?: boolean; maxAgeMinutes?: number }): Promise<DiagnosisReport>;
  count(operation: string): number;
}

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) {
    w.clients.destroy();
    await w.sandbox.close();
  }
});

/** `store`: an inventory scanned earlier (of the organisation as it was then). */
async function world(snapshot: Snapshot, store = new InMemoryInventoryStore()): Promise<World> {
  const clock = clockStartingAt(Date.parse(snapshot.now!));
  const sandbox = new SandboxAws(snapshot, { clock });
  const endpoint = await sandbox.listen();
  const region = snapshot.region ?? 'us-east-1';
  const clients = createAwsClients({
    region,
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    quotaShare: 1,
    rates: { sso: 10_000, identitystore: 10_000, cloudtrail: 10_000, organizations: 10_000, sts: 10_000 },
    maxAttempts: 2,
  });
  const logLines: World['logLines'] = [];
  const logger = createLogger({ level: 'info' }, { write: (s: string) => void logLines.push(JSON.parse(s)) });
  const w: World = {
    snapshot,
    sandbox,
    clients,
    clock,
    store,
    logLines,
    async scan(scanClock = clock) {
      const resolution = await resolveInstance(clients, region, undefined);
      if (resolution.kind !== 'found') throw new Error(resolution.kind);
      const summary = await runInventoryScan({
        clients,
        instance: resolution.instance,
        memory: new InMemoryPrincipalMemory(),
        store,
        clock: scanClock,
      });
      expect(summary.done).toBe(true);
    },
    async diagnose(user, { inventory = true, maxAgeMinutes = 60 } = {}) {
      sandbox.resetCalls();
      return diagnose(
        { user },
        {
          clients,
          clock,
          memory: new InMemoryPrincipalMemory(knownPrincipalsOf(snapshot)),
          logger,
          ...(inventory ? { organizationInventory: store } : {}),
          settings: {
            ...DEFAULT_SETTINGS,
            region,
            provisioningReads: 'cheaper',
            inventoryMaxAgeMinutes: maxAgeMinutes,
          },
        },
      );
    },
    count: (operation) => sandbox.calls({ operation }).length,
  };
  worlds.push(w);
  return w;
}

/** What a report concludes, without timings, call counts and its sources. */
const verdict = (r: DiagnosisReport) => ({
  primaryCause: r.primaryCause,
  findings: r.findings,
  checks: r.checks.map((c) => ({ id: c.id, status: c.status })),
  coverage: r.coverage,
});

describe('the inventory as a source of organisation metadata', () => {
  const org = generateOrg('S');
  const person = org.people[0]!;
  const [unprovisioned] = person.unprovisioned;

  it('answers from a fresh inventory without the per-account reads, confirms live only the unprovisioned pair, and concludes the same', async () => {
    const w = await world(org.snapshot);
    const live = await w.diagnose(person.userName, { inventory: false });
    expect(live.stats.inventoryAt).toBeNull();
    expect(w.count('DescribeAccount')).toBeGreaterThan(0);

    await w.scan();
    const completed = await w.store.metadataCompleted();
    const fresh = await w.diagnose(person.userName);

    expect(fresh.stats.inventoryAt).toBe(completed!.completedAt);
    for (const operation of PER_ACCOUNT_AND_SET)
      expect([operation, w.count(operation)]).toEqual([operation, 0]);
    // The one pair the inventory found not provisioned is read live: one listing of where its permission
    // set is provisioned (the account is not there).
    const confirmations = w.sandbox.calls({ operation: 'ListAccountsForProvisionedPermissionSet' });
    expect(confirmations).toHaveLength(1);
    expect(fresh.primaryCause).toBe('permission-set-not-provisioned');
    expect(fresh.findings[0]!.context).toMatchObject({
      accountId: unprovisioned!.accountId,
      permissionSetArn: unprovisioned!.permissionSetArn,
    });
    expect(verdict(fresh)).toEqual(verdict(live));
  });

  it('falls back to live reads, and logs why, when the last scan is older than the limit', async () => {
    const w = await world(org.snapshot);
    // A scan that completed two hours ago.
    await w.scan(new ManualClock(Date.parse(org.snapshot.now!) - 2 * 3600_000));
    const report = await w.diagnose(person.userName, { maxAgeMinutes: 60 });

    expect(report.stats.inventoryAt).toBeNull();
    expect(w.count('DescribeAccount')).toBe(new Set(person.pairs.map((p) => p.accountId)).size);
    expect(w.count('DescribeOrganization')).toBe(1);
    expect(w.count('GetInlinePolicyForPermissionSet')).toBe(
      new Set(person.pairs.map((p) => p.permissionSetArn)).size,
    );
    expect(report.primaryCause).toBe('permission-set-not-provisioned');
    expect(w.logLines.filter((l) => l.msg?.startsWith('inventory scan older than the limit'))).toHaveLength(
      1,
    );
  });

  it('falls back, and logs it, when no scan has completed', async () => {
    const w = await world(org.snapshot);
    const report = await w.diagnose(person.userName);
    expect(report.stats.inventoryAt).toBeNull();
    expect(w.count('DescribeAccount')).toBeGreaterThan(0);
    expect(w.logLines.filter((l) => l.msg?.startsWith('no completed inventory scan'))).toHaveLength(1);
  });

  it('lets the live read win when the pair the inventory found unprovisioned has been provisioned since', async () => {
    const then = await world(org.snapshot);
    await then.scan();
    // The pair is provisioned by the time the person asks.
    const provisioned: Snapshot = structuredClone(org.snapshot);
    provisioned.provisionedPermissionSets!.push({
      AccountId: unprovisioned!.accountId,
      PermissionSetArn: unprovisioned!.permissionSetArn,
      ProvisioningStatus: 'LATEST_PERMISSION_SET_PROVISIONED',
    });
    const w = await world(provisioned, then.store);
    const report = await w.diagnose(person.userName);

    // Where it is provisioned (the account is there now), then the two per-state listings (latest or not).
    expect(w.count('ListAccountsForProvisionedPermissionSet')).toBe(3);
    expect(report.findings.map((f) => f.cause)).not.toContain('permission-set-not-provisioned');
    expect(report.checks.find((c) => c.id === 'permission-set-not-provisioned')?.status).toBe('pass');
  });
});

describe('the inventory when it reports a problem', () => {
  const GRETA = 'greta.lindgren@northwind.example';
  const LEGACY = '187624590317';

  it('confirms a suspended account live, and reports it', async () => {
    const w = await world(readSnapshot(SAMPLE_ORG));
    await w.scan();
    const report = await w.diagnose(GRETA);

    expect(w.sandbox.calls({ operation: 'DescribeAccount' }).length).toBe(1);
    const finding = report.findings.find((f) => f.cause === 'account-not-active');
    expect(finding?.evidence).toMatchObject({ state: 'SUSPENDED' });
    expect(report.stats.inventoryAt).not.toBeNull();
  });

  it('lets the live answer win when the inventory says suspended but the account is active now', async () => {
    const snapshot = readSnapshot(SAMPLE_ORG);
    const then = await world(snapshot);
    await then.scan();
    const { scanId } = (await then.store.metadataCompleted())!;
    expect((await then.store.accountIn(scanId, LEGACY))?.state).toBe('SUSPENDED');
    // The inventory saw the account suspended; it is active by the time the person asks.
    const active: Snapshot = structuredClone(snapshot);
    for (const a of active.organization!.accounts!) if (a.Id === LEGACY) a.State = 'ACTIVE';
    const now = await world(active, then.store);
    const report = await now.diagnose(GRETA);

    expect(now.sandbox.calls({ operation: 'DescribeAccount' }).length).toBe(1);
    expect(report.findings.map((f) => f.cause)).not.toContain('account-not-active');
    expect(report.checks.find((c) => c.id === 'account-not-active')?.status).toBe('pass');
  });

  it('reads a permission set live when the inventory says it is empty, and the live policies decide', async () => {
    const org = generateOrg('S');
    const person = org.people[0]!;
    const w = await world(org.snapshot);
    await w.scan();
    const { scanId } = (await w.store.metadataCompleted())!;
    const arn = person.pairs[0]!.permissionSetArn;
    const recorded = await w.store.permissionSetIn(scanId, arn);
    expect(recorded?.policies).toBe('allows');
    await w.store.savePermissionSet({ ...recorded!, policies: 'empty' }, scanId);
    const report = await w.diagnose(person.userName);

    // Only that set's policies are read live: its inline policy is empty, so its attached ones too.
    expect(w.count('GetInlinePolicyForPermissionSet')).toBe(1);
    expect(w.count('ListManagedPoliciesInPermissionSet')).toBe(1);
    expect(w.count('ListCustomerManagedPolicyReferencesInPermissionSet')).toBe(1);
    expect(report.findings.map((f) => f.cause)).not.toContain('permission-set-empty');
    expect(report.checks.find((c) => c.id === 'permission-set-empty')?.status).toBe('pass');
  });
});
