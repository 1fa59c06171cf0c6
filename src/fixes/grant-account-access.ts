import { DescribePermissionSetCommand, isNotFound, toAwsCallError } from '../aws';
import type { FixProposal } from '../diagnosis/types';
import type { ApprovalPicks } from '../tickets/types';
import { createAction, createAssignmentWrite } from './assignment-writes';
import {
  type AssignmentTarget,
  delegatedAdminRefusal,
  describePrincipal,
  hasAssignment,
  inactiveAccountRefusal,
  permissionSetsProvisionedTo,
} from './lookups';
import { asOutcome, runAsyncWrite } from './steps';
import type { FixContext, FixExecutor, Precondition } from './types';

type GrantFix = Extract<FixProposal, { fix: 'grant-account-access' }>;

/** The assignment to create: what the fix names, completed by the approving admin's picks. */
export function grantTarget(
  fix: GrantFix,
  picks: ApprovalPicks,
): { kind: 'complete'; target: AssignmentTarget } | { kind: 'incomplete'; reason: string } {
  const accountId = fix.accountId ?? picks.accountId;
  const permissionSetArn = fix.permissionSetArn ?? picks.permissionSetArn;
  if (!accountId || !permissionSetArn) {
    const missing = [permissionSetArn ? undefined : 'a permission set', accountId ? undefined : 'an account']
      .filter((m) => m !== undefined)
      .join(' and ');
    return {
      kind: 'incomplete',
      reason: `The approving admin must pick ${missing} before access can be given.`,
    };
  }
  return {
    kind: 'complete',
    target: { accountId, permissionSetArn, principalType: fix.principalType, principalId: fix.principalId },
  };
}

async function permissionSetExists(ctx: FixContext, instanceArn: string, permissionSetArn: string) {
  try {
    await ctx.reader.ssoAdmin.send(
      new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: permissionSetArn }),
    );
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw toAwsCallError(error, 'sso', 'DescribePermissionSet');
  }
}

async function precondition(fix: GrantFix, picks: ApprovalPicks, ctx: FixContext): Promise<Precondition> {
  const resolved = grantTarget(fix, picks);
  if (resolved.kind === 'incomplete') return { kind: 'refused', reason: resolved.reason };
  const { target } = resolved;
  const restricted = delegatedAdminRefusal(ctx, [target.accountId]);
  if (restricted) return restricted;
  const inactive = await inactiveAccountRefusal(ctx, target.accountId);
  if (inactive) return inactive;
  if (!(await describePrincipal(ctx, ctx.identityStoreId, 'USER', target.principalId))) {
    return {
      kind: 'refused',
      reason: `The user ${target.principalId} no longer exists in the identity store, so there is no one to give access to.`,
    };
  }
  if (!(await permissionSetExists(ctx, fix.instanceArn, target.permissionSetArn))) {
    return { kind: 'refused', reason: `The permission set ${target.permissionSetArn} no longer exists.` };
  }
  const [assigned, provisioned] = await Promise.all([
    hasAssignment(ctx, fix.instanceArn, target),
    permissionSetsProvisionedTo(ctx, fix.instanceArn, target.accountId, false),
  ]);
  if (assigned && provisioned.has(target.permissionSetArn)) {
    return {
      kind: 'done',
      reason: `The user already has this permission set in account ${target.accountId}, and it is provisioned there.`,
    };
  }
  return { kind: 'ok' };
}

/** grant-account-access: assigns the user a permission set in an account (both possibly picked by the admin). */
export const grantAccountAccess: FixExecutor<GrantFix> = {
  fix: 'grant-account-access',
  actions: ['sso:CreateAccountAssignment'],
  precondition,
  apply(fix, picks, ctx, previous) {
    return asOutcome(async () => {
      const resolved = grantTarget(fix, picks);
      if (resolved.kind === 'incomplete') return { kind: 'failed', reason: resolved.reason };
      return runAsyncWrite(
        ctx,
        previous,
        createAssignmentWrite(ctx, fix.instanceArn, resolved.target, () => precondition(fix, picks, ctx)),
      );
    });
  },
};

/** The step names this fix would record, for the approval card's dry run. */
export function grantActions(fix: GrantFix, picks: ApprovalPicks): string[] {
  const resolved = grantTarget(fix, picks);
  return resolved.kind === 'complete' ? [createAction(resolved.target)] : [];
}
