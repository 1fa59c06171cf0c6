import {
  collectPages,
  paginateListAccountAssignments,
  paginateListPermissionSetsProvisionedToAccount,
} from '../../src/aws';
import type { FixProposal } from '../../src/diagnosis/types';
import { EXECUTORS, plannedActions } from '../../src/fixes';
import { describeFix } from '../../src/fixes/dry-run';
import {
  ACCOUNT,
  expectLeastPrivilege,
  type FixWorld,
  INSTANCE_ARN,
  PS,
  startFixWorld,
  USER,
} from './harness';

type ProvisionFix = Extract<FixProposal, { fix: 'provision-permission-set' }>;

const provision = EXECUTORS['provision-permission-set'];
const repoint = EXECUTORS['repoint-assignments'];

/** ReadOnly to three accounts in one approval: outdated on dev, missing on management, fine on prod. */
const ALL: ProvisionFix = {
  fix: 'provision-permission-set',
  instanceArn: INSTANCE_ARN,
  accountId: ACCOUNT.dev,
  permissionSetArn: PS.readOnly,
  targets: [
    { accountId: ACCOUNT.dev, permissionSetArn: PS.readOnly },
    { accountId: ACCOUNT.management, permissionSetArn: PS.readOnly },
    { accountId: ACCOUNT.prod, permissionSetArn: PS.readOnly },
  ],
};

async function latestOn(world: FixWorld, accountId: string): Promise<string[]> {
  const { items } = await collectPages(
    paginateListPermissionSetsProvisionedToAccount,
    { client: world.other.ssoAdmin },
    {
      InstanceArn: INSTANCE_ARN,
      AccountId: accountId,
      ProvisioningStatus: 'LATEST_PERMISSION_SET_PROVISIONED',
    },
    (p) => p.PermissionSets,
  );
  return items;
}

describe('one approval, many targets', () => {
  let world: FixWorld;
  afterEach(async () => {
    expectLeastPrivilege(world);
    await world.close();
  });

  it('provisions every target that needs it, a few at a time, each write recorded and followed', async () => {
    world = await startFixWorld({ ctx: { concurrency: 3 } });
    expect(await provision.precondition(ALL, {}, world.ctx)).toEqual({ kind: 'ok' });
    expect(await provision.apply(ALL, {}, world.ctx, [])).toEqual({ kind: 'succeeded' });
    for (const account of [ACCOUNT.dev, ACCOUNT.management, ACCOUNT.prod])
      expect(await latestOn(world, account)).toContain(PS.readOnly);
    // prod already had the latest version: no write there.
    expect(world.count('ProvisionPermissionSet')).toBe(2);
    const byAction = new Map<string, string[]>();
    for (const s of world.steps) byAction.set(s.action, [...(byAction.get(s.action) ?? []), s.status]);
    expect(Object.fromEntries(byAction)).toEqual({
      [plannedActions(ALL)[0]!]: ['started', 'succeeded'],
      [plannedActions(ALL)[1]!]: ['started', 'succeeded'],
    });
  });

  it('reports a failed target by name, finishes the others, and retries only the failed one', async () => {
    const reason =
      'Received a 404 status error: Policy team-boundary does not exist in account 111111111111.';
    world = await startFixWorld({
      ctx: { concurrency: 3 },
      faults: { failProvisioning: { [ACCOUNT.management]: reason } },
    });
    const outcome = await provision.apply(ALL, {}, world.ctx, []);
    expect(outcome).toEqual({
      kind: 'failed',
      reason: `1 of 3 targets failed (the others are done): account ${ACCOUNT.management}: ${reason}`,
      retry: {
        fix: 'provision-permission-set',
        instanceArn: INSTANCE_ARN,
        accountId: ACCOUNT.management,
        permissionSetArn: PS.readOnly,
      },
    });
    expect(await latestOn(world, ACCOUNT.dev)).toContain(PS.readOnly);

    const retry = outcome.kind === 'failed' ? outcome.retry : undefined;
    world.sandbox.setFaults({});
    world.sandbox.resetCalls();
    expect(await provision.apply(retry as ProvisionFix, {}, world.ctx, [])).toEqual({ kind: 'succeeded' });
    expect(world.count('ProvisionPermissionSet')).toBe(1);
    expect(await latestOn(world, ACCOUNT.management)).toContain(PS.readOnly);
  });

  it('is done, with no write, when every target already has the latest version', async () => {
    world = await startFixWorld({ ctx: { concurrency: 3 } });
    const fine: ProvisionFix = {
      ...ALL,
      accountId: ACCOUNT.prod,
      targets: [
        { accountId: ACCOUNT.prod, permissionSetArn: PS.readOnly },
        { accountId: ACCOUNT.dev, permissionSetArn: PS.admin },
      ],
    };
    expect(await provision.precondition(fine, {}, world.ctx)).toEqual({
      kind: 'done',
      reason: 'The latest version is already provisioned to all 2 accounts.',
    });
  });

  it('repoints every stale assignment in parallel, never deleting before its replacement exists', async () => {
    world = await startFixWorld({
      ctx: { concurrency: 4 },
      edit: (s) => {
        s.accountAssignments?.push({
          AccountId: ACCOUNT.prod,
          PermissionSetArn: PS.admin,
          PrincipalType: 'USER',
          PrincipalId: USER.deleted,
        });
      },
    });
    const fix: FixProposal = {
      fix: 'repoint-assignments',
      instanceArn: INSTANCE_ARN,
      principalType: 'USER',
      newPrincipalId: USER.carol,
      lastKnownName: 'carol@example.com',
      stale: [
        { accountId: ACCOUNT.dev, permissionSetArn: PS.readOnly, principalId: USER.deleted },
        { accountId: ACCOUNT.prod, permissionSetArn: PS.admin, principalId: USER.deleted },
      ],
    };
    expect(await repoint.apply(fix, {}, world.ctx, [])).toEqual({ kind: 'succeeded' });
    for (const s of fix.stale) {
      const { items } = await collectPages(
        paginateListAccountAssignments,
        { client: world.other.ssoAdmin },
        { InstanceArn: INSTANCE_ARN, AccountId: s.accountId, PermissionSetArn: s.permissionSetArn },
        (p) => p.AccountAssignments,
      );
      expect(items.map((a) => a.PrincipalId)).toContain(USER.carol);
      expect(items.map((a) => a.PrincipalId)).not.toContain(USER.deleted);
    }
    for (const s of fix.stale) {
      const order = world.steps
        .filter((st) => st.action.includes(`account=${s.accountId} permissionSet=${s.permissionSetArn}`))
        .map((st) => `${st.action.split(' ')[0]} ${st.status}`);
      expect(order).toEqual([
        'sso:CreateAccountAssignment started',
        'sso:CreateAccountAssignment succeeded',
        'sso:DeleteAccountAssignment started',
        'sso:DeleteAccountAssignment succeeded',
      ]);
    }
  });
});

