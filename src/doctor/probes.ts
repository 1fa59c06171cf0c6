import {
  type AwsClients,
  CancelQueryCommand,
  classifyAwsError,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  DescribeAccountCommand,
  DescribeApplicationCommand,
  DescribeGroupCommand,
  DescribeInstanceCommand,
  DescribeOrganizationCommand,
  DescribePermissionSetCommand,
  DescribePermissionSetProvisioningStatusCommand,
  DescribeUserCommand,
  errorName,
  GetGroupIdCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  GetQueryResultsCommand,
  GetUserIdCommand,
  IsMemberInGroupsCommand,
  ListAccountAssignmentCreationStatusCommand,
  ListAccountAssignmentDeletionStatusCommand,
  ListAccountAssignmentsCommand,
  ListAccountAssignmentsForPrincipalCommand,
  ListAccountsCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListApplicationAssignmentsForPrincipalCommand,
  ListApplicationsCommand,
  ListCustomerManagedPolicyReferencesInPermissionSetCommand,
  ListGroupMembershipsForMemberCommand,
  ListGroupsCommand,
  ListInstancesCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetProvisioningStatusCommand,
  ListPermissionSetsCommand,
  ListPermissionSetsProvisionedToAccountCommand,
  ListTagsForResourceCommand,
  ListUsersCommand,
  LookupEventsCommand,
  StartQueryCommand,
} from '../aws';
import type { DiagnosisAction } from '../aws/iam-actions';

/** Real ids where the doctor could read them, so each probe asks about something that exists; stand-ins
 * otherwise (a "not found" answer still proves the action is allowed). */
export interface ProbeContext {
  instanceArn: string;
  identityStoreId: string;
  accountId: string;
  permissionSetArn: string;
  userId: string;
  groupId: string;
  applicationArn: string;
}

export const NO_SUCH_ID = '00000000-0000-0000-0000-000000000000';

type Probe = (c: AwsClients, x: ProbeContext) => Promise<unknown>;

