import {
  collectPages,
  ProvisionPermissionSetCommand,
  paginateListPermissionSetsProvisionedToAccount,
} from '../../src/aws';
import type { FixProposal } from '../../src/diagnosis/types';
import { translateFailureReason } from '../../src/explain/failure-reason';
import { EXECUTORS, unfinishedSteps } from '../../src/fixes';
import {
  ACCOUNT,
  expectLeastPrivilege,
  type FixWorld,
  INSTANCE_ARN,
  PS,
  SimulatedCrash,
  shape,
  startFixWorld,
  type WorldOptions,
} from './harness';

type ProvisionFix = Extract<FixProposal, { fix: 'provision-permission-set' }>;

const executor = EXECUTORS['provision-permission-set'];
const fixFor = (accountId: string, permissionSetArn: string): ProvisionFix => ({
  fix: 'provision-permission-set',
  instanceArn: INSTANCE_ARN,
  accountId,
  permissionSetArn,
});
/** ReadOnly on dev is provisioned there, but not its latest version (in the base snapshot). */
const OUTDATED = fixFor(ACCOUNT.dev, PS.readOnly);
const ACTION = `sso:ProvisionPermissionSet permissionSet=${PS.readOnly} account=${ACCOUNT.dev}`;
const PROVISION = 'ProvisionPermissionSet';

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

/** Provisions directly, as an earlier run that died before recording (or another admin) would have. */
async function provisionDirectly(world: FixWorld): Promise<string> {
  const out = await world.other.ssoAdmin.send(
    new ProvisionPermissionSetCommand({
      InstanceArn: INSTANCE_ARN,
      PermissionSetArn: PS.readOnly,
      TargetType: 'AWS_ACCOUNT',
      TargetId: ACCOUNT.dev,
    }),
  );
  return out.PermissionSetProvisioningStatus!.RequestId!;
}

