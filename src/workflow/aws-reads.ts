import {
  type AwsClients,
  readAccountChoices,
  readCallerAccountId,
  readManagementAccountId,
  readPermissionSet,
  readPermissionSetChoices,
} from '../aws';
import type { WorkflowReads } from './types';

/** The workflow's AWS reads through the shared read layer, with the read-only clients. */
export function awsWorkflowReads(clients: AwsClients): WorkflowReads {
  return {
    managementAccountId: () => readManagementAccountId(clients),
    callerAccountId: () => readCallerAccountId(clients),
    permissionSetChoices: (instanceArn) => readPermissionSetChoices(clients, instanceArn),
    accountChoices: () => readAccountChoices(clients),
    permissionSet: (instanceArn, arn, withTags) => readPermissionSet(clients, instanceArn, arn, withTags),
  };
}
