import type { SnapshotAccountAssignment, SnapshotPermissionSet } from '../../snapshot/schema';
import { AwsFault, conflict, notFound } from '../errors';
import { validationMessage } from '../model';
import { ssoAdminModel } from '../models/sso-admin';
import { page, ssoPaging } from '../paging';
import type { SandboxState } from '../state';
import {
  compact,
  epochSeconds,
  type JsonService,
  type OperationContext,
  type OperationHandler,
  objectMember,
  oneOf,
  requiredString,
} from '../wire';

/** SSO Admin (`SWBExternalService`): instances, permission sets, assignments, provisioning, applications. */

const MAX_OUTSTANDING_ASSIGNMENT_CREATIONS = 15;
const PROVISIONING_STATUSES = [
  'LATEST_PERMISSION_SET_PROVISIONED',
  'LATEST_PERMISSION_SET_NOT_PROVISIONED',
] as const;
const ASYNC_STATUSES = ['IN_PROGRESS', 'FAILED', 'SUCCEEDED'] as const;

function instanceOf(input: Record<string, unknown>, state: SandboxState) {
  // Its pattern (and every other member's) was checked against the model before the handler ran.
  const arn = requiredString(input, 'InstanceArn');
  const instance = state.instances.find((i) => i.InstanceArn === arn);
  if (!instance) throw notFound(`Instance ${arn} does not exist.`);
  return instance;
}

function permissionSetOf(input: Record<string, unknown>, state: SandboxState): SnapshotPermissionSet {
  const arn = requiredString(input, 'PermissionSetArn');
  const ps = state.permissionSets.get(arn);
  if (!ps) throw notFound(`PermissionSet ${arn} does not exist.`);
  return ps;
}

function accountIdOf(input: Record<string, unknown>, member: string): string {
  return requiredString(input, member);
}

function provisioningFilter(input: Record<string, unknown>) {
  return input.ProvisioningStatus === undefined
    ? undefined
    : oneOf(input, 'ProvisioningStatus', PROVISIONING_STATUSES);
}

function statusFilter(input: Record<string, unknown>) {
  const filter = objectMember(input, 'Filter');
  return filter?.Status === undefined ? undefined : oneOf(filter, 'Status', ASYNC_STATUSES);
}

function assignmentTarget(input: Record<string, unknown>): SnapshotAccountAssignment {
  oneOf(input, 'TargetType', ['AWS_ACCOUNT'] as const);
  return {
    AccountId: accountIdOf(input, 'TargetId'),
    PermissionSetArn: requiredString(input, 'PermissionSetArn'),
    PrincipalType: oneOf(input, 'PrincipalType', ['USER', 'GROUP'] as const),
    PrincipalId: requiredString(input, 'PrincipalId'),
  };
}

const wireStatus = <T extends { CreatedDate?: string }>(s: T) =>
  compact({ ...s, CreatedDate: epochSeconds(s.CreatedDate) });
const instant = (iso: string | undefined) => (iso ? Date.parse(iso) : 0);
const newestFirst = <T extends { CreatedDate?: string }>(rows: Iterable<T>) =>
  [...rows].sort((a, b) => instant(b.CreatedDate) - instant(a.CreatedDate));

function describeInstance(i: ReturnType<typeof instanceOf>) {
  return compact({
    InstanceArn: i.InstanceArn,
    IdentityStoreId: i.IdentityStoreId,
    OwnerAccountId: i.OwnerAccountId,
    Name: i.Name,
    CreatedDate: epochSeconds(i.CreatedDate),
    Status: i.Status ?? 'ACTIVE',
    StatusReason: i.StatusReason,
    PrimaryRegion: i.PrimaryRegion,
    Regions: i.Regions?.map((r) => compact({ ...r, AddedDate: epochSeconds(r.AddedDate) })),
  });
}

