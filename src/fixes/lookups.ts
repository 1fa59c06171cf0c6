import {
  AwsCallError,
  type AwsService,
  awsCall,
  collectPages,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  DescribeGroupCommand,
  DescribePermissionSetProvisioningStatusCommand,
  DescribeUserCommand,
  type ExternalId,
  isNotFound,
  paginateListAccountAssignmentCreationStatus,
  paginateListAccountAssignmentDeletionStatus,
  paginateListAccountAssignments,
  paginateListPermissionSetProvisioningStatus,
  paginateListPermissionSetsProvisionedToAccount,
  readAccount,
  toAwsCallError,
} from '../aws';
import type { StatusReading } from './poll';
import type { FixContext, Precondition } from './types';

/** A precondition that says no. */
export type Refusal = Extract<Precondition, { kind: 'refused' }>;

// The reads every executor makes against AWS, always with the read-only clients (`ctx.reader`).

/** Runs one AWS call and turns whatever it throws into an `AwsCallError` naming the IAM action (the one
 * wrapper of the shared read layer, src/aws/reads.ts). */
export const aws: <T>(service: AwsService, operation: string, call: () => Promise<T>) => Promise<T> = awsCall;

/** One account assignment, as the fix parameters name it. */
export interface AssignmentTarget {
  accountId: string;
  permissionSetArn: string;
  principalType: 'USER' | 'GROUP';
  principalId: string;
}

// --- accounts ----------------------------------------------------------------------------------

/** What Organizations says of an account. `unknown`: the bot may not read Organizations, so AWS itself
 * will have to tell (a provisioning into an inactive account fails with a reason). */
export type AccountStanding =
  | { kind: 'active'; name: string | undefined }
  | { kind: 'inactive'; name: string | undefined; state: string }
  | { kind: 'missing' }
  | { kind: 'unknown' };

export async function accountStanding(ctx: FixContext, accountId: string): Promise<AccountStanding> {
  try {
    const account = await readAccount(ctx.reader, accountId);
    if (!account.found) return { kind: 'missing' };
    return account.state === 'ACTIVE'
      ? { kind: 'active', name: account.name }
      : { kind: 'inactive', name: account.name, state: account.state };
  } catch (error) {
    if (error instanceof AwsCallError && error.code === 'access-denied') {
      ctx.logger.warn(
        { accountId, action: error.action, errorCode: error.awsErrorName ?? error.code },
        'may not read the account in Organizations; AWS itself will refuse an inactive account',
      );
      return { kind: 'unknown' };
    }
    throw error;
  }
}

const label = (accountId: string, name: string | undefined) => (name ? `${name} (${accountId})` : accountId);

/** A refusal when the account cannot take access now, or undefined when it can (or the bot cannot tell). */
export async function inactiveAccountRefusal(
  ctx: FixContext,
  accountId: string,
): Promise<Refusal | undefined> {
  const standing = await accountStanding(ctx, accountId);
  switch (standing.kind) {
    case 'active':
    case 'unknown':
      return undefined;
    case 'missing':
      return {
        kind: 'refused',
        reason: `Account ${accountId} is not in the organization, so Identity Center cannot give access there.`,
      };
    case 'inactive':
      return {
        kind: 'refused',
        reason: `Account ${label(accountId, standing.name)} is ${standing.state.toLowerCase().replaceAll('_', ' ')}, so Identity Center cannot give access there until the account is restored.`,
      };
  }
}

/** AWS does not let a delegated administrator touch permission sets provisioned in the management account. */
export function delegatedAdminRefusal(ctx: FixContext, accountIds: readonly string[]): Refusal | undefined {
  const { managementAccountId, callerAccountId } = ctx;
  if (!managementAccountId || !callerAccountId || callerAccountId === managementAccountId) return undefined;
  if (!accountIds.includes(managementAccountId)) return undefined;
  return {
    kind: 'refused',
    reason: `This changes access in the management account (${managementAccountId}), and the bot runs as a delegated administrator in account ${callerAccountId}, which AWS does not allow there. Make the change from the management account instead.`,
  };
}

// --- permission sets and assignments -------------------------------------------------------------