/** One harmless read per action the diagnosis needs: each asks for at most one item and changes nothing. */
export const PROBES: Record<DiagnosisAction, Probe> = {
  'sso:ListInstances': (c) => c.ssoAdmin.send(new ListInstancesCommand({ MaxResults: 1 })),
  'sso:DescribeInstance': (c, x) =>
    c.ssoAdmin.send(new DescribeInstanceCommand({ InstanceArn: x.instanceArn })),
  'sso:ListPermissionSets': (c, x) =>
    c.ssoAdmin.send(new ListPermissionSetsCommand({ InstanceArn: x.instanceArn, MaxResults: 1 })),
  'sso:DescribePermissionSet': (c, x) =>
    c.ssoAdmin.send(
      new DescribePermissionSetCommand({ InstanceArn: x.instanceArn, PermissionSetArn: x.permissionSetArn }),
    ),
  'sso:GetInlinePolicyForPermissionSet': (c, x) =>
    c.ssoAdmin.send(
      new GetInlinePolicyForPermissionSetCommand({
        InstanceArn: x.instanceArn,
        PermissionSetArn: x.permissionSetArn,
      }),
    ),
  'sso:ListManagedPoliciesInPermissionSet': (c, x) =>
    c.ssoAdmin.send(
      new ListManagedPoliciesInPermissionSetCommand({
        InstanceArn: x.instanceArn,
        PermissionSetArn: x.permissionSetArn,
        MaxResults: 1,
      }),
    ),
  'sso:ListCustomerManagedPolicyReferencesInPermissionSet': (c, x) =>
    c.ssoAdmin.send(
      new ListCustomerManagedPolicyReferencesInPermissionSetCommand({
        InstanceArn: x.instanceArn,
        PermissionSetArn: x.permissionSetArn,
        MaxResults: 1,
      }),
    ),
  'sso:GetPermissionsBoundaryForPermissionSet': (c, x) =>
    c.ssoAdmin.send(
      new GetPermissionsBoundaryForPermissionSetCommand({
        InstanceArn: x.instanceArn,
        PermissionSetArn: x.permissionSetArn,
      }),
    ),
  'sso:ListPermissionSetsProvisionedToAccount': (c, x) =>
    c.ssoAdmin.send(
      new ListPermissionSetsProvisionedToAccountCommand({
        InstanceArn: x.instanceArn,
        AccountId: x.accountId,
        MaxResults: 1,
      }),
    ),
  'sso:ListAccountsForProvisionedPermissionSet': (c, x) =>
    c.ssoAdmin.send(
      new ListAccountsForProvisionedPermissionSetCommand({
        InstanceArn: x.instanceArn,
        PermissionSetArn: x.permissionSetArn,
        MaxResults: 1,
      }),
    ),
  'sso:ListAccountAssignments': (c, x) =>
    c.ssoAdmin.send(
      new ListAccountAssignmentsCommand({
        InstanceArn: x.instanceArn,
        AccountId: x.accountId,
        PermissionSetArn: x.permissionSetArn,
        MaxResults: 1,
      }),
    ),
  'sso:ListAccountAssignmentsForPrincipal': (c, x) =>
    c.ssoAdmin.send(
      new ListAccountAssignmentsForPrincipalCommand({
        InstanceArn: x.instanceArn,
        PrincipalId: x.userId,
        PrincipalType: 'USER',
        MaxResults: 1,
      }),
    ),
  'sso:ListPermissionSetProvisioningStatus': (c, x) =>
    c.ssoAdmin.send(
      new ListPermissionSetProvisioningStatusCommand({ InstanceArn: x.instanceArn, MaxResults: 1 }),
    ),
  'sso:DescribePermissionSetProvisioningStatus': (c, x) =>
    c.ssoAdmin.send(
      new DescribePermissionSetProvisioningStatusCommand({
        InstanceArn: x.instanceArn,
        ProvisionPermissionSetRequestId: NO_SUCH_ID,
      }),
    ),
  'sso:ListAccountAssignmentCreationStatus': (c, x) =>
    c.ssoAdmin.send(
      new ListAccountAssignmentCreationStatusCommand({ InstanceArn: x.instanceArn, MaxResults: 1 }),
    ),
  'sso:ListAccountAssignmentDeletionStatus': (c, x) =>
    c.ssoAdmin.send(
      new ListAccountAssignmentDeletionStatusCommand({ InstanceArn: x.instanceArn, MaxResults: 1 }),
    ),
  'sso:ListTagsForResource': (c, x) =>
    c.ssoAdmin.send(
      new ListTagsForResourceCommand({ InstanceArn: x.instanceArn, ResourceArn: x.permissionSetArn }),
    ),
  'sso:DescribeAccountAssignmentCreationStatus': (c, x) =>
    c.ssoAdmin.send(
      new DescribeAccountAssignmentCreationStatusCommand({
        InstanceArn: x.instanceArn,
        AccountAssignmentCreationRequestId: NO_SUCH_ID,
      }),
    ),
  'sso:DescribeAccountAssignmentDeletionStatus': (c, x) =>
    c.ssoAdmin.send(
      new DescribeAccountAssignmentDeletionStatusCommand({
        InstanceArn: x.instanceArn,
        AccountAssignmentDeletionRequestId: NO_SUCH_ID,
      }),
    ),
  'sso:ListApplications': (c, x) =>
    c.ssoAdmin.send(new ListApplicationsCommand({ InstanceArn: x.instanceArn, MaxResults: 1 })),
  'sso:DescribeApplication': (c, x) =>
    c.ssoAdmin.send(new DescribeApplicationCommand({ ApplicationArn: x.applicationArn })),
  'sso:ListApplicationAssignmentsForPrincipal': (c, x) =>
    c.ssoAdmin.send(
      new ListApplicationAssignmentsForPrincipalCommand({
        InstanceArn: x.instanceArn,
        PrincipalId: x.userId,
        PrincipalType: 'USER',
        MaxResults: 1,
      }),
    ),
  'identitystore:GetUserId': (c, x) =>
    c.identityStore.send(
      new GetUserIdCommand({
        IdentityStoreId: x.identityStoreId,
        AlternateIdentifier: {
          UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'cant-login-doctor-probe' },
        },
      }),
    ),
  'identitystore:DescribeUser': (c, x) =>
    c.identityStore.send(new DescribeUserCommand({ IdentityStoreId: x.identityStoreId, UserId: x.userId })),
  'identitystore:ListUsers': (c, x) =>
    c.identityStore.send(new ListUsersCommand({ IdentityStoreId: x.identityStoreId, MaxResults: 1 })),
  'identitystore:GetGroupId': (c, x) =>
    c.identityStore.send(
      new GetGroupIdCommand({
        IdentityStoreId: x.identityStoreId,
        AlternateIdentifier: {
          UniqueAttribute: { AttributePath: 'displayName', AttributeValue: 'cant-login-doctor-probe' },
        },
      }),
    ),
  'identitystore:ListGroups': (c, x) =>
    c.identityStore.send(new ListGroupsCommand({ IdentityStoreId: x.identityStoreId, MaxResults: 1 })),
  'identitystore:DescribeGroup': (c, x) =>
    c.identityStore.send(
      new DescribeGroupCommand({ IdentityStoreId: x.identityStoreId, GroupId: x.groupId }),
    ),
  'identitystore:ListGroupMembershipsForMember': (c, x) =>
    c.identityStore.send(
      new ListGroupMembershipsForMemberCommand({
        IdentityStoreId: x.identityStoreId,
        MemberId: { UserId: x.userId },
        MaxResults: 1,
      }),
    ),
  'identitystore:IsMemberInGroups': (c, x) =>
    c.identityStore.send(
      new IsMemberInGroupsCommand({
        IdentityStoreId: x.identityStoreId,
        MemberId: { UserId: x.userId },
        GroupIds: [x.groupId],
      }),
    ),
  'cloudtrail:LookupEvents': (c) =>
    c.cloudTrail.send(
      new LookupEventsCommand({
        MaxResults: 1,
        LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'signin.amazonaws.com' }],
      }),
    ),
  // CloudTrail Lake (only used when CLOUDTRAIL_LAKE_EVENT_DATA_STORE is set): a query on an event data
  // store that does not exist, and results of a query that does not exist, are refused by name (not
  // found), which proves the action is allowed without scanning (or paying for) anything.
  'cloudtrail:StartQuery': (c) =>
    c.cloudTrail.send(new StartQueryCommand({ QueryStatement: `SELECT eventid FROM ${NO_SUCH_ID} LIMIT 1` })),
  'cloudtrail:GetQueryResults': (c) => c.cloudTrail.send(new GetQueryResultsCommand({ QueryId: NO_SUCH_ID })),
  'cloudtrail:CancelQuery': (c) => c.cloudTrail.send(new CancelQueryCommand({ QueryId: NO_SUCH_ID })),
  'organizations:DescribeAccount': (c, x) =>
    c.organizations.send(new DescribeAccountCommand({ AccountId: x.accountId })),
  'organizations:ListAccounts': (c) => c.organizations.send(new ListAccountsCommand({ MaxResults: 1 })),
  'organizations:DescribeOrganization': (c) => c.organizations.send(new DescribeOrganizationCommand({})),
};

