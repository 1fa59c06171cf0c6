import type { Drift, DriftReport } from '../../src/drift/types';
import type { Snapshot } from '../../src/sandbox/snapshot/schema';
import { readSnapshot, SAMPLE_ORG } from '../diagnosis/harness';
import { type DriftWorld, driftWorld } from './harness';

const sample = readSnapshot(SAMPLE_ORG);
const ps = (id: string) => `arn:aws:sso:::permissionSet/ssoins-6804a1c2e7b93f15/${id}`;
const INSTANCE = 'arn:aws:sso:::instance/ssoins-6804a1c2e7b93f15';
const userId = (name: string) =>
  sample.identityStore!.users!.find((u) => u.UserName === `${name}@northwind.example`)!.UserId;

const worlds: DriftWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

async function scan(snapshot: Snapshot): Promise<{ report: DriftReport; world: DriftWorld }> {
  const world = await driftWorld(snapshot);
  worlds.push(world);
  const run = await world.scan();
  if (!run.done) throw new Error('the scan stopped without a budget');
  return { report: run.report, world };
}

/** What the CLI prints of a drift, with the people as user names. */
const brief = (d: Drift) => ({
  kind: d.kind,
  accounts: d.accounts.map((a) => a.name),
  permissionSet: d.permissionSet?.name ?? null,
  principal: d.principal?.name ?? null,
  people: d.affectedUsers.map((u) => u.userName),
});

