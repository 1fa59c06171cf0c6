import { ProvisionPermissionSetCommand, requestIdOf } from '../aws';
import type { FixProposal } from '../diagnosis/types';
import type { ApprovalPicks } from '../tickets/types';
import {
  aws,
  delegatedAdminRefusal,
  inactiveAccountRefusal,
  permissionSetsProvisionedTo,
  provisioningStatus,
  runningProvisioning,
} from './lookups';
import { asOutcome, runAsyncWrite } from './steps';
import type { FixContext, FixExecutor, Precondition } from './types';

type ProvisionFix = Extract<FixProposal, { fix: 'provision-permission-set' }>;

/** The step name of the one write: push the permission set's latest version to one account. */
export function provisionAction(fix: ProvisionFix): string {
  return `sso:ProvisionPermissionSet permissionSet=${fix.permissionSetArn} account=${fix.accountId}`;
}

async function precondition(
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

/** provision-permission-set: provisions a missing or outdated permission set to one account. */
export const provisionPermissionSet: FixExecutor<ProvisionFix> = {
  fix: 'provision-permission-set',
  actions: ['sso:ProvisionPermissionSet'],
  precondition,
  apply(fix, picks, ctx, previous) {
    return asOutcome(() =>
      runAsyncWrite(ctx, previous, {
        action: provisionAction(fix),
        check: () => precondition(fix, picks, ctx),
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
  },
};
