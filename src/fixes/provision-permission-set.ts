import { ProvisionPermissionSetCommand, requestIdOf } from '../aws';
import type { FixProposal } from '../diagnosis/types';
import type { ApprovalPicks, FixStep } from '../tickets/types';
import {
  aws,
  delegatedAdminRefusal,
  inactiveAccountRefusal,
  permissionSetsProvisionedTo,
  provisioningStatus,
  runningProvisioning,
} from './lookups';
import { applyToTargets, provisionFixFor, provisionTargets } from './multi-target';
import { asOutcome, runAsyncWrite } from './steps';
import type { FixContext, FixExecutor, FixOutcome, Precondition } from './types';

type ProvisionFix = Extract<FixProposal, { fix: 'provision-permission-set' }>;

/** The step name of the one write: push the permission set's latest version to one account. */
export function provisionAction(fix: ProvisionFix): string {
  return `sso:ProvisionPermissionSet permissionSet=${fix.permissionSetArn} account=${fix.accountId}`;
}

async function singlePrecondition(
  fix: ProvisionFix,
  _picks: ApprovalPicks,
  ctx: FixContext,
): Promise<Precondition> {
  const restricted = delegatedAdminRefusal(ctx, [fix.accountId]);
  if (restricted) return restricted;
  const latest = await permissionSetsProvisionedTo(ctx, fix.instanceArn, fix.accountId, true);
  if (latest.has(fix.permissionSetArn)) {
    return {
      kind: 'done',
      reason: `The latest version of the permission set is already provisioned to account ${fix.accountId}.`,
    };
  }
  return (await inactiveAccountRefusal(ctx, fix.accountId)) ?? { kind: 'ok' };
}

/** With several targets: refused only when every target is, done only when every target is. */
async function precondition(fix: ProvisionFix, picks: ApprovalPicks, ctx: FixContext): Promise<Precondition> {
  const targets = provisionTargets(fix);
  if (targets.length === 1) return singlePrecondition(fix, picks, ctx);
  const each = await Promise.all(
    targets.map((t) => singlePrecondition(provisionFixFor(fix, [t]), picks, ctx)),
  );
  if (each.every((p) => p.kind === 'refused'))
    return { kind: 'refused', reason: each.map((p) => (p.kind === 'refused' ? p.reason : '')).join(' ') };
  if (each.every((p) => p.kind === 'done'))
    return {
      kind: 'done',
      reason: `The latest version is already provisioned to all ${targets.length} accounts.`,
    };
  return { kind: 'ok' };
}

/** provision-permission-set: provisions a missing or outdated permission set to one account, or to every
 * account of `targets` (one approval, bounded parallelism, each target recorded and verified on its own). */
export const provisionPermissionSet: FixExecutor<ProvisionFix> = {
  fix: 'provision-permission-set',
  actions: ['sso:ProvisionPermissionSet'],
  precondition,
  async apply(fix, picks, ctx, previous) {
    const targets = provisionTargets(fix);
    if (targets.length === 1) return applyOne(fix, picks, ctx, previous);
    const run = await applyToTargets(
      ctx,
      targets,
      (t) => `account ${t.accountId}`,
      (t, shared) => applyOne(provisionFixFor(fix, [t]), picks, shared, previous),
    );
    return run.outcome.kind === 'failed' && run.left.length > 0
      ? { ...run.outcome, retry: provisionFixFor(fix, run.left) }
      : run.outcome;
  },
};

function applyOne(
  fix: ProvisionFix,
  picks: ApprovalPicks,
  ctx: FixContext,
  previous: readonly FixStep[],
): Promise<FixOutcome> {
  return asOutcome(() =>
    runAsyncWrite(ctx, previous, {
      action: provisionAction(fix),
      check: () => singlePrecondition(fix, picks, ctx),
      findRunning: () => runningProvisioning(ctx, fix.instanceArn, fix.permissionSetArn, fix.accountId),
      async write() {
        const out = await aws('sso', 'ProvisionPermissionSet', () =>
          ctx.writer.ssoAdmin.send(
            new ProvisionPermissionSetCommand({
              InstanceArn: fix.instanceArn,
              PermissionSetArn: fix.permissionSetArn,
              TargetType: 'AWS_ACCOUNT',
              TargetId: fix.accountId,
            }),
          ),
        );
        return {
          requestId: out.PermissionSetProvisioningStatus?.RequestId,
          awsRequestId: requestIdOf(out),
        };
      },
      describe: (requestId) => provisioningStatus(ctx, fix.instanceArn, requestId),
    }),
  );
}
