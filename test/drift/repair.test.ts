import { readManagementAccountId, readPermissionSet } from '../../src/aws';
import { DriftRepairFlow, type RepairStatus } from '../../src/drift/repair';
import { reconcile } from '../../src/drift/state';
import { InMemoryDriftStore } from '../../src/drift/store';
import { silentLogger } from '../../src/log/logger';
import type { Snapshot } from '../../src/sandbox/snapshot/schema';
import { InMemoryTicketStore } from '../../src/tickets/memory-store';
import { type GuardrailSettings, judgeFixLive } from '../../src/workflow/guardrails';
import { readSnapshot, SAMPLE_ORG } from '../diagnosis/harness';
import { type DriftWorld, driftWorld } from './harness';

const sample = readSnapshot(SAMPLE_ORG);
const ADMIN_PS = 'arn:aws:sso:::permissionSet/ssoins-6804a1c2e7b93f15/ps-1b5229cd5b50ddd5';
const STAGING = '738215064932';

/** AdministratorAccess outdated in four accounts (one repair for all), staging's provisioning failing. */
function outdatedAdmin(): Snapshot {
  const s = structuredClone(sample);
  for (const p of s.provisionedPermissionSets!)
    if (p.PermissionSetArn === ADMIN_PS && p.AccountId !== '310842756190')
      p.ProvisioningStatus = 'LATEST_PERMISSION_SET_NOT_PROVISIONED';
  return s;
}