/** The permission sets provisioned to an account; with `latestOnly`, only those whose latest version is. */
export async function permissionSetsProvisionedTo(
  ctx: FixContext,
  instanceArn: string,
  accountId: string,
  latestOnly: boolean,
): Promise<Set<string>> {
  const { items } = await aws('sso', 'ListPermissionSetsProvisionedToAccount', () =>
    collectPages(
      paginateListPermissionSetsProvisionedToAccount,
      { client: ctx.reader.ssoAdmin },
      {
        InstanceArn: instanceArn,
        AccountId: accountId,
        ...(latestOnly ? { ProvisioningStatus: 'LATEST_PERMISSION_SET_PROVISIONED' as const } : {}),
      },
      (page) => page.PermissionSets,
    ),
  );
  return new Set(items);
}

/** Whether the assignment exists now (ListAccountAssignments answers for the pair, whoever the caller is). */
export async function hasAssignment(
  ctx: FixContext,
  instanceArn: string,
  target: AssignmentTarget,
): Promise<boolean> {
  try {
    const { items } = await collectPages(
      paginateListAccountAssignments,
      { client: ctx.reader.ssoAdmin },
      { InstanceArn: instanceArn, AccountId: target.accountId, PermissionSetArn: target.permissionSetArn },
      (page) => page.AccountAssignments,
    );
    return items.some(
      (a) => a.PrincipalType === target.principalType && a.PrincipalId === target.principalId,
    );
  } catch (error) {
    // A permission set that no longer exists has no assignments.
    if (isNotFound(error)) return false;
    throw toAwsCallError(error, 'sso', 'ListAccountAssignments');
  }
}

// At most this many running requests are looked at one by one; more than a handful is already unusual.
const MAX_RUNNING_EXAMINED = 100;

/** The request ids of requests still IN_PROGRESS, newest first, as far as the listing tells. */
async function runningRequestIds(
  operation: string,
  pages: () => Promise<{ items: Array<{ RequestId?: string | undefined }> }>,
): Promise<string[]> {
  const { items } = await aws('sso', operation, pages);
  return items
    .map((s) => s.RequestId)
    .filter((id): id is string => typeof id === 'string')
    .slice(0, MAX_RUNNING_EXAMINED);
}

/** A provisioning of `permissionSetArn` that is running now and reaches `accountId` (one aimed at every
 * provisioned account carries no account id, and is counted), or undefined. */
export async function runningProvisioning(
  ctx: FixContext,
  instanceArn: string,
  permissionSetArn: string,
  accountId: string,
): Promise<string | undefined> {
  const ids = await runningRequestIds('ListPermissionSetProvisioningStatus', () =>
    collectPages(
      paginateListPermissionSetProvisioningStatus,
      { client: ctx.reader.ssoAdmin },
      { InstanceArn: instanceArn, Filter: { Status: 'IN_PROGRESS' } },
      (page) => page.PermissionSetsProvisioningStatus,
    ),
  );
  for (const id of ids) {
    const status = await describeProvisioningRaw(ctx, instanceArn, id);
    if (
      status?.Status === 'IN_PROGRESS' &&
      status.PermissionSetArn === permissionSetArn &&
      (status.AccountId === undefined || status.AccountId === accountId)
    ) {
      return id;
    }
  }
  return undefined;
}

/** An assignment creation for exactly `target` that is running now, or undefined. */
export async function runningAssignmentCreation(
  ctx: FixContext,
  instanceArn: string,
  target: AssignmentTarget,
): Promise<string | undefined> {
  const ids = await runningRequestIds('ListAccountAssignmentCreationStatus', () =>
    collectPages(
      paginateListAccountAssignmentCreationStatus,
      { client: ctx.reader.ssoAdmin },
      { InstanceArn: instanceArn, Filter: { Status: 'IN_PROGRESS' } },
      (page) => page.AccountAssignmentsCreationStatus,
    ),
  );
  for (const id of ids) {
    const status = await describeCreationRaw(ctx, instanceArn, id);
    if (
      status?.Status === 'IN_PROGRESS' &&
      status.TargetId === target.accountId &&
      status.PermissionSetArn === target.permissionSetArn &&
      status.PrincipalType === target.principalType &&
      status.PrincipalId === target.principalId
    ) {
      return id;
    }
  }
  return undefined;
}

