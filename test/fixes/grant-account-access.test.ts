import { CreateAccountAssignmentCommand } from '../../src/aws';
import type { FixProposal } from '../../src/diagnosis/types';
import { EXECUTORS, plannedActions } from '../../src/fixes';
import type { ApprovalPicks } from '../../src/tickets/types';
import {
  ACCOUNT,
  expectLeastPrivilege,
  type FixWorld,
  INSTANCE_ARN,
  PS,
  SimulatedCrash,
  shape,
  startFixWorld,
  USER,
  type WorldOptions,
} from './harness';

type GrantFix = Extract<FixProposal, { fix: 'grant-account-access' }>;

const executor = EXECUTORS['grant-account-access'];
const CREATE = 'CreateAccountAssignment';

/** Carol has no assignment at all; the person named no account, so the admin picks both. */
const GRANT: GrantFix = {
  fix: 'grant-account-access',
  instanceArn: INSTANCE_ARN,
  principalType: 'USER',
  principalId: USER.carol,
};
const PICKS: ApprovalPicks = {
  accountId: ACCOUNT.prod,
  permissionSetArn: PS.admin,
  permissionSetName: 'Admin',
};
const TARGET = {
  AccountId: ACCOUNT.prod,
  PermissionSetArn: PS.admin,
  PrincipalType: 'USER' as const,
  PrincipalId: USER.carol,
};
const ACTION = `sso:CreateAccountAssignment account=${ACCOUNT.prod} permissionSet=${PS.admin} principal=USER/${USER.carol}`;

async function createDirectly(world: FixWorld): Promise<string> {
  const out = await world.other.ssoAdmin.send(
    new CreateAccountAssignmentCommand({
      InstanceArn: INSTANCE_ARN,
      TargetType: 'AWS_ACCOUNT',
      TargetId: TARGET.AccountId,
      PermissionSetArn: TARGET.PermissionSetArn,
      PrincipalType: TARGET.PrincipalType,
      PrincipalId: TARGET.PrincipalId,
    }),
  );
  return out.AccountAssignmentCreationStatus!.RequestId!;
}