describe('a 45-assignment repair, approved once', () => {
  let world: FixWorld;
  afterEach(async () => {
    expectLeastPrivilege(world);
    await world.close();
  });

  it('repoints all 45 stale assignments a few at a time, each created before its stale one is deleted', async () => {
    const accounts = Array.from({ length: 15 }, (_, i) => String(500000000000 + i));
    const stale = accounts.flatMap((accountId) =>
      [PS.readOnly, PS.admin, PS.billing].map((permissionSetArn) => ({ accountId, permissionSetArn })),
    );
    world = await startFixWorld({
      ctx: { concurrency: 5 },
      edit: (s) => {
        s.organization!.accounts!.push(
          ...accounts.map((Id, i) => ({
            Id,
            Name: `team-${i}`,
            Email: `t${i}@example.com`,
            State: 'ACTIVE' as const,
          })),
        );
        s.accountAssignments!.push(
          ...stale.map((a) => ({
            AccountId: a.accountId,
            PermissionSetArn: a.permissionSetArn,
            PrincipalType: 'USER' as const,
            PrincipalId: USER.deleted,
          })),
        );
      },
    });
    const fix: FixProposal = {
      fix: 'repoint-assignments',
      instanceArn: INSTANCE_ARN,
      principalType: 'USER',
      newPrincipalId: USER.carol,
      lastKnownName: 'carol@example.com',
      stale: stale.map((a) => ({ ...a, principalId: USER.deleted })),
    };
    expect(plannedActions(fix)).toHaveLength(90);
    expect(await repoint.apply(fix, {}, world.ctx, [])).toEqual({ kind: 'succeeded' });
    expect(world.count('CreateAccountAssignment')).toBe(45);
    expect(world.count('DeleteAccountAssignment')).toBe(45);
    for (const a of stale) {
      const key = (p: string) => ({
        AccountId: a.accountId,
        PermissionSetArn: a.permissionSetArn,
        PrincipalType: 'USER' as const,
        PrincipalId: p,
      });
      expect(world.sandbox.state.hasAssignment(key(USER.carol))).toBe(true);
      expect(world.sandbox.state.hasAssignment(key(USER.deleted))).toBe(false);
    }
    // Every write recorded as started and then succeeded, one step each.
    expect(world.steps.filter((s) => s.status === 'succeeded')).toHaveLength(90);
    expect(world.steps.filter((s) => s.status === 'started')).toHaveLength(90);
    for (const a of stale) {
      const at = (verb: string, status: string) =>
        world.steps.findIndex(
          (s) =>
            s.status === status &&
            s.action.startsWith(
              `sso:${verb}AccountAssignment account=${a.accountId} permissionSet=${a.permissionSetArn} `,
            ),
        );
      expect(at('Create', 'succeeded')).toBeGreaterThanOrEqual(0);
      expect(at('Create', 'succeeded')).toBeLessThan(at('Delete', 'started'));
    }
  });
});

describe('the dry run of a multi-target fix', () => {
  it('the dry run lists every target and names every production account in the risk note', () => {
    const dry = describeFix(
      ALL,
      {},
      {
        managementAccountId: ACCOUNT.management,
        accountNames: { [ACCOUNT.dev]: 'dev', [ACCOUNT.management]: 'management', [ACCOUNT.prod]: 'prod' },
        permissionSetName: 'ReadOnly',
      },
    );
    expect(dry.lines.filter((l) => /^Target \d/.test(l.label))).toHaveLength(3);
    expect(dry.lines[2]).toEqual({
      label: 'Target 3',
      value: `prod (${ACCOUNT.prod}), ReadOnly (${PS.readOnly})`,
    });
    expect(dry.risks).toEqual([
      'This changes access in the management account, which controls the whole organization.',
      'This grants or changes access to a production account.',
    ]);
  });
});
