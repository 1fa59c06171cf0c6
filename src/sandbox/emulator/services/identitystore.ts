import type { SnapshotGroup, SnapshotUser } from '../../snapshot/schema';
import { AwsFault, conflict, notFound, validation } from '../errors';
import { validationMessage } from '../model';
import { identityStoreModel } from '../models/identitystore';
import { page, ssoPaging } from '../paging';
import type { SandboxState } from '../state';
import {
  compact,
  epochSeconds,
  type JsonService,
  type OperationHandler,
  objectMember,
  requiredString,
} from '../wire';

/** Identity Store (`AWSIdentityStore`): users, groups and memberships. */

function checkStore(input: Record<string, unknown>, state: SandboxState): string {
  const id = requiredString(input, 'IdentityStoreId');
  const known = state.instances.map((i) => i.IdentityStoreId).filter((s): s is string => Boolean(s));
  if (known.length > 0 && !known.includes(id)) {
    throw notFound(`Identity store ${id} does not exist.`, {
      ResourceType: 'IDENTITY_STORE',
      ResourceId: id,
    });
  }
  return id;
}

const userNotFound = (id: string) => notFound(`USER not found.`, { ResourceType: 'USER', ResourceId: id });
const groupNotFound = (id: string) => notFound(`GROUP not found.`, { ResourceType: 'GROUP', ResourceId: id });

function wireUser(u: SnapshotUser, storeId: string) {
  return compact({
    ...u,
    IdentityStoreId: storeId,
    CreatedAt: epochSeconds(u.CreatedAt),
    UpdatedAt: epochSeconds(u.UpdatedAt),
  });
}

function wireGroup(g: SnapshotGroup, storeId: string) {
  return compact({
    ...g,
    IdentityStoreId: storeId,
    CreatedAt: epochSeconds(g.CreatedAt),
    UpdatedAt: epochSeconds(g.UpdatedAt),
  });
}

/** The value of an `AlternateIdentifier.UniqueAttribute`: a JSON document, a string for the paths AWS allows. */
function uniqueAttribute(
  input: Record<string, unknown>,
): { path: string; value: string } | { issuer: string; id: string } {
  const alt = objectMember(input, 'AlternateIdentifier');
  if (!alt)
    throw validation(
      "1 validation error detected: Value null at 'alternateIdentifier' failed to satisfy constraint: Member must not be null",
    );
  const ext = objectMember(alt, 'ExternalId');
  if (ext) return { issuer: requiredString(ext, 'Issuer'), id: requiredString(ext, 'Id') };
  const unique = objectMember(alt, 'UniqueAttribute');
  if (!unique) throw validation('AlternateIdentifier must have ExternalId or UniqueAttribute.');
  const path = requiredString(unique, 'AttributePath');
  const value = unique.AttributeValue;
  if (typeof value !== 'string') throw validation(`The AttributeValue for ${path} must be a string.`);
  return { path, value };
}

function findUser(state: SandboxState, input: Record<string, unknown>): SnapshotUser | undefined {
  const ident = uniqueAttribute(input);
  const users = [...state.users.values()];
  if ('issuer' in ident)
    return users.find((u) => u.ExternalIds?.some((e) => e.Issuer === ident.issuer && e.Id === ident.id));
  switch (ident.path) {
    case 'userName':
      return users.find((u) => state.sameValue(u.UserName, ident.value));
    case 'emails.value':
      return users.find((u) => u.Emails?.some((e) => state.sameValue(e.Value, ident.value)));
    default:
      throw validation(
        `Invalid AttributePath ${ident.path}: the only valid paths are userName and emails.value.`,
      );
  }
}

function findGroup(state: SandboxState, input: Record<string, unknown>): SnapshotGroup | undefined {
  const ident = uniqueAttribute(input);
  const groups = [...state.groups.values()];
  if ('issuer' in ident)
    return groups.find((g) => g.ExternalIds?.some((e) => e.Issuer === ident.issuer && e.Id === ident.id));
  if (ident.path !== 'displayName')
    throw validation(`Invalid AttributePath ${ident.path}: the only valid path is displayName.`);
  return groups.find((g) => state.sameValue(g.DisplayName, ident.value));
}

function memberUserId(input: Record<string, unknown>): string {
  const member = objectMember(input, 'MemberId');
  if (!member)
    throw validation(
      "1 validation error detected: Value null at 'memberId' failed to satisfy constraint: Member must not be null",
    );
  return requiredString(member, 'UserId');
}

