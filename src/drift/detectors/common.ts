import { CAUSES } from '../../diagnosis/causes';
import type { FixProposal } from '../../diagnosis/types';
import type { Drift, DriftKind, DriftObservations, ReadName, ScannedAssignment } from '../types';

/** Whether every listing in `reads` was read whole. */
export function readsComplete(obs: DriftObservations, reads: readonly ReadName[]): boolean {
  return !obs.coverage.gaps.some((g) => reads.includes(g.check as ReadName));
}

export const accountRef = (obs: DriftObservations, id: string): { id: string; name?: string } => {
  const name = obs.accounts[id]?.name;
  return name ? { id, name } : { id };
};

export const permissionSetRef = (obs: DriftObservations, arn: string): { arn: string; name?: string } => {
  const name = obs.permissionSets[arn]?.name;
  return name ? { arn, name } : { arn };
};

/** The current name of a principal, if it exists now. */
export const currentName = (
  obs: DriftObservations,
  type: 'USER' | 'GROUP',
  id: string,
): string | undefined => (type === 'USER' ? obs.users[id] : obs.groups[id]);

/** Groups by `key`, keeping the first-seen order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const unique = <T>(items: readonly T[]) => [...new Set(items)];

/** The people behind `principals`: users as themselves, current groups as their members (once read). */
export function peopleOf(
  obs: DriftObservations,
  principals: ReadonlyArray<{ type: 'USER' | 'GROUP'; id: string }>,
): Drift['affectedUsers'] {
  const ids = new Set<string>();
  for (const p of principals) {
    if (p.type === 'USER') {
      if (obs.users[p.id] !== undefined) ids.add(p.id);
    } else {
      for (const member of obs.members[p.id] ?? []) ids.add(member);
    }
  }
  return [...ids]
    .map((userId) => {
      const userName = obs.users[userId];
      return userName ? { userId, userName } : { userId };
    })
    .sort((a, b) => (a.userName ?? a.userId).localeCompare(b.userName ?? b.userId));
}

/** One provision fix that covers every (account, permission set) pair in `pairs`. */
export function provisionAll(
  obs: DriftObservations,
  pairs: ReadonlyArray<{ accountId: string; permissionSetArn: string }>,
): FixProposal | null {
  const [first] = pairs;
  if (!first) return null;
  return {
    fix: 'provision-permission-set',
    instanceArn: obs.instanceArn,
    accountId: first.accountId,
    permissionSetArn: first.permissionSetArn,
    ...(pairs.length > 1
      ? { targets: pairs.map((p) => ({ accountId: p.accountId, permissionSetArn: p.permissionSetArn })) }
      : {}),
  };
}

/** Builds a drift with the catalogue's severity and the fields every kind shares. */
export function drift(
  obs: DriftObservations,
  kind: DriftKind,
  key: string,
  parts: {
    accounts: readonly string[];
    permissionSetArn: string | null;
    principal: Drift['principal'];
    assignments: ScannedAssignment[];
    /** Whose access it is, when it is not the assignments' principals. */
    people?: ReadonlyArray<{ type: 'USER' | 'GROUP'; id: string }>;
    since?: string;
    summary: string;
    fix: FixProposal | null;
  },
): Drift {
  const principals =
    parts.people ??
    unique(parts.assignments.map((a) => `${a.principalType}|${a.principalId}`)).map((k) => {
      const [type, id] = k.split('|') as ['USER' | 'GROUP', string];
      return { type, id };
    });
  return {
    id: `${kind}:${key}`,
    kind,
    severity: CAUSES[kind].severity,
    accounts: unique(parts.accounts)
      .sort()
      .map((id) => accountRef(obs, id)),
    permissionSet: parts.permissionSetArn ? permissionSetRef(obs, parts.permissionSetArn) : null,
    principal: parts.principal,
    affectedUsers: peopleOf(obs, principals),
    since: parts.since ?? obs.at,
    summary: parts.summary,
    fix: parts.fix,
    assignments: parts.assignments,
  };
}

/** "ReadOnly" or its ARN. */
export const psLabel = (obs: DriftObservations, arn: string) => obs.permissionSets[arn]?.name ?? arn;

/** "prod-eu (856431207719)" or the id. */
export const accountLabel = (obs: DriftObservations, id: string) => {
  const name = obs.accounts[id]?.name;
  return name ? `${name} (${id})` : id;
};

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
