import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { type Snapshot, snapshotSchema } from './schema';

/** A snapshot that cannot be used; the message names the file, the field and the reason. */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
  constructor(
    message: string,
    readonly source: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Reads, parses and validates a snapshot file. */
export async function loadSnapshotFile(path: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new SnapshotError(`${path}: cannot read the snapshot: ${reason}`, path, undefined, {
      cause: error,
    });
  }
  return parseSnapshotText(text, path);
}

/** Parses and validates snapshot JSON text; `source` names it in errors. */
export function parseSnapshotText(text: string, source = 'snapshot'): Snapshot {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(`${source}: not valid JSON: ${(error as Error).message}`, source, undefined, {
      cause: error,
    });
  }
  return validateSnapshot(json, source);
}

/** Validates an already parsed snapshot: shape first, then the references AWS keeps consistent. */
export function validateSnapshot(json: unknown, source = 'snapshot'): Snapshot {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SnapshotError(`${source}: (top level): expected an object, got ${typeName(json)}`, source, '');
  }
  const parsed = snapshotSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = formatPath(issue.path);
    throw new SnapshotError(`${source}: ${field || '(top level)'}: ${describeIssue(issue)}`, source, field);
  }
  const problem = findReferenceProblem(parsed.data);
  if (problem)
    throw new SnapshotError(`${source}: ${problem.field}: ${problem.reason}`, source, problem.field);
  return parsed.data;
}

/** `identityStore.users[3].UserId`, the way a person would point at the field. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_type':
      return issue.input === undefined
        ? `is required (${issue.expected})`
        : `expected ${issue.expected}, got ${typeName(issue.input)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(issue.input)}`;
    case 'too_small':
      if (!issue.message.startsWith('Too small')) return issue.message;
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}`;
    case 'too_big':
      if (!issue.message.startsWith('Too big')) return issue.message;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
    default:
      return issue.message;
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

interface ReferenceProblem {
  field: string;
  reason: string;
}

function findReferenceProblem(s: Snapshot): ReferenceProblem | undefined {
  const users = s.identityStore?.users ?? [];
  const groups = s.identityStore?.groups ?? [];
  return (
    firstDuplicate(users, (u) => u.UserId, 'identityStore.users', 'UserId') ??
    firstDuplicate(
      users.filter((u) => u.UserName !== undefined),
      (u) => u.UserName!,
      'identityStore.users',
      'UserName',
    ) ??
    firstDuplicate(groups, (g) => g.GroupId, 'identityStore.groups', 'GroupId') ??
    firstDuplicate(s.instances ?? [], (i) => i.InstanceArn, 'instances', 'InstanceArn') ??
    firstDuplicate(s.organization?.accounts ?? [], (a) => a.Id, 'organization.accounts', 'Id') ??
    firstDuplicate(s.permissionSets ?? [], (p) => p.PermissionSetArn, 'permissionSets', 'PermissionSetArn') ??
    firstDuplicate(s.applications ?? [], (a) => a.ApplicationArn, 'applications', 'ApplicationArn') ??
    firstDuplicate(s.cloudTrail?.events ?? [], (e) => e.EventId, 'cloudTrail.events', 'EventId') ??
    firstDuplicate(s.slack?.users ?? [], (u) => u.id, 'slack.users', 'id') ??
    checkReferences(s)
  );
}

function firstDuplicate<T>(
  items: readonly T[],
  key: (item: T) => string,
  list: string,
  field: string,
): ReferenceProblem | undefined {
  const seen = new Map<string, number>();
  for (const [i, item] of items.entries()) {
    const k = key(item);
    const earlier = seen.get(k);
    if (earlier !== undefined) {
      return { field: `${list}[${i}].${field}`, reason: `duplicate "${k}" (also ${list}[${earlier}])` };
    }
    seen.set(k, i);
  }
  return undefined;
}

function checkReferences(s: Snapshot): ReferenceProblem | undefined {
  const userIds = new Set((s.identityStore?.users ?? []).map((u) => u.UserId));
  const groupIds = new Set((s.identityStore?.groups ?? []).map((g) => g.GroupId));
  const permissionSetArns = new Set((s.permissionSets ?? []).map((p) => p.PermissionSetArn));
  // Without an organization section the bot cannot read accounts, so account ids cannot be checked.
  const accountIds = s.organization ? new Set((s.organization.accounts ?? []).map((a) => a.Id)) : undefined;
  const applicationArns = new Set((s.applications ?? []).map((a) => a.ApplicationArn));
  const slackUserIds = new Set((s.slack?.users ?? []).map((u) => u.id));

  const missing = (field: string, what: string, id: string): ReferenceProblem => ({
    field,
    reason: `refers to ${what} "${id}", which the snapshot does not define`,
  });

  if (
    s.organization?.managementAccountId &&
    accountIds &&
    !accountIds.has(s.organization.managementAccountId)
  ) {
    return missing('organization.managementAccountId', 'account', s.organization.managementAccountId);
  }
  for (const [i, m] of (s.identityStore?.memberships ?? []).entries()) {
    if (!userIds.has(m.UserId)) return missing(`identityStore.memberships[${i}].UserId`, 'user', m.UserId);
    if (!groupIds.has(m.GroupId))
      return missing(`identityStore.memberships[${i}].GroupId`, 'group', m.GroupId);
  }
  for (const [i, a] of (s.accountAssignments ?? []).entries()) {
    if (accountIds && !accountIds.has(a.AccountId))
      return missing(`accountAssignments[${i}].AccountId`, 'account', a.AccountId);
    if (!permissionSetArns.has(a.PermissionSetArn)) {
      return missing(`accountAssignments[${i}].PermissionSetArn`, 'permission set', a.PermissionSetArn);
    }
  }
  for (const [i, p] of (s.provisionedPermissionSets ?? []).entries()) {
    if (accountIds && !accountIds.has(p.AccountId)) {
      return missing(`provisionedPermissionSets[${i}].AccountId`, 'account', p.AccountId);
    }
    if (!permissionSetArns.has(p.PermissionSetArn)) {
      return missing(
        `provisionedPermissionSets[${i}].PermissionSetArn`,
        'permission set',
        p.PermissionSetArn,
      );
    }
  }
  for (const [i, a] of (s.applicationAssignments ?? []).entries()) {
    if (!applicationArns.has(a.ApplicationArn)) {
      return missing(`applicationAssignments[${i}].ApplicationArn`, 'application', a.ApplicationArn);
    }
  }
  for (const [i, id] of (s.slack?.admins ?? []).entries()) {
    if (!slackUserIds.has(id)) return missing(`slack.admins[${i}]`, 'Slack user', id);
  }
  return undefined;
}