describe('grant-account-access', () => {
  let world: FixWorld;
  const start = async (options: WorldOptions = {}) => {
    world = await startFixWorld(options);
    return world;
  };
  afterEach(async () => {
    expectLeastPrivilege(world);
    await world.close();
  });

  it('creates the picked assignment, records it before waiting, and ends succeeded', async () => {
    const w = await start();
    expect(w.sandbox.state.hasAssignment(TARGET)).toBe(false);
    expect(await executor.precondition(GRANT, PICKS, w.ctx)).toEqual({ kind: 'ok' });

    expect(await executor.apply(GRANT, PICKS, w.ctx, [])).toEqual({ kind: 'succeeded' });

    expect(w.sandbox.state.hasAssignment(TARGET)).toBe(true);
    expect(w.count(CREATE)).toBe(1);
    const requestId = w.steps[0]!.requestId!;
    expect(shape(w.steps)).toEqual([
      { action: ACTION, requestId, awsRequestId: expect.any(String), status: 'started' },
      { action: ACTION, requestId, awsRequestId: w.steps[0]!.awsRequestId, status: 'succeeded' },
    ]);
    expect(w.sandbox.state.assignmentCreation.get(requestId)?.Status).toBe('SUCCEEDED');
    expect(plannedActions(GRANT, PICKS)).toEqual([ACTION]);
  });

  it("uses the fix's own account and permission set over the admin's picks", async () => {
    const w = await start();
    const fix: GrantFix = { ...GRANT, accountId: ACCOUNT.dev, permissionSetArn: PS.billing };
    expect(await executor.apply(fix, PICKS, w.ctx, [])).toEqual({ kind: 'succeeded' });
    expect(
      w.sandbox.state.hasAssignment({ ...TARGET, AccountId: ACCOUNT.dev, PermissionSetArn: PS.billing }),
    ).toBe(true);
    expect(w.sandbox.state.hasAssignment(TARGET)).toBe(false);
  });

  it.each([
    [{}, 'The approving admin must pick a permission set and an account before access can be given.'],
    [
      { accountId: ACCOUNT.prod },
      'The approving admin must pick a permission set before access can be given.',
    ],
    [{ permissionSetArn: PS.admin }, 'The approving admin must pick an account before access can be given.'],
  ])('refuses when the admin picked %j only', async (picks, reason) => {
    const w = await start();
    expect(await executor.precondition(GRANT, picks, w.ctx)).toEqual({ kind: 'refused', reason });
    expect(await executor.apply(GRANT, picks, w.ctx, [])).toEqual({ kind: 'failed', reason });
    expect(w.count(CREATE)).toBe(0);
    expect(plannedActions(GRANT, picks)).toEqual([]);
  });

  it('refuses an account that is not active', async () => {
    const w = await start();
    const picks = { ...PICKS, accountId: ACCOUNT.suspended };
    const pre = await executor.precondition(GRANT, picks, w.ctx);
    expect(pre).toEqual({ kind: 'refused', reason: expect.stringContaining('is suspended') });
    expect((await executor.apply(GRANT, picks, w.ctx, [])).kind).toBe('failed');
    expect(w.count(CREATE)).toBe(0);
  });

  it('refuses an account outside the organization', async () => {
    const w = await start();
    const picks = { ...PICKS, accountId: '999999999999' };
    expect(await executor.precondition(GRANT, picks, w.ctx)).toEqual({
      kind: 'refused',
      reason: 'Account 999999999999 is not in the organization, so Identity Center cannot give access there.',
    });
  });

  it('refuses a user who no longer exists', async () => {
    const w = await start();
    const fix = { ...GRANT, principalId: USER.deleted };
    expect(await executor.precondition(fix, PICKS, w.ctx)).toEqual({
      kind: 'refused',
      reason: expect.stringContaining(`The user ${USER.deleted} no longer exists`),
    });
    expect((await executor.apply(fix, PICKS, w.ctx, [])).kind).toBe('failed');
    expect(w.count(CREATE)).toBe(0);
  });

  it('refuses the management account when the bot is a delegated administrator', async () => {
    const w = await start({ ctx: { callerAccountId: ACCOUNT.prod } });
    const picks = { ...PICKS, accountId: ACCOUNT.management };
    expect(await executor.precondition(GRANT, picks, w.ctx)).toEqual({
      kind: 'refused',
      reason: expect.stringContaining('delegated administrator'),
    });
  });

  it('is done, with no write, when the user has the assignment and it is provisioned', async () => {
    const w = await start();
    const fix = { ...GRANT, principalId: USER.alice };
    const picks = { accountId: ACCOUNT.prod, permissionSetArn: PS.readOnly };
    expect((await executor.precondition(fix, picks, w.ctx)).kind).toBe('done');
    expect(await executor.apply(fix, picks, w.ctx, [])).toEqual({ kind: 'succeeded' });
    expect(w.count(CREATE)).toBe(0);
  });

  it('is not done when the assignment exists but the permission set is not provisioned there', async () => {
    const w = await start({
      edit: (s) => {
        s.provisionedPermissionSets = s.provisionedPermissionSets?.filter(
          (p) => !(p.AccountId === ACCOUNT.prod && p.PermissionSetArn === PS.readOnly),
        );
      },
    });
    const fix = { ...GRANT, principalId: USER.alice };
    expect(
      await executor.precondition(fix, { accountId: ACCOUNT.prod, permissionSetArn: PS.readOnly }, w.ctx),
    ).toEqual({ kind: 'ok' });
  });

  it('resumes a run that died while waiting by polling its request, never writing again', async () => {
    const w = await start();
    await expect(executor.apply(GRANT, PICKS, w.crashingCtx(), [])).rejects.toBeInstanceOf(SimulatedCrash);
    const recorded = [...w.steps];
    expect(recorded.map((s) => s.status)).toEqual(['started']);

    expect(await executor.apply(GRANT, PICKS, w.ctx, recorded)).toEqual({ kind: 'succeeded' });
    expect(w.count(CREATE)).toBe(1);
    expect(w.steps.map((s) => [s.status, s.requestId])).toEqual([
      ['started', recorded[0]!.requestId],
      ['succeeded', recorded[0]!.requestId],
    ]);
    expect(w.sandbox.state.hasAssignment(TARGET)).toBe(true);
  });

  it('does nothing again when given the steps of a run that finished', async () => {
    const w = await start();
    await executor.apply(GRANT, PICKS, w.ctx, []);
    const finished = [...w.steps];
    expect(await executor.apply(GRANT, PICKS, w.ctx, finished)).toEqual({ kind: 'succeeded' });
    expect(w.count(CREATE)).toBe(1);
  });

  it('adopts a creation written by a run that died before recording it', async () => {
    const w = await start();
    const requestId = await createDirectly(w);
    expect(await executor.apply(GRANT, PICKS, w.ctx, [])).toEqual({ kind: 'succeeded' });
    expect(w.count(CREATE)).toBe(1);
    expect(shape(w.steps)).toEqual([
      { action: ACTION, requestId, status: 'started' },
      { action: ACTION, requestId, status: 'succeeded' },
    ]);
  });

  it('ignores a running creation for another assignment', async () => {
    const w = await start();
    await w.other.ssoAdmin.send(
      new CreateAccountAssignmentCommand({
        InstanceArn: INSTANCE_ARN,
        TargetType: 'AWS_ACCOUNT',
        TargetId: ACCOUNT.dev,
        PermissionSetArn: PS.admin,
        PrincipalType: 'USER',
        PrincipalId: USER.carol,
      }),
    );
    expect(await executor.apply(GRANT, PICKS, w.ctx, [])).toEqual({ kind: 'succeeded' });
    expect(w.count(CREATE)).toBe(2);
    expect(w.sandbox.state.hasAssignment(TARGET)).toBe(true);
  });

  it('is done when the unrecorded creation has already finished', async () => {
    const w = await start();
    await createDirectly(w);
    w.clock.advance(10_000);
    expect(await executor.apply(GRANT, PICKS, w.ctx, [])).toEqual({ kind: 'succeeded' });
    expect(w.count(CREATE)).toBe(1);
    expect(w.steps).toEqual([]);
  });

  it("fails with AWS's FailureReason as it is when the creation fails", async () => {
    const reason =
      'Received a 404 status error: Policy billing-boundary does not exist in account 222222222222.';
    const w = await start({ faults: { failProvisioning: { [ACCOUNT.prod]: reason } } });
    const outcome = await executor.apply(GRANT, PICKS, w.ctx, []);
    expect(outcome).toEqual({ kind: 'failed', reason, requestId: w.steps[0]!.requestId });
    expect(w.steps.map((s) => [s.status, s.failureReason])).toEqual([
      ['started', undefined],
      ['failed', reason],
    ]);
    expect(w.sandbox.state.hasAssignment(TARGET)).toBe(false);
  });

  it('gives up after totalMs when AWS takes too long, polling at most every 5 s', async () => {
    const w = await start({
      faults: { provisioningDelayMs: 60 * 60_000 },
      ctx: { poll: { initialMs: 250, maxIntervalMs: 30_000, totalMs: 2 * 60_000 } },
    });
    const outcome = await executor.apply(GRANT, PICKS, w.ctx, []);
    expect(outcome).toEqual({
      kind: 'pending',
      reason: 'AWS did not finish within 2 minutes; the bot will keep checking',
      requestId: w.steps[0]!.requestId,
    });
    expect(Math.max(...w.sleeps)).toBe(5000);
    expect(w.sleeps[0]).toBe(250);
    expect(w.sleeps.reduce((a, b) => a + b, 0)).toBe(2 * 60_000);
    expect(w.steps.map((s) => s.status)).toEqual(['started']);
    expect(w.count(CREATE)).toBe(1);
  });
});