export const ssoAdminOperations: Record<string, OperationHandler> = {
  ListInstances(input, { state }) {
    const { items, nextToken } = page(state.instances, input, ssoPaging);
    return { Instances: items.map(describeInstance), NextToken: nextToken };
  },

  DescribeInstance(input, { state }) {
    return { ...describeInstance(instanceOf(input, state)), PermissionSetsEnabled: true };
  },

  ListPermissionSets(input, { state }) {
    instanceOf(input, state);
    const { items, nextToken } = page([...state.permissionSets.keys()], input, ssoPaging);
    return { PermissionSets: items, NextToken: nextToken };
  },

  DescribePermissionSet(input, { state }) {
    instanceOf(input, state);
    const ps = permissionSetOf(input, state);
    return {
      PermissionSet: compact({
        Name: ps.Name,
        PermissionSetArn: ps.PermissionSetArn,
        Description: ps.Description,
        CreatedDate: epochSeconds(ps.CreatedDate),
        SessionDuration: ps.SessionDuration,
        RelayState: ps.RelayState,
      }),
    };
  },

  GetInlinePolicyForPermissionSet(input, { state }) {
    instanceOf(input, state);
    return { InlinePolicy: permissionSetOf(input, state).InlinePolicy ?? '' };
  },

  ListManagedPoliciesInPermissionSet(input, { state }) {
    instanceOf(input, state);
    const { items, nextToken } = page(
      permissionSetOf(input, state).AttachedManagedPolicies ?? [],
      input,
      ssoPaging,
    );
    return { AttachedManagedPolicies: items, NextToken: nextToken };
  },

  ListCustomerManagedPolicyReferencesInPermissionSet(input, { state }) {
    instanceOf(input, state);
    const refs = (permissionSetOf(input, state).CustomerManagedPolicyReferences ?? []).map((r) => ({
      ...r,
      Path: r.Path ?? '/',
    }));
    const { items, nextToken } = page(refs, input, ssoPaging);
    return { CustomerManagedPolicyReferences: items, NextToken: nextToken };
  },

  GetPermissionsBoundaryForPermissionSet(input, { state }) {
    instanceOf(input, state);
    const ps = permissionSetOf(input, state);
    // AWS answers ResourceNotFoundException when no boundary is attached.
    if (!ps.PermissionsBoundary)
      throw notFound(`Permissions boundary for ${ps.PermissionSetArn} does not exist.`);
    return { PermissionsBoundary: ps.PermissionsBoundary };
  },

  ListPermissionSetsProvisionedToAccount(input, { state }) {
    instanceOf(input, state);
    const accountId = accountIdOf(input, 'AccountId');
    const wanted = provisioningFilter(input);
    const arns = [...state.provisioned]
      .filter(([k, status]) => k.startsWith(`${accountId}|`) && (!wanted || wanted === status))
      .map(([k]) => k.slice(accountId.length + 1));
    const { items, nextToken } = page(arns, input, ssoPaging);
    return { PermissionSets: items, NextToken: nextToken };
  },

  ListAccountsForProvisionedPermissionSet(input, { state }) {
    instanceOf(input, state);
    const arn = permissionSetOf(input, state).PermissionSetArn;
    const wanted = provisioningFilter(input);
    const accounts = [...state.provisioned]
      .filter(([k, status]) => k.endsWith(`|${arn}`) && (!wanted || wanted === status))
      .map(([k]) => k.slice(0, 12));
    const { items, nextToken } = page(accounts, input, ssoPaging);
    return { AccountIds: items, NextToken: nextToken };
  },

  ListAccountAssignments(input, { state }) {
    instanceOf(input, state);
    const accountId = accountIdOf(input, 'AccountId');
    const arn = permissionSetOf(input, state).PermissionSetArn;
    const { items, nextToken } = page(state.assignmentsTo(accountId, arn), input, ssoPaging);
    return { AccountAssignments: items, NextToken: nextToken };
  },

  ListAccountAssignmentsForPrincipal(input, { state }) {
    instanceOf(input, state);
    const principalId = requiredString(input, 'PrincipalId');
    const principalType = oneOf(input, 'PrincipalType', ['USER', 'GROUP'] as const);
    const accountFilter = objectMember(input, 'Filter')?.AccountId;
    let rows = state.assignmentsOf(principalId).filter((a) => a.PrincipalType === principalType);
    if (principalType === 'USER' && state.userAssignmentsIncludeGroups) {
      rows = rows.concat(
        state
          .groupsOf(principalId)
          .flatMap((g) => state.assignmentsOf(g).filter((a) => a.PrincipalType === 'GROUP')),
      );
    }
    if (typeof accountFilter === 'string') rows = rows.filter((a) => a.AccountId === accountFilter);
    const { items, nextToken } = page(rows, input, ssoPaging);
    return {
      AccountAssignments: items.map((a) => ({
        AccountId: a.AccountId,
        PermissionSetArn: a.PermissionSetArn,
        PrincipalId: a.PrincipalId,
        PrincipalType: a.PrincipalType,
      })),
      NextToken: nextToken,
    };
  },

  ListPermissionSetProvisioningStatus(input, { state }) {
    instanceOf(input, state);
    const wanted = statusFilter(input);
    const rows = newestFirst(state.permissionSetProvisioning.values()).filter(
      (s) => !wanted || s.Status === wanted,
    );
    const { items, nextToken } = page(rows, input, ssoPaging);
    return {
      PermissionSetsProvisioningStatus: items.map((s) =>
        wireStatus({ Status: s.Status, RequestId: s.RequestId, CreatedDate: s.CreatedDate }),
      ),
      NextToken: nextToken,
    };
  },

  DescribePermissionSetProvisioningStatus(input, { state }) {
    instanceOf(input, state);
    const id = requiredString(input, 'ProvisionPermissionSetRequestId');
    const status = state.permissionSetProvisioning.get(id);
    if (!status) throw notFound(`Provisioning request ${id} does not exist.`);
    return { PermissionSetProvisioningStatus: wireStatus(status) };
  },

  ListAccountAssignmentCreationStatus(input, { state }) {
    instanceOf(input, state);
    const wanted = statusFilter(input);
    const rows = newestFirst(state.assignmentCreation.values()).filter((s) => !wanted || s.Status === wanted);
    const { items, nextToken } = page(rows, input, ssoPaging);
    return {
      AccountAssignmentsCreationStatus: items.map((s) =>
        wireStatus({ Status: s.Status, RequestId: s.RequestId, CreatedDate: s.CreatedDate }),
      ),
      NextToken: nextToken,
    };
  },

  // Snapshots carry no tags: every permission set answers with none (a tag allow-list then allows none).
  ListTagsForResource(input, { state }) {
    instanceOf(input, state);
    const arn = requiredString(input, 'ResourceArn');
    if (!state.permissionSets.has(arn)) throw notFound(`Resource ${arn} does not exist.`);
    return { Tags: [] };
  },

  ListAccountAssignmentDeletionStatus(input, { state }) {
    instanceOf(input, state);
    const wanted = statusFilter(input);
    const rows = newestFirst(state.assignmentDeletion.values()).filter((s) => !wanted || s.Status === wanted);
    const { items, nextToken } = page(rows, input, ssoPaging);
    return {
      AccountAssignmentsDeletionStatus: items.map((s) =>
        wireStatus({ Status: s.Status, RequestId: s.RequestId, CreatedDate: s.CreatedDate }),
      ),
      NextToken: nextToken,
    };
  },

  DescribeAccountAssignmentCreationStatus(input, { state }) {
    instanceOf(input, state);
    const id = requiredString(input, 'AccountAssignmentCreationRequestId');
    const status = state.assignmentCreation.get(id);
    if (!status) throw notFound(`Account assignment creation request ${id} does not exist.`);
    return { AccountAssignmentCreationStatus: wireStatus(status) };
  },

  DescribeAccountAssignmentDeletionStatus(input, { state }) {
    instanceOf(input, state);
    const id = requiredString(input, 'AccountAssignmentDeletionRequestId');
    const status = state.assignmentDeletion.get(id);
    if (!status) throw notFound(`Account assignment deletion request ${id} does not exist.`);
    return { AccountAssignmentDeletionStatus: wireStatus(status) };
  },

  ListApplications(input, { state }) {
    const instance = instanceOf(input, state);
    const apps = [...state.applications.values()].filter(
      (a) => !a.InstanceArn || a.InstanceArn === instance.InstanceArn,
    );
    const { items, nextToken } = page(apps, input, ssoPaging);
    return {
      Applications: items.map((a) =>
        compact({ ...a, InstanceArn: instance.InstanceArn, CreatedDate: epochSeconds(a.CreatedDate) }),
      ),
      NextToken: nextToken,
    };
  },

  DescribeApplication(input, { state }) {
    const arn = requiredString(input, 'ApplicationArn');
    const app = state.applications.get(arn);
    if (!app) throw notFound(`Application ${arn} does not exist.`);
    return compact({
      ...app,
      InstanceArn: app.InstanceArn ?? state.instances[0]?.InstanceArn,
      CreatedDate: epochSeconds(app.CreatedDate),
    });
  },

  ListApplicationAssignmentsForPrincipal(input, { state }) {
    instanceOf(input, state);
    const principalId = requiredString(input, 'PrincipalId');
    const principalType = oneOf(input, 'PrincipalType', ['USER', 'GROUP'] as const);
    const appFilter = objectMember(input, 'Filter')?.ApplicationArn;
    const rows = state.applicationAssignments.filter(
      (a) =>
        a.PrincipalId === principalId &&
        a.PrincipalType === principalType &&
        (typeof appFilter !== 'string' || a.ApplicationArn === appFilter),
    );
    const { items, nextToken } = page(rows, input, ssoPaging);
    return { ApplicationAssignments: items, NextToken: nextToken };
  },

  ProvisionPermissionSet(input, ctx) {
    const { state, faults } = ctx;
    instanceOf(input, state);
    const ps = permissionSetOf(input, state);
    const targetType = oneOf(input, 'TargetType', ['AWS_ACCOUNT', 'ALL_PROVISIONED_ACCOUNTS'] as const);
    let accounts: string[];
    if (targetType === 'AWS_ACCOUNT') {
      accounts = [accountIdOf(input, 'TargetId')];
    } else {
      accounts = [...state.provisioned.keys()]
        .filter((k) => k.endsWith(`|${ps.PermissionSetArn}`))
        .map((k) => k.slice(0, 12));
    }
    for (const accountId of accounts) {
      if (state.inProgressProvisioning(ps.PermissionSetArn, accountId)) {
        throw conflict(
          `A provisioning request for ${ps.PermissionSetArn} in account ${accountId} is already in progress.`,
        );
      }
    }
    const status = state.startProvisioning(
      ps.PermissionSetArn,
      accounts,
      ctx.faults.provisioningDelayMs,
      faults.failProvisioning,
    );
    return { PermissionSetProvisioningStatus: wireStatus(status) };
  },

  CreateAccountAssignment(input, ctx) {
    const { state, faults } = ctx;
    instanceOf(input, state);
    permissionSetOf(input, state);
    const target = assignmentTarget(input);
    if (state.assignmentChangeInFlight(target, 'assignment-creation')) {
      throw conflict(
        `An account assignment creation for ${target.PrincipalType} ${target.PrincipalId} with ${target.PermissionSetArn} in account ${target.AccountId} is already in progress.`,
      );
    }
    if (state.outstandingAssignmentCreations() >= MAX_OUTSTANDING_ASSIGNMENT_CREATIONS) {
      throw new AwsFault(
        'ThrottlingException',
        'Too many outstanding CreateAccountAssignment requests; retry later.',
      );
    }
    const status = state.startAssignmentCreation(target, faults.provisioningDelayMs, faults.failProvisioning);
    return { AccountAssignmentCreationStatus: wireStatus(status) };
  },

  DeleteAccountAssignment(input, ctx: OperationContext) {
    const { state, faults } = ctx;
    instanceOf(input, state);
    permissionSetOf(input, state);
    const target = assignmentTarget(input);
    if (!state.hasAssignment(target)) {
      throw notFound(
        `No assignment of ${target.PermissionSetArn} to ${target.PrincipalType} ${target.PrincipalId} in account ${target.AccountId}.`,
      );
    }
    const status = state.startAssignmentDeletion(target, faults.provisioningDelayMs);
    return { AccountAssignmentDeletionStatus: wireStatus(status) };
  },
};

export const ssoAdminService: JsonService = {
  service: 'sso',
  model: ssoAdminModel,
  operations: ssoAdminOperations,
  invalid: (violations) => new AwsFault('ValidationException', validationMessage(violations)),
};