/** What one probe showed about its action. */
export type ProbeVerdict =
  | { kind: 'allowed' }
  | { kind: 'denied'; error: string }
  | { kind: 'unknown'; error: string };

/** Runs one probe. A "not found" answer comes after AWS has authorised the call, so it proves the action
 * is allowed; an access-denied answer proves it is not. Anything else (a validation error may come before
 * authorisation) proves neither. */
/** Errors CloudTrail Lake gives the probes' stand-ins only once the caller is authorised. */
const ANSWERED_AFTER_AUTHORISATION: ReadonlySet<string> = new Set([
  'QueryIdNotFoundException',
  'InvalidQueryStatementException',
  'EventDataStoreNotFoundException',
]);

export async function probe(
  action: DiagnosisAction,
  clients: AwsClients,
  ctx: ProbeContext,
): Promise<ProbeVerdict> {
  try {
    await PROBES[action](clients, ctx);
    return { kind: 'allowed' };
  } catch (error) {
    const code = classifyAwsError(error);
    const name = errorName(error) ?? 'unknown error';
    // AWS authorises before it looks at the request: a refusal of the probe's stand-in query or query
    // id by name proves the action itself is allowed.
    if (ANSWERED_AFTER_AUTHORISATION.has(name)) return { kind: 'allowed' };
    switch (code) {
      case 'not-found':
        return { kind: 'allowed' };
      case 'access-denied':
        return { kind: 'denied', error: name };
      case 'validation':
      case 'throttled':
      case 'unavailable':
      case 'unknown':
        return { kind: 'unknown', error: name };
    }
  }
}