/** The deprecated `Filters` of ListUsers / ListGroups: exact match on one attribute. */
function applyFilters<T>(
  rows: T[],
  input: Record<string, unknown>,
  attribute: (row: T, path: string) => string | undefined,
): T[] {
  const filters = input.Filters;
  if (!Array.isArray(filters) || filters.length === 0) return rows;
  return rows.filter((row) =>
    filters.every(
      (f: { AttributePath?: string; AttributeValue?: string }) =>
        attribute(row, f.AttributePath ?? '') === f.AttributeValue,
    ),
  );
}

export const identityStoreOperations: Record<string, OperationHandler> = {
  GetUserId(input, { state }) {
    const storeId = checkStore(input, state);
    const user = findUser(state, input);
    if (!user) throw userNotFound('');
    return { UserId: user.UserId, IdentityStoreId: storeId };
  },

  DescribeUser(input, { state }) {
    const storeId = checkStore(input, state);
    const id = requiredString(input, 'UserId');
    const user = state.users.get(id);
    if (!user) throw userNotFound(id);
    return wireUser(user, storeId);
  },

  ListUsers(input, { state }) {
    const storeId = checkStore(input, state);
    const rows = applyFilters([...state.users.values()], input, (u, p) =>
      p === 'UserName' ? u.UserName : undefined,
    );
    const { items, nextToken } = page(rows, input, ssoPaging);
    return { Users: items.map((u) => wireUser(u, storeId)), NextToken: nextToken };
  },

  GetGroupId(input, { state }) {
    const storeId = checkStore(input, state);
    const group = findGroup(state, input);
    if (!group) throw groupNotFound('');
    return { GroupId: group.GroupId, IdentityStoreId: storeId };
  },

  DescribeGroup(input, { state }) {
    const storeId = checkStore(input, state);
    const id = requiredString(input, 'GroupId');
    const group = state.groups.get(id);
    if (!group) throw groupNotFound(id);
    return wireGroup(group, storeId);
  },

  ListGroups(input, { state }) {
    const storeId = checkStore(input, state);
    const rows = applyFilters([...state.groups.values()], input, (g, p) =>
      p === 'DisplayName' ? g.DisplayName : undefined,
    );
    const { items, nextToken } = page(rows, input, ssoPaging);
    return { Groups: items.map((g) => wireGroup(g, storeId)), NextToken: nextToken };
  },

  ListGroupMembershipsForMember(input, { state }) {
    const storeId = checkStore(input, state);
    const userId = memberUserId(input);
    if (!state.users.has(userId)) throw userNotFound(userId);
    const rows = [...(state.membershipsByUser.get(userId) ?? new Map<string, string>())].map(
      ([groupId, membershipId]) => ({
        IdentityStoreId: storeId,
        MembershipId: membershipId,
        GroupId: groupId,
        MemberId: { UserId: userId },
      }),
    );
    const { items, nextToken } = page(rows, input, ssoPaging);
    return { GroupMemberships: items, NextToken: nextToken };
  },

  ListGroupMemberships(input, { state }) {
    const storeId = checkStore(input, state);
    const groupId = requiredString(input, 'GroupId');
    if (!state.groups.has(groupId)) throw groupNotFound(groupId);
    const rows = state.membersOf(groupId).map((m) => ({
      IdentityStoreId: storeId,
      MembershipId: m.membershipId,
      GroupId: groupId,
      MemberId: { UserId: m.userId },
    }));
    const { items, nextToken } = page(rows, input, ssoPaging);
    return { GroupMemberships: items, NextToken: nextToken };
  },

  IsMemberInGroups(input, { state }) {
    checkStore(input, state);
    const userId = memberUserId(input);
    const groupIds = input.GroupIds;
    if (!Array.isArray(groupIds) || groupIds.length < 1 || groupIds.length > 100) {
      throw validation(
        "1 validation error detected: Value at 'groupIds' failed to satisfy constraint: Member must have length between 1 and 100",
      );
    }
    const mine = state.membershipsByUser.get(userId);
    return {
      Results: groupIds.map((groupId: string) => ({
        GroupId: groupId,
        MemberId: { UserId: userId },
        MembershipExists: mine?.has(groupId) ?? false,
      })),
    };
  },

  CreateGroupMembership(input, { state }) {
    const storeId = checkStore(input, state);
    const groupId = requiredString(input, 'GroupId');
    const userId = memberUserId(input);
    if (!state.groups.has(groupId)) throw groupNotFound(groupId);
    if (!state.users.has(userId)) throw userNotFound(userId);
    if (state.membershipsByUser.get(userId)?.has(groupId)) {
      throw conflict('Member is already a member of this group.', {
        Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION',
      });
    }
    return { MembershipId: state.addMembership(userId, groupId), IdentityStoreId: storeId };
  },
};

export const identityStoreService: JsonService = {
  service: 'identitystore',
  model: identityStoreModel,
  operations: identityStoreOperations,
  invalid: (violations) => new AwsFault('ValidationException', validationMessage(violations)),
};
