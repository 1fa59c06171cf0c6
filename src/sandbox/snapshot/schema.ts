import { z } from 'zod';

/** The snapshot format of shared/design/sandbox-snapshot.md. Entity fields are the AWS API's own names;
 * entities keep fields we do not model (AWS answers carry more), but the top level is closed so a typo
 * fails loudly. */

const nonEmpty = z.string().min(1, 'must not be empty');
const isoDateTime = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)), {
  message: 'expected an ISO 8601 date-time such as 2026-11-23T12:00:00Z',
});
function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const principalType = z.enum(['USER', 'GROUP']);
const accountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id');

const externalId = z.looseObject({ Issuer: nonEmpty, Id: nonEmpty });

const user = z.looseObject({
  UserId: nonEmpty,
  UserName: z.string().optional(),
  DisplayName: z.string().optional(),
  NickName: z.string().optional(),
  Name: z
    .looseObject({
      Formatted: z.string().optional(),
      GivenName: z.string().optional(),
      FamilyName: z.string().optional(),
      MiddleName: z.string().optional(),
    })
    .optional(),
  Emails: z
    .array(
      z.looseObject({
        Value: z.string().optional(),
        Type: z.string().optional(),
        Primary: z.boolean().optional(),
      }),
    )
    .optional(),
  ExternalIds: z.array(externalId).optional(),
  UserStatus: z.enum(['ENABLED', 'DISABLED']).optional(),
  CreatedAt: isoDateTime.optional(),
  UpdatedAt: isoDateTime.optional(),
});

const group = z.looseObject({
  GroupId: nonEmpty,
  DisplayName: z.string().optional(),
  Description: z.string().optional(),
  ExternalIds: z.array(externalId).optional(),
  CreatedAt: isoDateTime.optional(),
  UpdatedAt: isoDateTime.optional(),
});

const membership = z.looseObject({ GroupId: nonEmpty, UserId: nonEmpty, MembershipId: nonEmpty.optional() });

const instance = z.looseObject({
  InstanceArn: nonEmpty,
  IdentityStoreId: z.string().optional(),
  OwnerAccountId: z.string().optional(),
  Name: z.string().optional(),
  CreatedDate: isoDateTime.optional(),
  Status: z.enum(['CREATE_IN_PROGRESS', 'CREATE_FAILED', 'DELETE_IN_PROGRESS', 'ACTIVE']).optional(),
  StatusReason: z.string().optional(),
  PrimaryRegion: z.string().optional(),
  Regions: z
    .array(
      z.looseObject({
        RegionName: z.string().optional(),
        Status: z.enum(['ACTIVE', 'ADDING', 'REMOVING']).optional(),
        IsPrimaryRegion: z.boolean().optional(),
        AddedDate: isoDateTime.optional(),
      }),
    )
    .optional(),
});

const account = z.looseObject({
  Id: accountId,
  Arn: z.string().optional(),
  Name: z.string().optional(),
  Email: z.string().optional(),
  State: z.enum(['ACTIVE', 'CLOSED', 'PENDING_ACTIVATION', 'PENDING_CLOSURE', 'SUSPENDED']).optional(),
  Status: z.enum(['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE']).optional(),
  JoinedMethod: z.enum(['INVITED', 'CREATED']).optional(),
  JoinedTimestamp: isoDateTime.optional(),
});

const customerManagedPolicyReference = z.looseObject({ Name: nonEmpty, Path: z.string().optional() });

const permissionSet = z.looseObject({
  PermissionSetArn: nonEmpty,
  Name: z.string().optional(),
  Description: z.string().optional(),
  SessionDuration: z.string().optional(),
  RelayState: z.string().optional(),
  CreatedDate: isoDateTime.optional(),
  InlinePolicy: z.string().nullable().optional(),
  AttachedManagedPolicies: z
    .array(z.looseObject({ Name: z.string().optional(), Arn: z.string().optional() }))
    .optional(),
  CustomerManagedPolicyReferences: z.array(customerManagedPolicyReference).optional(),
  PermissionsBoundary: z
    .looseObject({
      CustomerManagedPolicyReference: customerManagedPolicyReference.optional(),
      ManagedPolicyArn: z.string().optional(),
    })
    .nullable()
    .optional(),
});

