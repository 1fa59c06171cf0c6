import type { DiagnosisFacts, GroupInfo, RecentRequest } from '../facts/facts';
import { type HeldPair, type HoldingFacts, heldPairs, pairKey } from './scope';

/** What the person holds or is about to hold: their (account, permission set) pairs, narrowed to the
 * account they named, and the principals a new assignment for them would name. */
export interface RequestScope {
  held: Map<string, HeldPair>;
  userId: string;
  groups: Map<string, GroupInfo>;
  askedAccountId: string | undefined;
}

/** The facts that say who the person is and what they hold. */
export type PersonFacts = HoldingFacts & Pick<DiagnosisFacts, 'user' | 'groups'>;

/** The facts that list recent requests, and the window they must fall in. */
export type RequestFacts = Pick<
  DiagnosisFacts,
  'recentProvisioning' | 'recentAssignmentCreations' | 'windowStartMs' | 'startedAtMs'
>;

export async function requestScopeOf(facts: PersonFacts): Promise<RequestScope> {
  const [user, groups, held, asked] = await Promise.all([
    facts.user(),
    facts.groups(),
    heldPairs(facts),
    facts.requestedAccount(),
  ]);
  return {
    held,
    userId: user.UserId,
    groups: new Map(groups.map((g) => [g.groupId, g])),
    askedAccountId: asked?.id,
  };
}

/** Recent provisioning and assignment-creation requests created inside the window, newest first. */
export async function recentRequests(facts: RequestFacts): Promise<RecentRequest[]> {
  const [provisioning, creations] = await Promise.all([
    facts.recentProvisioning(),
    facts.recentAssignmentCreations(),
  ]);
  return [...provisioning, ...creations]
    .filter((r) => {
      const at = Date.parse(r.createdDate);
      return at >= facts.windowStartMs && at <= facts.startedAtMs;
    })
    .sort((a, b) => Date.parse(b.createdDate) - Date.parse(a.createdDate));
}

/** The request's principal when it is the person or one of their groups. */
export function personalPrincipal(
  r: RecentRequest,
  scope: RequestScope,
): { group: GroupInfo | undefined } | undefined {
  if (r.kind !== 'assignment-creation' || !r.principalId) return undefined;
  if (r.principalType === 'USER' && r.principalId === scope.userId) return { group: undefined };
  const group = r.principalType === 'GROUP' ? scope.groups.get(r.principalId) : undefined;
  return group ? { group } : undefined;
}

/** The person's pairs a request touches: one they hold, or a new assignment to them or their group. A
 * provisioning request without an account went to every account the permission set is in. */
export function touchedPairs(r: RecentRequest, scope: RequestScope): HeldPair[] {
  const permissionSetArn = r.permissionSetArn;
  if (!permissionSetArn) return [];
  if (!r.accountId) return [...scope.held.values()].filter((p) => p.permissionSetArn === permissionSetArn);
  const pair = { accountId: r.accountId, permissionSetArn };
  const held = scope.held.get(pairKey(pair));
  if (held) return [held];
  const principal = personalPrincipal(r, scope);
  if (principal && (!scope.askedAccountId || scope.askedAccountId === r.accountId)) {
    return [{ ...pair, group: principal.group }];
  }
  return [];
}
