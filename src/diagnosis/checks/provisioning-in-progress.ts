import { AwsCallError } from '../../aws';
import type { Check } from '../check';
import type { DiagnosisFacts, GroupInfo, RecentRequest } from '../facts/facts';
import type { FindingContext } from '../types';

interface Pair {
  accountId: string;
  permissionSetArn: string;
}

/** What the person holds or is about to hold: their (account, permission set) pairs, narrowed to the
 * account they named, and the principals a new assignment for them would name. */
interface Scope {
  held: Map<string, Pair & { group: GroupInfo | undefined }>;
  userId: string;
  groups: Map<string, GroupInfo>;
  askedAccountId: string | undefined;
}

const keyOf = (p: Pair) => `${p.accountId}|${p.permissionSetArn}`;

async function scopeOf(facts: DiagnosisFacts): Promise<Scope> {
  const [user, groups, assignments, asked] = await Promise.all([
    facts.user(),
    facts.groups(),
    facts.assignments(),
    facts.requestedAccount(),
  ]);
  const held: Scope['held'] = new Map();
  for (const a of assignments) {
    if (asked && a.accountId !== asked.id) continue;
    const existing = held.get(keyOf(a));
    if (!existing)
      held.set(keyOf(a), { accountId: a.accountId, permissionSetArn: a.permissionSetArn, group: a.group });
    else if (!a.group) existing.group = undefined;
  }
  return {
    held,
    userId: user.UserId,
    groups: new Map(groups.map((g) => [g.groupId, g])),
    askedAccountId: asked?.id,
  };
}

/** The request's principal when it is the person or one of their groups. */
function personalPrincipal(r: RecentRequest, scope: Scope): { group: GroupInfo | undefined } | undefined {
  if (r.kind !== 'assignment-creation' || !r.principalId) return undefined;
  if (r.principalType === 'USER' && r.principalId === scope.userId) return { group: undefined };
  const group = r.principalType === 'GROUP' ? scope.groups.get(r.principalId) : undefined;
  return group ? { group } : undefined;
}

/** The person's pairs a request touches: one they hold, or a new assignment to them or their group. A
 * provisioning request without an account went to every account the permission set is in. */
function touched(r: RecentRequest, scope: Scope): Array<Pair & { group: GroupInfo | undefined }> {
  const permissionSetArn = r.permissionSetArn;
  if (!permissionSetArn) return [];
  if (!r.accountId) return [...scope.held.values()].filter((p) => p.permissionSetArn === permissionSetArn);
  const pair = { accountId: r.accountId, permissionSetArn };
  const held = scope.held.get(keyOf(pair));
  if (held) return [held];
  const principal = personalPrincipal(r, scope);
  if (principal && (!scope.askedAccountId || scope.askedAccountId === r.accountId)) {
    return [{ ...pair, group: principal.group }];
  }
  return [];
}

/** A name for the report is a courtesy: without it the finding still stands, under its id. */
function unnamed(error: unknown): undefined {
  if (error instanceof AwsCallError) return undefined;
  throw error;
}

async function contextOf(
  facts: DiagnosisFacts,
  pair: Pair & { group: GroupInfo | undefined },
): Promise<FindingContext> {
  const [account, permissionSet] = await Promise.all([
    facts.account(pair.accountId).catch(unnamed),
    facts.permissionSet(pair.permissionSetArn).catch(unnamed),
  ]);
  const accountName = account?.found ? account.name : undefined;
  return {
    accountId: pair.accountId,
    ...(accountName ? { accountName } : {}),
    permissionSetArn: pair.permissionSetArn,
    ...(permissionSet?.name ? { permissionSetName: permissionSet.name } : {}),
    ...(pair.group
      ? { groupId: pair.group.groupId, groupName: pair.group.displayName ?? pair.group.groupId }
      : {}),
  };
}

/** provisioning-in-progress: a provisioning or assignment request for the person's access is still running; they only need to wait. */
export const provisioningInProgressCheck: Check = {
  id: 'provisioning-in-progress',
  title: "Is AWS still setting up the person's access?",
  needs: ['user-not-found'],
  async run({ facts, finding }) {
    const [scope, provisioning, creations] = await Promise.all([
      scopeOf(facts),
      facts.recentProvisioning(),
      facts.recentAssignmentCreations(),
    ]);
    const running = [...provisioning, ...creations]
      .filter((r) => {
        const at = Date.parse(r.createdDate);
        return r.status === 'IN_PROGRESS' && at >= facts.windowStartMs && at <= facts.startedAtMs;
      })
      .sort((a, b) => Date.parse(b.createdDate) - Date.parse(a.createdDate));
    // One finding per account and permission set, for the newest request still running there.
    const newest = new Map<
      string,
      { request: RecentRequest; pair: Pair & { group: GroupInfo | undefined } }
    >();
    for (const request of running) {
      for (const pair of touched(request, scope)) {
        if (!newest.has(keyOf(pair))) newest.set(keyOf(pair), { request, pair });
      }
    }
    return Promise.all(
      [...newest.values()].map(async ({ request, pair }) =>
        finding('provisioning-in-progress', {
          context: await contextOf(facts, pair),
          evidence: { requestId: request.requestId, kind: request.kind, createdDate: request.createdDate },
          evidenceAt: request.createdDate,
          fix: null,
        }),
      ),
    );
  },
};