describe('a drift repair: one approval, every target, partial failure and a retry of the rest', () => {
  let world: DriftWorld;
  afterEach(() => world.close());

  /** No protected account but the management account, every permission set allowed, no second approver. */
  const OPEN: GuardrailSettings = { protectedAccountIds: [], twoApproverPattern: '' };

  async function setUp(snapshot: Snapshot, guardrails: GuardrailSettings = OPEN) {
    world = await driftWorld(snapshot);
    world.sandbox.setFaults({
      provisioningDelayMs: 100,
      failProvisioning: { [STAGING]: 'Account is being moved' },
    });
    const drifts = new InMemoryDriftStore();
    const tickets = new InMemoryTicketStore(world.clock);
    const statuses: RepairStatus['kind'][] = [];
    const flow = new DriftRepairFlow({
      tickets,
      drifts,
      isApprover: async (id) => id === 'U0TOMAS' || id === 'U0IRENE',
      identifierOf: async (id) =>
        id === 'U0TOMAS' ? 'tomas.lindqvist@northwind.example' : 'irene.kowalczyk@northwind.example',
      reader: world.clients,
      writer: async () => world.clients,
      guard: (fix) =>
        judgeFixLive(fix, guardrails, {
          managementAccountId: () => readManagementAccountId(world.clients),
          permissionSet: (instanceArn, arn, withTags) =>
            readPermissionSet(world.clients, instanceArn, arn, withTags),
        }),
      accounts: async () => ({ managementAccountId: '310842756190', callerAccountId: '310842756190' }),
      clock: world.clock,
      sleep: async (ms) => world.clock.advance(ms),
      poll: { initialMs: 100, maxIntervalMs: 1000, totalMs: 60_000 },
      logger: silentLogger(),
      approvalExpiryHours: 24,
      onChange: async (_t, _r, status) => {
        statuses.push(status.kind);
      },
    });
    const run = await world.scan();
    if (!run.done) throw new Error('scan stopped');
    await reconcile(drifts, run.report, new Date(world.clock.now()).toISOString());
    const record = (await drifts.all()).find(
      (r) => r.drift.kind === 'permission-set-outdated' && r.drift.permissionSet?.arn === ADMIN_PS,
    )!;
    const ticket = (await flow.request(record, world.options().instance.IdentityStoreId))!;
    return { flow, tickets, drifts, ticket, record, statuses };
  }

  it('refuses the person whose access it changes, repairs the others, and retries only staging', async () => {
    const { flow, tickets, ticket, statuses } = await setUp(outdatedAdmin());
    expect(ticket.state).toBe('awaiting-approval');
    const fix = ticket.approval!.fix;
    expect(fix.fix === 'provision-permission-set' && fix.targets?.length).toBe(4);
    // Tomás is in Platform, which holds AdministratorAccess: it is his own access.
    expect(await flow.approve(ticket.id, 'U0TOMAS')).toMatch(/your own access/);

    expect(await flow.approve(ticket.id, 'U0IRENE')).toBeUndefined();
    const failed = (await tickets.get(ticket.id))!;
    expect(failed.state).toBe('fix-failed');
    expect(failed.fixRun?.failureReason).toBe(
      `1 of 4 targets failed (the others are done): account ${STAGING}: Account is being moved`,
    );
    expect(failed.drift?.retry).toEqual({ ...fix, accountId: STAGING, targets: undefined });
    expect(statuses).toEqual(['fixing', 'failed']);
    expect(world.sandbox.state.provisioned.get(`856431207719|${ADMIN_PS}`)).toBe(
      'LATEST_PERMISSION_SET_PROVISIONED',
    );
    expect(await flow.approve(ticket.id, 'U0IRENE')).toMatch(/Already approved/);

    world.sandbox.setFaults({ provisioningDelayMs: 100 });
    world.sandbox.resetCalls();
    expect(await flow.retry(ticket.id, 'U0IRENE')).toBeUndefined();
    expect((await tickets.get(ticket.id))!.state).toBe('resolved');
    expect(world.sandbox.calls({ operation: 'ProvisionPermissionSet' })).toHaveLength(1);
    expect(world.sandbox.state.provisioned.get(`${STAGING}|${ADMIN_PS}`)).toBe(
      'LATEST_PERMISSION_SET_PROVISIONED',
    );
    expect(statuses).toEqual(['fixing', 'failed', 'fixing', 'resolved']);
    expect(
      (await tickets.auditOf(ticket.id)).map((e) => e.action).filter((a) => !a.startsWith('fix-step')),
    ).toEqual([
      'created',
      'diagnosed',
      'approval-requested',
      'approved',
      'fix-started',
      'fix-failed',
      'retry-requested',
      'approved',
      'fix-started',
      'resolved',
    ]);
  });

  it('keeps to the guardrails at the moment of approval: a protected account is refused before any write', async () => {
    const { flow, tickets, ticket } = await setUp(outdatedAdmin(), {
      ...OPEN,
      protectedAccountIds: [STAGING],
    });
    world.sandbox.resetCalls();
    expect(await flow.approve(ticket.id, 'U0IRENE')).toBe(
      `No fix may change access in account ${STAGING}: it is a protected account in this deployment. Make this change by hand if it is really needed. Nothing was changed.`,
    );
    expect((await tickets.get(ticket.id))!.state).toBe('awaiting-approval');
    expect(world.sandbox.calls({ operation: 'ProvisionPermissionSet' })).toHaveLength(0);
  });

  it('needs a second, different approver for an administrator-like permission set', async () => {
    const { flow, tickets, ticket } = await setUp(outdatedAdmin(), { ...OPEN, twoApproverPattern: 'admin' });
    world.sandbox.resetCalls();
    expect(await flow.approve(ticket.id, 'U0IRENE')).toMatch(/a second approver has to approve it too/);
    expect(await flow.approve(ticket.id, 'U0IRENE')).toMatch(/a second, different approver/);
    const after = (await tickets.get(ticket.id))!;
    expect(after.state).toBe('awaiting-approval');
    expect(after.approval?.firstApproval?.by).toBe('U0IRENE');
    expect(world.sandbox.calls({ operation: 'ProvisionPermissionSet' })).toHaveLength(0);
  });

  it('expires a repair nobody approved in time', async () => {
    const { flow, tickets, ticket, statuses } = await setUp(outdatedAdmin());
    world.clock.advance(25 * 3600_000);
    expect(await flow.sweep()).toEqual({ expired: 1, resumed: 0 });
    expect((await tickets.get(ticket.id))!.state).toBe('expired');
    expect(statuses).toEqual(['expired']);
  });
});