describe('drift scan on the sample organisation (real SDK clients, the emulator)', () => {
  test('finds each kind of drift, with the people it locks out, and nothing else', async () => {
    const { report } = await scan(sample);
    expect(report.coverage).toEqual({ complete: true, gaps: [] });
    expect(report.drifts.map(brief)).toEqual([
      {
        kind: 'principal-recreated',
        accounts: ['prod-eu', 'prod-us'],
        permissionSet: null,
        principal: 'elena.rossi@northwind.example',
        people: ['elena.rossi@northwind.example'],
      },
      {
        kind: 'permission-set-not-provisioned',
        accounts: ['prod-us'],
        permissionSet: 'BillingViewer',
        principal: null,
        people: ['sofia.brennan@northwind.example'],
      },
      {
        kind: 'provisioning-failed',
        accounts: ['data-analytics'],
        permissionSet: 'DataEngineer',
        principal: null,
        people: ['yusuf.adeyemi@northwind.example'],
      },
      {
        kind: 'permission-set-outdated',
        accounts: ['data-lake'],
        permissionSet: 'DataScientist',
        principal: null,
        people: ['amir.haddad@northwind.example'],
      },
      {
        kind: 'account-not-active',
        accounts: ['legacy-billing'],
        permissionSet: 'BillingViewer',
        principal: null,
        people: ['greta.lindgren@northwind.example'],
      },
      {
        kind: 'permission-set-empty',
        accounts: ['sandbox'],
        permissionSet: 'Onboarding',
        principal: null,
        people: ['milo.petrov@northwind.example'],
      },
    ]);
  });

  test('proposes one fix per drift that covers all of it', async () => {
    const { report } = await scan(sample);
    const byKind = (kind: Drift['kind']) => report.drifts.filter((d) => d.kind === kind).map((d) => d.fix);
    expect(byKind('principal-recreated')).toEqual([
      {
        fix: 'repoint-assignments',
        instanceArn: INSTANCE,
        principalType: 'USER',
        newPrincipalId: userId('elena.rossi'),
        lastKnownName: 'elena.rossi@northwind.example',
        stale: [
          {
            accountId: '856431207719',
            permissionSetArn: ps('ps-04e2e6106c4d25db'),
            principalId: '27c09217-2414-4e64-93fc-3c544f8f116a',
          },
          {
            accountId: '902716384451',
            permissionSetArn: ps('ps-a318e3b7006092b4'),
            principalId: '27c09217-2414-4e64-93fc-3c544f8f116a',
          },
        ],
      },
    ]);
    expect(byKind('permission-set-outdated')).toEqual([
      {
        fix: 'provision-permission-set',
        instanceArn: INSTANCE,
        accountId: '215938470682',
        permissionSetArn: ps('ps-34b9672b7041036e'),
      },
    ]);
    expect(byKind('account-not-active')).toEqual([null]);
    expect(byKind('permission-set-empty')).toEqual([null]);
    const failed = report.drifts.find((d) => d.kind === 'provisioning-failed')!;
    expect(failed.since).toBe('2026-11-23T08:14:37.000Z');
    expect(failed.summary).toContain('Policy not found');
  });

  test('an outdated permission set in many accounts is one drift with one fix for every account', async () => {
    const snapshot = structuredClone(sample);
    for (const p of snapshot.provisionedPermissionSets!)
      if (p.PermissionSetArn === ps('ps-1b5229cd5b50ddd5') && p.AccountId !== '310842756190')
        p.ProvisioningStatus = 'LATEST_PERMISSION_SET_NOT_PROVISIONED';
    const { report } = await scan(snapshot);
    const admin = report.drifts.find(
      (d) => d.kind === 'permission-set-outdated' && d.permissionSet?.name === 'AdministratorAccess',
    )!;
    expect(admin.accounts.map((a) => a.name)).toEqual(
      ['shared-services', 'staging', 'prod-eu', 'prod-us'].sort((a, b) => {
        const id = (n: string) => sample.organization!.accounts!.find((x) => x.Name === n)!.Id;
        return id(a).localeCompare(id(b));
      }),
    );
    expect(admin.affectedUsers.map((u) => u.userName)).toEqual(['tomas.lindqvist@northwind.example']);
    expect(admin.fix).toEqual({
      fix: 'provision-permission-set',
      instanceArn: INSTANCE,
      accountId: admin.accounts[0]!.id,
      permissionSetArn: ps('ps-1b5229cd5b50ddd5'),
      targets: admin.accounts.map((a) => ({ accountId: a.id, permissionSetArn: ps('ps-1b5229cd5b50ddd5') })),
    });
  });

  test('a pair AWS is working on is not a drift, and becomes one when nothing is running', async () => {
    // Hannah's SecurityAudit assignment is still being created (IN_PROGRESS) in the sample.
    const running = await scan(sample);
    expect(running.report.drifts.some((d) => d.permissionSet?.name === 'SecurityAudit')).toBe(false);
    const snapshot = structuredClone(sample);
    snapshot.accountAssignmentCreationStatuses = [];
    const { report } = await scan(snapshot);
    expect(report.drifts.filter((d) => d.permissionSet?.name === 'SecurityAudit').map(brief)).toEqual([
      {
        kind: 'permission-set-not-provisioned',
        accounts: ['security-audit'],
        permissionSet: 'SecurityAudit',
        principal: null,
        people: ['hannah.okafor@northwind.example'],
      },
    ]);
  });

  test('a healthy organisation has no drift, and says its coverage is complete', async () => {
    const snapshot: Snapshot = {
      now: sample.now!,
      region: sample.region!,
      instances: sample.instances!,
      identityStore: {
        users: sample.identityStore!.users!.filter((u) => u.UserName === 'marcus.webb@northwind.example'),
      },
      organization: sample.organization!,
      permissionSets: sample.permissionSets!.filter((p) => p.Name === 'ReadOnly'),
      accountAssignments: sample.accountAssignments!.filter((a) => a.PrincipalId === userId('marcus.webb')),
      provisionedPermissionSets: [
        {
          AccountId: '902716384451',
          PermissionSetArn: ps('ps-a318e3b7006092b4'),
          ProvisioningStatus: 'LATEST_PERMISSION_SET_PROVISIONED',
        },
      ],
    };
    const { report } = await scan(snapshot);
    expect(report.drifts).toEqual([]);
    expect(report.coverage).toEqual({ complete: true, gaps: [] });
  });
});