const accountAssignment = z.looseObject({
  AccountId: accountId,
  PermissionSetArn: nonEmpty,
  PrincipalType: principalType,
  PrincipalId: nonEmpty,
});

const provisioningStatus = z.enum([
  'LATEST_PERMISSION_SET_PROVISIONED',
  'LATEST_PERMISSION_SET_NOT_PROVISIONED',
]);
const provisionedPermissionSet = z.looseObject({
  AccountId: accountId,
  PermissionSetArn: nonEmpty,
  ProvisioningStatus: provisioningStatus.optional(),
});

const asyncStatus = z.enum(['IN_PROGRESS', 'FAILED', 'SUCCEEDED']);
const permissionSetProvisioningStatus = z.looseObject({
  RequestId: nonEmpty,
  Status: asyncStatus.optional(),
  AccountId: z.string().optional(),
  PermissionSetArn: z.string().optional(),
  FailureReason: z.string().optional(),
  CreatedDate: isoDateTime.optional(),
});

const accountAssignmentOperationStatus = z.looseObject({
  RequestId: nonEmpty,
  Status: asyncStatus.optional(),
  FailureReason: z.string().optional(),
  TargetId: z.string().optional(),
  TargetType: z.literal('AWS_ACCOUNT').optional(),
  PermissionSetArn: z.string().optional(),
  PrincipalType: principalType.optional(),
  PrincipalId: z.string().optional(),
  CreatedDate: isoDateTime.optional(),
});

const application = z.looseObject({
  ApplicationArn: nonEmpty,
  Name: z.string().optional(),
  Status: z.enum(['ENABLED', 'DISABLED']).optional(),
  InstanceArn: z.string().optional(),
  ApplicationProviderArn: z.string().optional(),
  ApplicationAccount: z.string().optional(),
  Description: z.string().optional(),
  CreatedDate: isoDateTime.optional(),
});

const applicationAssignment = z.looseObject({
  ApplicationArn: nonEmpty,
  PrincipalType: principalType,
  PrincipalId: nonEmpty,
});

const cloudTrailEvent = z.looseObject({
  EventId: nonEmpty,
  EventName: z.string().optional(),
  EventSource: z.string().optional(),
  EventTime: isoDateTime.optional(),
  Username: z.string().optional(),
  ReadOnly: z.string().optional(),
  AccessKeyId: z.string().optional(),
  Resources: z
    .array(z.looseObject({ ResourceType: z.string().optional(), ResourceName: z.string().optional() }))
    .optional(),
  CloudTrailEvent: z
    .unknown()
    .refine((v) => isPlainObject(v) || (typeof v === 'string' && isPlainObject(parseOrUndefined(v))), {
      message: 'expected a JSON object or a string holding one',
    })
    .transform((v) => v as string | Record<string, unknown>)
    .optional(),
});

const knownPrincipal = z.looseObject({
  PrincipalId: nonEmpty,
  PrincipalType: principalType.optional(),
  Name: z.string().optional(),
  LastSeen: isoDateTime.optional(),
});

const slackUser = z.looseObject({
  id: nonEmpty,
  name: z.string().optional(),
  real_name: z.string().optional(),
  deleted: z.boolean().optional(),
  is_bot: z.boolean().optional(),
  profile: z
    .looseObject({
      email: z.string().optional(),
      display_name: z.string().optional(),
      real_name: z.string().optional(),
    })
    .optional(),
});

/** Services a fault can target; the names match the IAM prefixes except for the SSO Admin API (`sso`). */
export const sandboxServices = ['sso', 'identitystore', 'cloudtrail', 'organizations', 'sts'] as const;
export type SandboxService = (typeof sandboxServices)[number];

