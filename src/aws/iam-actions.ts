/** The IAM actions the bot calls, in two least-privilege sets. The CDK app grants exactly these, and a
 * test checks that a diagnosis (and every fix) calls nothing outside them. */

/** Read-only: everything a diagnosis, the approval card's pickers, a fix's status polling and the
 * inventory scan read. */
export const DIAGNOSIS_ACTIONS = [
  'sso:ListInstances',
  'sso:DescribeInstance',
  'sso:ListPermissionSets',
  'sso:DescribePermissionSet',
  'sso:GetInlinePolicyForPermissionSet',
  'sso:ListManagedPoliciesInPermissionSet',
  'sso:ListCustomerManagedPolicyReferencesInPermissionSet',
  'sso:GetPermissionsBoundaryForPermissionSet',
  'sso:ListPermissionSetsProvisionedToAccount',
  'sso:ListAccountsForProvisionedPermissionSet',
  'sso:ListAccountAssignments',
  'sso:ListAccountAssignmentsForPrincipal',
  'sso:ListPermissionSetProvisioningStatus',
  'sso:DescribePermissionSetProvisioningStatus',
  'sso:ListAccountAssignmentCreationStatus',
  'sso:DescribeAccountAssignmentCreationStatus',
  'sso:ListAccountAssignmentDeletionStatus',
  'sso:DescribeAccountAssignmentDeletionStatus',
  'sso:ListTagsForResource',
  'sso:ListApplications',
  'sso:DescribeApplication',
  'sso:ListApplicationAssignmentsForPrincipal',
  'identitystore:GetUserId',
  'identitystore:DescribeUser',
  'identitystore:ListUsers',
  'identitystore:GetGroupId',
  'identitystore:ListGroups',
  'identitystore:DescribeGroup',
  'identitystore:ListGroupMembershipsForMember',
  'identitystore:IsMemberInGroups',
  'cloudtrail:LookupEvents',
  // CloudTrail Lake, used only with CLOUDTRAIL_LAKE_EVENT_DATA_STORE (signin-sources/lake.ts).
  'cloudtrail:StartQuery',
  'cloudtrail:GetQueryResults',
  'cloudtrail:CancelQuery',
  'organizations:DescribeAccount',
  'organizations:ListAccounts',
  'organizations:DescribeOrganization',
] as const;

/** The writes the approved fixes make. */
export const FIX_WRITE_ACTIONS = [
  'sso:ProvisionPermissionSet',
  'sso:CreateAccountAssignment',
  'sso:DeleteAccountAssignment',
  'identitystore:CreateGroupMembership',
] as const;

/** What AWS itself requires of the caller of those writes: Identity Center creates and updates the
 * AWSReservedSSO_* roles and the SAML provider in the target account on the caller's behalf
 * (documented under "Permissions required to use the IAM Identity Center console" / the
 * AWSSSOMasterAccountAdministrator managed policy). Scoped in the CDK app to those roles. */
export const FIX_SUPPORTING_ACTIONS = [
  'iam:GetRole',
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:UpdateRole',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:ListRolePolicies',
  'iam:ListAttachedRolePolicies',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
  'iam:GetSAMLProvider',
  'iam:CreateSAMLProvider',
  'iam:UpdateSAMLProvider',
  'iam:ListSAMLProviders',
] as const;

export type DiagnosisAction = (typeof DIAGNOSIS_ACTIONS)[number];
