import {
  AwsCallError,
  CreateAccountAssignmentCommand,
  DeleteAccountAssignmentCommand,
  requestIdOf,
} from '../aws';
import {
  type AssignmentTarget,
  aws,
  creationStatus,
  deletionStatus,
  hasAssignment,
  runningAssignmentCreation,
  runningAssignmentDeletion,
} from './lookups';
import type { AsyncWrite } from './steps';
import type { FixContext, Precondition } from './types';

// The two assignment writes, shared by grant-account-access and repoint-assignments.

const principalOf = (t: AssignmentTarget) => `${t.principalType}/${t.principalId}`;

/** The step name of creating `target`. */
export function createAction(t: AssignmentTarget): string {
  return `sso:CreateAccountAssignment account=${t.accountId} permissionSet=${t.permissionSetArn} principal=${principalOf(t)}`;
}

/** The step name of deleting `target`. */
export function deleteAction(t: AssignmentTarget): string {
  return `sso:DeleteAccountAssignment account=${t.accountId} permissionSet=${t.permissionSetArn} principal=${principalOf(t)}`;
}

const assignmentInput = (instanceArn: string, t: AssignmentTarget) => ({
  InstanceArn: instanceArn,
  TargetId: t.accountId,
  TargetType: 'AWS_ACCOUNT' as const,
  PermissionSetArn: t.permissionSetArn,
  PrincipalType: t.principalType,
  PrincipalId: t.principalId,
});

/** CreateAccountAssignment for `target`, polled with DescribeAccountAssignmentCreationStatus. A creation
 * of the same assignment already running is adopted, because a second one is not known to be harmless. */
export function createAssignmentWrite(
  ctx: FixContext,
  instanceArn: string,
  target: AssignmentTarget,
  check: () => Promise<Precondition>,
): AsyncWrite {
  return {
    action: createAction(target),
    check,
    findRunning: () => runningAssignmentCreation(ctx, instanceArn, target),
    async write() {
      const out = await aws('sso', 'CreateAccountAssignment', () =>
        ctx.writer.ssoAdmin.send(new CreateAccountAssignmentCommand(assignmentInput(instanceArn, target))),
      );
      return { requestId: out.AccountAssignmentCreationStatus?.RequestId, awsRequestId: requestIdOf(out) };
    },
    describe: (requestId) => creationStatus(ctx, instanceArn, requestId),
  };
}

/** DeleteAccountAssignment of `target`, polled with DescribeAccountAssignmentDeletionStatus; done when the
 * assignment is gone. A deletion of the same assignment already running (one an earlier run made but
 * never recorded) is found with ListAccountAssignmentDeletionStatus and adopted, so a delete is never sent
 * twice. */
export function deleteAssignmentWrite(
  ctx: FixContext,
  instanceArn: string,
  target: AssignmentTarget,
): AsyncWrite {
  return {
    action: deleteAction(target),
    async check() {
      return (await hasAssignment(ctx, instanceArn, target))
        ? { kind: 'ok' }
        : { kind: 'done', reason: 'The assignment is already gone.' };
    },
    findRunning: () => runningAssignmentDeletion(ctx, instanceArn, target),
    async write() {
      try {
        const out = await aws('sso', 'DeleteAccountAssignment', () =>
          ctx.writer.ssoAdmin.send(new DeleteAccountAssignmentCommand(assignmentInput(instanceArn, target))),
        );
        return { requestId: out.AccountAssignmentDeletionStatus?.RequestId, awsRequestId: requestIdOf(out) };
      } catch (error) {
        if (error instanceof AwsCallError && error.code === 'not-found') return 'already-done';
        throw error;
      }
    },
    describe: (requestId) => deletionStatus(ctx, instanceArn, requestId),
  };
}