/** An assignment deletion for exactly `target` that is running now, or undefined. */
export async function runningAssignmentDeletion(
  ctx: FixContext,
  instanceArn: string,
  target: AssignmentTarget,
): Promise<string | undefined> {
  const ids = await runningRequestIds('ListAccountAssignmentDeletionStatus', () =>
    collectPages(
      paginateListAccountAssignmentDeletionStatus,
      { client: ctx.reader.ssoAdmin },
      { InstanceArn: instanceArn, Filter: { Status: 'IN_PROGRESS' } },
      (page) => page.AccountAssignmentsDeletionStatus,
    ),
  );
  for (const id of ids) {
    const out = await aws('sso', 'DescribeAccountAssignmentDeletionStatus', () =>
      ctx.reader.ssoAdmin.send(
        new DescribeAccountAssignmentDeletionStatusCommand({
          InstanceArn: instanceArn,
          AccountAssignmentDeletionRequestId: id,
        }),
      ),
    );
    const status = out.AccountAssignmentDeletionStatus;
    if (
      status?.Status === 'IN_PROGRESS' &&
      status.TargetId === target.accountId &&
      status.PermissionSetArn === target.permissionSetArn &&
      status.PrincipalType === target.principalType &&
      status.PrincipalId === target.principalId
    ) {
      return id;
    }
  }
  return undefined;
}

// --- asynchronous request statuses -----------------------------------------------------------

async function describeProvisioningRaw(ctx: FixContext, instanceArn: string, requestId: string) {
  const out = await aws('sso', 'DescribePermissionSetProvisioningStatus', () =>
    ctx.reader.ssoAdmin.send(
      new DescribePermissionSetProvisioningStatusCommand({
        InstanceArn: instanceArn,
        ProvisionPermissionSetRequestId: requestId,
      }),
    ),
  );
  return out.PermissionSetProvisioningStatus;
}

async function describeCreationRaw(ctx: FixContext, instanceArn: string, requestId: string) {
  const out = await aws('sso', 'DescribeAccountAssignmentCreationStatus', () =>
    ctx.reader.ssoAdmin.send(
      new DescribeAccountAssignmentCreationStatusCommand({
        InstanceArn: instanceArn,
        AccountAssignmentCreationRequestId: requestId,
      }),
    ),
  );
  return out.AccountAssignmentCreationStatus;
}

export async function provisioningStatus(
  ctx: FixContext,
  instanceArn: string,
  requestId: string,
): Promise<StatusReading> {
  const s = await describeProvisioningRaw(ctx, instanceArn, requestId);
  return { status: s?.Status, failureReason: s?.FailureReason };
}

export async function creationStatus(
  ctx: FixContext,
  instanceArn: string,
  requestId: string,
): Promise<StatusReading> {
  const s = await describeCreationRaw(ctx, instanceArn, requestId);
  return { status: s?.Status, failureReason: s?.FailureReason };
}

export async function deletionStatus(
  ctx: FixContext,
  instanceArn: string,
  requestId: string,
): Promise<StatusReading> {
  const out = await aws('sso', 'DescribeAccountAssignmentDeletionStatus', () =>
    ctx.reader.ssoAdmin.send(
      new DescribeAccountAssignmentDeletionStatusCommand({
        InstanceArn: instanceArn,
        AccountAssignmentDeletionRequestId: requestId,
      }),
    ),
  );
  const s = out.AccountAssignmentDeletionStatus;
  return { status: s?.Status, failureReason: s?.FailureReason };
}

// --- identity store --------------------------------------------------------------------------

/** A user or group as the fixes need it: its name, and whether an external IdP feeds it. */
export interface Principal {
  /** `UserName` of a user, `DisplayName` of a group. */
  name: string | undefined;
  /** `DisplayName` of a user, for messages. */
  displayName: string | undefined;
  externalIds: ExternalId[];
}

/** The principal, or undefined when the identity store has no such id. */
export async function describePrincipal(
  ctx: FixContext,
  identityStoreId: string,
  type: 'USER' | 'GROUP',
  id: string,
): Promise<Principal | undefined> {
  const operation = type === 'USER' ? 'DescribeUser' : 'DescribeGroup';
  try {
    if (type === 'USER') {
      const u = await ctx.reader.identityStore.send(
        new DescribeUserCommand({ IdentityStoreId: identityStoreId, UserId: id }),
      );
      return { name: u.UserName, displayName: u.DisplayName, externalIds: u.ExternalIds ?? [] };
    }
    const g = await ctx.reader.identityStore.send(
      new DescribeGroupCommand({ IdentityStoreId: identityStoreId, GroupId: id }),
    );
    return { name: g.DisplayName, displayName: g.DisplayName, externalIds: g.ExternalIds ?? [] };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw toAwsCallError(error, 'identitystore', operation);
  }
}