const faults = z.strictObject({
  latencyMs: z.number().min(0).optional(),
  throttle: z.partialRecord(z.enum(sandboxServices), z.number().positive()).optional(),
  deny: z
    .array(z.string().regex(/^[a-z-]+:[A-Za-z]+$/, 'expected an IAM action such as cloudtrail:LookupEvents'))
    .optional(),
  provisioningDelayMs: z.number().min(0).optional(),
  failProvisioning: z.record(accountId, z.string()).optional(),
});

const emulation = z.strictObject({
  /** Whether ListAccountAssignmentsForPrincipal(USER) also returns the rows of the user's groups. AWS does
   * not document it, so the bot must be right either way; the default is off. */
  userAssignmentsIncludeGroups: z.boolean().optional(),
  /** Whether GetUserId / GetGroupId match values regardless of letter case (undocumented in AWS). */
  caseInsensitiveLookups: z.boolean().optional(),
});

export const snapshotSchema = z.strictObject({
  schemaVersion: z.literal(1).optional(),
  description: z.string().optional(),
  now: isoDateTime.optional(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as us-east-1')
    .optional(),
  caller: z
    .looseObject({ Account: accountId, Arn: z.string().optional(), UserId: z.string().optional() })
    .optional(),
  instances: z.array(instance).optional(),
  identityStore: z
    .strictObject({
      users: z.array(user).optional(),
      groups: z.array(group).optional(),
      memberships: z.array(membership).optional(),
    })
    .optional(),
  organization: z
    .strictObject({
      managementAccountId: accountId.optional(),
      id: z.string().optional(),
      accounts: z.array(account).optional(),
    })
    .optional(),
  permissionSets: z.array(permissionSet).optional(),
  accountAssignments: z.array(accountAssignment).optional(),
  provisionedPermissionSets: z.array(provisionedPermissionSet).optional(),
  permissionSetProvisioningStatuses: z.array(permissionSetProvisioningStatus).optional(),
  accountAssignmentCreationStatuses: z.array(accountAssignmentOperationStatus).optional(),
  accountAssignmentDeletionStatuses: z.array(accountAssignmentOperationStatus).optional(),
  applications: z.array(application).optional(),
  applicationAssignments: z.array(applicationAssignment).optional(),
  cloudTrail: z.strictObject({ events: z.array(cloudTrailEvent).optional() }).optional(),
  knownPrincipals: z.array(knownPrincipal).optional(),
  slack: z
    .strictObject({ users: z.array(slackUser).optional(), admins: z.array(nonEmpty).optional() })
    .optional(),
  faults: faults.optional(),
  emulation: emulation.optional(),
});

/** A snapshot as written in the file, validated. */
export type Snapshot = z.infer<typeof snapshotSchema>;
export type SnapshotUser = z.infer<typeof user>;
export type SnapshotGroup = z.infer<typeof group>;
export type SnapshotMembership = z.infer<typeof membership>;
export type SnapshotInstance = z.infer<typeof instance>;
export type SnapshotAccount = z.infer<typeof account>;
export type SnapshotPermissionSet = z.infer<typeof permissionSet>;
export type SnapshotAccountAssignment = z.infer<typeof accountAssignment>;
export type SnapshotProvisionedPermissionSet = z.infer<typeof provisionedPermissionSet>;
export type SnapshotPermissionSetProvisioningStatus = z.infer<typeof permissionSetProvisioningStatus>;
export type SnapshotAccountAssignmentOperationStatus = z.infer<typeof accountAssignmentOperationStatus>;
export type SnapshotApplication = z.infer<typeof application>;
export type SnapshotApplicationAssignment = z.infer<typeof applicationAssignment>;
export type SnapshotCloudTrailEvent = z.infer<typeof cloudTrailEvent>;
export type SnapshotKnownPrincipal = z.infer<typeof knownPrincipal>;
export type SnapshotSlackUser = z.infer<typeof slackUser>;
export type SnapshotFaults = z.infer<typeof faults>;