describe('provision-permission-set', () => {
  let world: FixWorld;
  const start = async (options: WorldOptions = {}) => {
    world = await startFixWorld(options);
    return world;
  };
  afterEach(async () => {
    expectLeastPrivilege(world);
    await world.close();
  });

  it('provisions the latest version, records the request before waiting, and ends succeeded', async () => {
    const w = await start();
    expect(await latestOn(w, ACCOUNT.dev)).not.toContain(PS.readOnly);
    expect(await executor.precondition(OUTDATED, {}, w.ctx)).toEqual({ kind: 'ok' });

    expect(await executor.apply(OUTDATED, {}, w.ctx, [])).toEqual({ kind: 'succeeded' });

    expect(await latestOn(w, ACCOUNT.dev)).toContain(PS.readOnly);
    expect(w.count(PROVISION)).toBe(1);
    const [started, succeeded] = w.steps;
    expect(shape(w.steps)).toEqual([
      { action: ACTION, requestId: expect.any(String), awsRequestId: expect.any(String), status: 'started' },
      {
        action: ACTION,
        requestId: started!.requestId,
        awsRequestId: started!.awsRequestId,
        status: 'succeeded',
      },
    ]);
    expect(started!.awsRequestId).not.toBe(started!.requestId);
    expect(w.sandbox.state.permissionSetProvisioning.get(started!.requestId!)?.Status).toBe('SUCCEEDED');
    // Recorded before any waiting: at the moment of the write, on the fix clock.
    expect(started!.at).toBe('2026-11-23T12:00:00.000Z');
    expect(Date.parse(succeeded!.at)).toBeGreaterThanOrEqual(Date.parse('2026-11-23T12:00:02.000Z'));
    expect(executor.actions).toEqual(['sso:ProvisionPermissionSet']);
  });

  it('is done, with no write, when the latest version is already provisioned', async () => {
    const w = await start();
    const fix = fixFor(ACCOUNT.prod, PS.readOnly);
    expect(await executor.precondition(fix, {}, w.ctx)).toEqual({ kind: 'done', reason: expect.any(String) });
    expect(await executor.apply(fix, {}, w.ctx, [])).toEqual({ kind: 'succeeded' });
    expect(w.count(PROVISION)).toBe(0);
    expect(w.steps).toEqual([]);
  });

  it('refuses the management account when the bot is a delegated administrator', async () => {
    const w = await start({ ctx: { callerAccountId: ACCOUNT.prod } });
    const fix = fixFor(ACCOUNT.management, PS.admin);
    const pre = await executor.precondition(fix, {}, w.ctx);
    expect(pre).toEqual({ kind: 'refused', reason: expect.stringContaining('delegated administrator') });
    expect(pre.kind === 'refused' && pre.reason).toContain('management account (111111111111)');
    expect(await executor.apply(fix, {}, w.ctx, [])).toEqual({
      kind: 'failed',
      reason: (pre as { reason: string }).reason,
    });
    expect(w.count(PROVISION)).toBe(0);
  });

  it('provisions to the management account when the bot runs there', async () => {
    const w = await start();
    const fix = fixFor(ACCOUNT.management, PS.admin);
    expect(await executor.precondition(fix, {}, w.ctx)).toEqual({ kind: 'ok' });
    expect(await executor.apply(fix, {}, w.ctx, [])).toEqual({ kind: 'succeeded' });
    expect(await latestOn(w, ACCOUNT.management)).toContain(PS.admin);
  });

  it('refuses an account that is not active', async () => {
    const w = await start();
    const fix = fixFor(ACCOUNT.suspended, PS.readOnly);
    expect(await executor.precondition(fix, {}, w.ctx)).toEqual({
      kind: 'refused',
      reason:
        'Account old-sandbox (444444444444) is suspended, so Identity Center cannot give access there until the account is restored.',
    });
    expect((await executor.apply(fix, {}, w.ctx, [])).kind).toBe('failed');
    expect(w.count(PROVISION)).toBe(0);
  });

  it('resumes a run that died while waiting by polling its request, never writing again', async () => {
    const w = await start();
    await expect(executor.apply(OUTDATED, {}, w.crashingCtx(), [])).rejects.toBeInstanceOf(SimulatedCrash);
    expect(w.steps.map((s) => s.status)).toEqual(['started']);
    const recorded = [...w.steps];

    expect(await executor.apply(OUTDATED, {}, w.ctx, recorded)).toEqual({ kind: 'succeeded' });
    expect(w.count(PROVISION)).toBe(1);
    expect(w.steps.map((s) => [s.status, s.requestId])).toEqual([
      ['started', recorded[0]!.requestId],
      ['succeeded', recorded[0]!.requestId],
    ]);
    expect(await latestOn(w, ACCOUNT.dev)).toContain(PS.readOnly);
  });

  it('does nothing again when given the steps of a run that finished', async () => {
    const w = await start();
    await executor.apply(OUTDATED, {}, w.ctx, []);
    const finished = [...w.steps];
    w.sandbox.resetCalls();
    expect(await executor.apply(OUTDATED, {}, w.ctx, finished)).toEqual({ kind: 'succeeded' });
    expect(w.sandbox.calls()).toEqual([]);
    expect(w.steps).toHaveLength(finished.length);
  });

  it('adopts a provisioning written by a run that died before recording it', async () => {
    const w = await start();
    const requestId = await provisionDirectly(w);

    expect(await executor.apply(OUTDATED, {}, w.ctx, [])).toEqual({ kind: 'succeeded' });
    expect(w.count(PROVISION)).toBe(1);
    expect(shape(w.steps)).toEqual([
      { action: ACTION, requestId, status: 'started' },
      { action: ACTION, requestId, status: 'succeeded' },
    ]);
  });

  it('is done when the unrecorded provisioning has already finished', async () => {
    const w = await start();
    await provisionDirectly(w);
    w.clock.advance(10_000);
    expect((await executor.precondition(OUTDATED, {}, w.ctx)).kind).toBe('done');
    expect(await executor.apply(OUTDATED, {}, w.ctx, [])).toEqual({ kind: 'succeeded' });
    expect(w.count(PROVISION)).toBe(1);
  });

  it('waits out a ConflictException from a provisioning that started just before the write, then re-checks', async () => {
    const w = await start();
    // Another admin's provisioning starts right after the bot looked for running ones.
    let injected: string | undefined;
    w.sandbox.onCall((call) => {
      if (call.operation === 'ListPermissionSetProvisioningStatus' && !injected) {
        injected = w.sandbox.state.startProvisioning(PS.readOnly, [ACCOUNT.dev], 2000).RequestId;
      }
    });

    expect(await executor.apply(OUTDATED, {}, w.ctx, [])).toEqual({ kind: 'succeeded' });
    expect(w.sandbox.calls({ operation: PROVISION }).map((c) => c.errorCode)).toEqual(['ConflictException']);
    expect(shape(w.steps)).toEqual([
      { action: ACTION, requestId: injected, status: 'started' },
      { action: ACTION, requestId: injected, status: 'succeeded' },
    ]);
    expect(await latestOn(w, ACCOUNT.dev)).toContain(PS.readOnly);
  });

  it("fails with AWS's FailureReason as it is when provisioning fails", async () => {
    const reason =
      'Received a 404 status error: Policy team-boundary does not exist in account 333333333333.';
    const w = await start({ faults: { failProvisioning: { [ACCOUNT.dev]: reason } } });
    const outcome = await executor.apply(OUTDATED, {}, w.ctx, []);
    const requestId = w.steps[0]!.requestId;
    expect(outcome).toEqual({ kind: 'failed', reason, requestId });
    expect(shape(w.steps).at(-1)).toEqual({
      action: ACTION,
      requestId,
      awsRequestId: expect.any(String),
      status: 'failed',
      failureReason: reason,
    });
    expect(translateFailureReason(reason).kind).toBe('missing-policy');
    expect(await latestOn(w, ACCOUNT.dev)).not.toContain(PS.readOnly);
  });

  it('gives up after totalMs when AWS takes too long, polling at most every 5 s, and resumes later', async () => {
    const w = await start({ faults: { provisioningDelayMs: 60 * 60_000 } });
    const outcome = await executor.apply(OUTDATED, {}, w.ctx, []);
    const requestId = w.steps[0]!.requestId;
    expect(outcome).toEqual({
      kind: 'pending',
      reason: 'AWS did not finish within 5 minutes; the bot will keep checking',
      requestId,
    });
    expect(Math.max(...w.sleeps)).toBeLessThanOrEqual(5000);
    expect(w.sleeps.slice(0, 5)).toEqual([500, 1000, 2000, 4000, 5000]);
    expect(w.sleeps.reduce((a, b) => a + b, 0)).toBe(5 * 60_000);
    // The step stays "started": the request is still running at AWS.
    expect(w.steps.map((s) => s.status)).toEqual(['started']);
    expect(unfinishedSteps(w.steps)).toEqual([w.steps[0]]);

    w.clock.advance(60 * 60_000);
    expect(await executor.apply(OUTDATED, {}, w.ctx, [...w.steps])).toEqual({ kind: 'succeeded' });
    expect(w.count(PROVISION)).toBe(1);
    expect(unfinishedSteps(w.steps)).toEqual([]);
  });
});
