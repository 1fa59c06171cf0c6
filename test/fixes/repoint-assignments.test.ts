import { CreateAccountAssignmentCommand, DeleteAccountAssignmentCommand } from '../../src/aws';
import type { FixProposal } from '../../src/diagnosis/types';
import { EXECUTORS, plannedActions } from '../../src/fixes';
import type { Snapshot } from '../../src/sandbox/snapshot/schema';
import {
  ACCOUNT,
  expectLeastPrivilege,
  type FixWorld,
  GROUP,
  INSTANCE_ARN,
  PS,
  SimulatedCrash,
  shape,
  startFixWorld,
  USER,
  type WorldOptions,
} from './harness';

type RepointFix = Extract<FixProposal, { fix: 'repoint-assignments' }>;

const executor = EXECUTORS['repoint-assignments'];
const CREATE = 'CreateAccountAssignment';
const DELETE = 'DeleteAccountAssignment';

/** Carol was deleted and re-created by the IdP; her old id still holds two assignments. */
function withStaleCarol(s: Snapshot): void {
  s.accountAssignments?.push({
    AccountId: ACCOUNT.prod,
    PermissionSetArn: PS.admin,
    PrincipalType: 'USER',
    PrincipalId: USER.deleted,
  });
}

const REPOINT: RepointFix = {
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

const assignment = (accountId: string, permissionSetArn: string, principalId: string) => ({
  AccountId: accountId,
  PermissionSetArn: permissionSetArn,
  PrincipalType: 'USER' as const,
  PrincipalId: principalId,
});
const NEW_DEV = assignment(ACCOUNT.dev, PS.readOnly, USER.carol);
const OLD_DEV = assignment(ACCOUNT.dev, PS.readOnly, USER.deleted);
const NEW_PROD = assignment(ACCOUNT.prod, PS.admin, USER.carol);
const OLD_PROD = assignment(ACCOUNT.prod, PS.admin, USER.deleted);

const createAction = (a: ReturnType<typeof assignment>) =>
  `sso:CreateAccountAssignment account=${a.AccountId} permissionSet=${a.PermissionSetArn} principal=USER/${a.PrincipalId}`;
const deleteAction = (a: ReturnType<typeof assignment>) =>
  `sso:DeleteAccountAssignment account=${a.AccountId} permissionSet=${a.PermissionSetArn} principal=USER/${a.PrincipalId}`;
const ORDER = [createAction(NEW_DEV), deleteAction(OLD_DEV), createAction(NEW_PROD), deleteAction(OLD_PROD)];

const input = (a: ReturnType<typeof assignment>) => ({
  InstanceArn: INSTANCE_ARN,
  TargetType: 'AWS_ACCOUNT' as const,
  TargetId: a.AccountId,
  PermissionSetArn: a.PermissionSetArn,
  PrincipalType: a.PrincipalType,
  PrincipalId: a.PrincipalId,
});

describe('repoint-assignments', () => {
  let world: FixWorld;
  const start = async (options: WorldOptions = {}) => {
    world = await startFixWorld({
      ...options,
      edit: (s) => {
        withStaleCarol(s);
        options.edit?.(s);
      },
    });
    return world;
  };
  afterEach(async () => {
    expectLeastPrivilege(world);
    await world.close();
  });

  it('creates each new assignment, waits, then deletes the stale one, in order, one step per write', async () => {
    const w = await start();
    const { state } = w.sandbox;
    expect(await executor.precondition(REPOINT, {}, w.ctx)).toEqual({ kind: 'ok' });

    expect(await executor.apply(REPOINT, {}, w.ctx, [])).toEqual({ kind: 'succeeded' });

    expect([NEW_DEV, NEW_PROD].map((a) => state.hasAssignment(a))).toEqual([true, true]);
    expect([OLD_DEV, OLD_PROD].map((a) => state.hasAssignment(a))).toEqual([false, false]);
    expect(w.steps.map((s) => [s.action, s.status])).toEqual(
      ORDER.flatMap((action) => [
        [action, 'started'],
        [action, 'succeeded'],
      ]),
    );
    for (const step of w.steps) {
      expect(step.requestId).toEqual(expect.any(String));
      expect(step.awsRequestId).toEqual(expect.any(String));
    }
    // The stale assignment is deleted only once its replacement has succeeded.
    expect(
      w.sandbox
        .calls()
        .filter((c) => c.operation === CREATE || c.operation === DELETE)
        .map((c) => c.operation),
    ).toEqual([CREATE, DELETE, CREATE, DELETE]);
    expect(plannedActions(REPOINT)).toEqual(ORDER);
    expect((await executor.precondition(REPOINT, {}, w.ctx)).kind).toBe('done');
  });

  it('moves group assignments to the re-created group', async () => {
    const OLD_GROUP = 'f0000000-0000-4000-8000-0000000000f1';
    const w = await start({
      edit: (s) =>
        s.accountAssignments?.push({
          AccountId: ACCOUNT.prod,
          PermissionSetArn: PS.billing,
          PrincipalType: 'GROUP',
          PrincipalId: OLD_GROUP,
        }),
    });
    const fix: RepointFix = {
      ...REPOINT,
      principalType: 'GROUP',
      newPrincipalId: GROUP.finance,
      lastKnownName: 'Finance',
      stale: [{ accountId: ACCOUNT.prod, permissionSetArn: PS.billing, principalId: OLD_GROUP }],
    };
    expect(await executor.apply(fix, {}, w.ctx, [])).toEqual({ kind: 'succeeded' });
    const group = (id: string) => ({
      ...assignment(ACCOUNT.prod, PS.billing, id),
      PrincipalType: 'GROUP' as const,
    });
    expect(w.sandbox.state.hasAssignment(group(GROUP.finance))).toBe(true);
    expect(w.sandbox.state.hasAssignment(group(OLD_GROUP))).toBe(false);
  });

  it('refuses when the current principal is not named exactly like the deleted one', async () => {
    const w = await start();
    const fix = { ...REPOINT, lastKnownName: 'Carol@example.com' };
    const pre = await executor.precondition(fix, {}, w.ctx);
    expect(pre).toEqual({
      kind: 'refused',
      reason: `The user ${USER.carol} is now named "carol@example.com", not "Carol@example.com" like the deleted one, so the bot will not move its access there.`,
    });
    expect(await executor.apply(fix, {}, w.ctx, [])).toEqual({
      kind: 'failed',
      reason: (pre as { reason: string }).reason,
    });
    expect(w.count(CREATE) + w.count(DELETE)).toBe(0);
  });

  it('refuses when a stale principal id exists again', async () => {
    const w = await start();
    const fix: RepointFix = {
      ...REPOINT,
      stale: [
        ...REPOINT.stale,
        { accountId: ACCOUNT.dev, permissionSetArn: PS.admin, principalId: USER.bob },
      ],
    };
    expect(await executor.precondition(fix, {}, w.ctx)).toEqual({
      kind: 'refused',
      reason: `The old user id ${USER.bob} exists again, so its assignments are not stale; nothing was moved.`,
    });
    expect((await executor.apply(fix, {}, w.ctx, [])).kind).toBe('failed');
    expect(w.count(CREATE) + w.count(DELETE)).toBe(0);
  });

  it('refuses when the current principal is gone', async () => {
    const w = await start();
    const fix = { ...REPOINT, newPrincipalId: '00000000-0000-4000-8000-00000000dead' };
    expect((await executor.precondition(fix, {}, w.ctx)).kind).toBe('refused');
  });

  it('refuses stale assignments in the management account when the bot is a delegated administrator', async () => {
    const w = await start({ ctx: { callerAccountId: ACCOUNT.prod } });
    const fix: RepointFix = {
      ...REPOINT,
      stale: [{ accountId: ACCOUNT.management, permissionSetArn: PS.billing, principalId: USER.deleted }],
    };
    expect(await executor.precondition(fix, {}, w.ctx)).toEqual({
      kind: 'refused',
      reason: expect.stringContaining('delegated administrator'),
    });
  });

  it('is done, with no write, when every assignment already points at the current principal', async () => {
    const w = await start({
      edit: (s) => {
        s.accountAssignments = s.accountAssignments?.filter((a) => a.PrincipalId !== USER.deleted);
        s.accountAssignments?.push(NEW_DEV, NEW_PROD);
      },
    });
    expect((await executor.precondition(REPOINT, {}, w.ctx)).kind).toBe('done');
    expect(await executor.apply(REPOINT, {}, w.ctx, [])).toEqual({ kind: 'succeeded' });
    expect(w.count(CREATE) + w.count(DELETE)).toBe(0);
    expect(w.steps).toEqual([]);
  });

  it('skips a new assignment that already exists and a stale one already gone', async () => {
    const w = await start({
      edit: (s) => {
        s.accountAssignments = s.accountAssignments?.filter(
          (a) => !(a.PrincipalId === USER.deleted && a.AccountId === ACCOUNT.prod),
        );
        s.accountAssignments?.push(NEW_DEV);
      },
    });
    expect(await executor.apply(REPOINT, {}, w.ctx, [])).toEqual({ kind: 'succeeded' });
    expect(w.steps.map((s) => [s.action, s.status])).toEqual([
      [deleteAction(OLD_DEV), 'started'],
      [deleteAction(OLD_DEV), 'succeeded'],
      [createAction(NEW_PROD), 'started'],
      [createAction(NEW_PROD), 'succeeded'],
    ]);
  });

  it('resumes a run that died mid-way without writing anything twice', async () => {
    const w = await start();
    // The first creation takes three waits; the process dies in the fourth, the first wait on the deletion.
    await expect(executor.apply(REPOINT, {}, w.crashingCtx(3), [])).rejects.toBeInstanceOf(SimulatedCrash);
    expect(w.steps.map((s) => [s.action, s.status])).toEqual([
      [createAction(NEW_DEV), 'started'],
      [createAction(NEW_DEV), 'succeeded'],
      [deleteAction(OLD_DEV), 'started'],
    ]);
    const recorded = [...w.steps];

    expect(await executor.apply(REPOINT, {}, w.ctx, recorded)).toEqual({ kind: 'succeeded' });
    expect(w.count(CREATE)).toBe(2);
    expect(w.count(DELETE)).toBe(2);
    expect(w.steps.slice(recorded.length).map((s) => [s.action, s.status])).toEqual([
      [deleteAction(OLD_DEV), 'succeeded'],
      [createAction(NEW_PROD), 'started'],
      [createAction(NEW_PROD), 'succeeded'],
      [deleteAction(OLD_PROD), 'started'],
      [deleteAction(OLD_PROD), 'succeeded'],
    ]);
    expect(w.steps[3]!.requestId).toBe(recorded[2]!.requestId);
  });

  it('does nothing again when given the steps of a run that finished', async () => {
    const w = await start();
    await executor.apply(REPOINT, {}, w.ctx, []);
    const finished = [...w.steps];
    expect(await executor.apply(REPOINT, {}, w.ctx, finished)).toEqual({ kind: 'succeeded' });
    expect(w.count(CREATE)).toBe(2);
    expect(w.count(DELETE)).toBe(2);
  });

  it('adopts a creation written by a run that died before recording it', async () => {
    const w = await start();
    const out = await w.other.ssoAdmin.send(new CreateAccountAssignmentCommand(input(NEW_DEV)));
    const requestId = out.AccountAssignmentCreationStatus!.RequestId;

    expect(await executor.apply(REPOINT, {}, w.ctx, [])).toEqual({ kind: 'succeeded' });
    expect(w.count(CREATE)).toBe(2); // the unrecorded one, and the one for prod
    expect(shape(w.steps.slice(0, 2))).toEqual([
      { action: createAction(NEW_DEV), requestId, status: 'started' },
      { action: createAction(NEW_DEV), requestId, status: 'succeeded' },
    ]);
  });

  it('treats a stale assignment deleted by a run that died before recording it as done', async () => {
    const w = await start();
    await w.other.ssoAdmin.send(new CreateAccountAssignmentCommand(input(NEW_DEV)));
    await w.other.ssoAdmin.send(new DeleteAccountAssignmentCommand(input(OLD_DEV)));
    w.clock.advance(10_000);

    expect(await executor.apply(REPOINT, {}, w.ctx, [])).toEqual({ kind: 'succeeded' });
    expect(w.count(CREATE)).toBe(2);
    expect(w.count(DELETE)).toBe(2); // the unrecorded one, and the one for prod
    expect(w.steps.map((s) => s.action)).not.toContain(deleteAction(OLD_DEV));
  });

  it('adopts an unrecorded deletion that is still running instead of deleting again', async () => {
    const w = await start();
    await w.other.ssoAdmin.send(new CreateAccountAssignmentCommand(input(NEW_DEV)));
    w.clock.advance(10_000);
    // Written by a run that died before recording it, and still running when the bot looks.
    await w.other.ssoAdmin.send(new DeleteAccountAssignmentCommand(input(OLD_DEV)));

    expect(await executor.apply(REPOINT, {}, w.ctx, [])).toEqual({ kind: 'succeeded' });
    // The running deletion is found (ListAccountAssignmentDeletionStatus) and waited on: never sent twice.
    expect(w.count(DELETE)).toBe(2);
    expect(w.count(CREATE)).toBe(2);
    expect([OLD_DEV, OLD_PROD].map((a) => w.sandbox.state.hasAssignment(a))).toEqual([false, false]);
  });

  it('keeps the stale assignment when its replacement fails, and returns AWS reason as it is', async () => {
    const reason = 'Account 333333333333 is suspended.';
    const w = await start({ faults: { failProvisioning: { [ACCOUNT.dev]: reason } } });
    expect(await executor.apply(REPOINT, {}, w.ctx, [])).toEqual({
      kind: 'failed',
      reason,
      requestId: w.steps[0]!.requestId,
    });
    expect(w.sandbox.state.hasAssignment(OLD_DEV)).toBe(true);
    expect(w.count(DELETE)).toBe(0);
    expect(w.steps.at(-1)).toMatchObject({
      action: createAction(NEW_DEV),
      status: 'failed',
      failureReason: reason,
    });
  });

  it('gives up after totalMs when AWS takes too long, polling at most every 5 s', async () => {
    const w = await start({
      faults: { provisioningDelayMs: 60 * 60_000 },
      ctx: { poll: { initialMs: 1000, maxIntervalMs: 5000, totalMs: 60_000 } },
    });
    expect(await executor.apply(REPOINT, {}, w.ctx, [])).toEqual({
      kind: 'pending',
      reason: 'AWS did not finish within 1 minute; the bot will keep checking',
      requestId: w.steps[0]!.requestId,
    });
    expect(Math.max(...w.sleeps)).toBe(5000);
    expect(w.sleeps.reduce((a, b) => a + b, 0)).toBe(60_000);
    expect(w.count(DELETE)).toBe(0);
  });
});