describe('coverage: a read that was refused is a gap, never a pass', () => {
  test('no Organizations: account-not-active is not judged and says why', async () => {
    const snapshot = structuredClone(sample);
    snapshot.faults = { deny: ['organizations:ListAccounts'] };
    const { report } = await scan(snapshot);
    expect(report.drifts.some((d) => d.kind === 'account-not-active')).toBe(false);
    expect(report.coverage.complete).toBe(false);
    expect(report.coverage.gaps).toEqual([
      {
        check: 'account-not-active',
        reason:
          "the bot may not list the accounts of the organisation: grant organizations:ListAccounts to the bot's read-only role",
      },
    ]);
  });

  test('no per-principal listing: the kinds that need every assignment say they are incomplete', async () => {
    const snapshot = structuredClone(sample);
    snapshot.faults = { deny: ['sso:ListAccountAssignmentsForPrincipal'] };
    const { report } = await scan(snapshot);
    // Sofia's and Hannah's assignments are visible only per principal (their pairs are not provisioned).
    expect(report.drifts.some((d) => d.kind === 'permission-set-not-provisioned')).toBe(false);
    expect(report.coverage.complete).toBe(false);
    expect(report.coverage.gaps.map((g) => g.check).sort()).toEqual(
      [
        'account-not-active',
        'permission-set-empty',
        'permission-set-not-provisioned',
        'permission-set-outdated',
        'principal-recreated',
        'provisioning-failed',
      ].sort(),
    );
    expect(report.coverage.gaps[0]!.reason).toMatch(
      /grant sso:ListAccountAssignmentsForPrincipal .*\(\d+ times\)$/,
    );
  });

  test('no user listing: nobody is taken for deleted', async () => {
    const snapshot = structuredClone(sample);
    snapshot.faults = { deny: ['identitystore:ListUsers'] };
    const { report } = await scan(snapshot);
    expect(report.drifts.some((d) => d.kind === 'principal-recreated')).toBe(false);
    expect(report.coverage.gaps.map((g) => g.check)).toContain('principal-recreated');
  });
});

describe('a scan within a budget', () => {
  test('stops, saves its cursor, and the next runs finish with the same drifts', async () => {
    const { report: whole } = await scan(sample);
    const world = await driftWorld(sample);
    worlds.push(world);
    let runs = 0;
    let calls = 0;
    for (;;) {
      runs += 1;
      const run = await world.scan({ maxCalls: 10 });
      calls += run.calls;
      if (run.done) {
        expect(run.report.drifts).toEqual(whole.drifts);
        expect(run.report.coverage).toEqual(whole.coverage);
        expect(run.report.stats.awsCalls).toBe(calls);
        break;
      }
      expect(await world.cursors.loadCursor()).toBeDefined();
      if (runs > 100) throw new Error('the scan never finished');
    }
    expect(runs).toBeGreaterThan(3);
    expect(await world.cursors.loadCursor()).toBeUndefined();
  });

  test('a scan that keeps its own names recognises a user deleted and re-created before the next scan', async () => {
    const { world } = await scan(sample);
    const before = await world.scan({ learnNames: true });
    expect(before.done).toBe(true);
    const marcus = userId('marcus.webb');
    const recreated = structuredClone(sample);
    recreated.knownPrincipals = [];
    const user = recreated.identityStore!.users!.find((u) => u.UserId === marcus)!;
    user.UserId = '0a0a0a0a-0000-4000-8000-00000000beef';
    recreated.identityStore!.memberships = recreated.identityStore!.memberships!.map((m) =>
      m.UserId === marcus ? { ...m, UserId: user.UserId } : m,
    );
    const next = await driftWorld(recreated);
    worlds.push(next);
    const run = await next.scan({ inventory: world.inventory });
    if (!run.done) throw new Error('stopped');
    const drift = run.report.drifts.find(
      (d) => d.kind === 'principal-recreated' && d.principal?.id === marcus,
    );
    expect(drift?.fix).toMatchObject({ fix: 'repoint-assignments', newPrincipalId: user.UserId });
    expect(drift?.affectedUsers).toEqual([
      { userId: user.UserId, userName: 'marcus.webb@northwind.example' },
    ]);
  });

  test('hands the stale assignments to the inventory, as its scan would', async () => {
    const { world } = await scan(sample);
    expect(await world.inventory.orphansNamed('USER', 'elena.rossi@northwind.example')).toEqual([
      expect.objectContaining({
        principalId: '27c09217-2414-4e64-93fc-3c544f8f116a',
        assignments: [
          { accountId: '856431207719', permissionSetArn: ps('ps-04e2e6106c4d25db') },
          { accountId: '902716384451', permissionSetArn: ps('ps-a318e3b7006092b4') },
        ],
      }),
    ]);
  });
});
