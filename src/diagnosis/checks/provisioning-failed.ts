import type { Check } from '../check';
import type { DiagnosisFacts, RecentRequest } from '../facts/facts';
import type { FixProposal } from '../types';
import { provisionFix } from './provisioning-state';
import {
  personalPrincipal,
  type RequestScope,
  recentRequests,
  requestScopeOf,
  touchedPairs,
} from './recent-requests';
import { contextOf, type HeldPair, type Pair, pairKey } from './scope';

/** Whether what the failed request was meant to do is in place now (someone retried it, or did it another way). */
async function resolvedSince(
  facts: DiagnosisFacts,
  r: RecentRequest,
  pair: Pair,
  scope: RequestScope,
): Promise<boolean> {
  const state = (await facts.provisioning(pair.accountId)).get(pair.permissionSetArn);
  if (r.kind === 'provisioning') return state === 'LATEST_PERMISSION_SET_PROVISIONED';
  return scope.held.has(pairKey(pair)) && state !== undefined;
}

/** provisioning-failed: a recent provisioning or assignment request for the person's access failed, and nothing has put it right since. */
export const provisioningFailedCheck: Check = {
  id: 'provisioning-failed',
  title: "Did a recent attempt to set up the person's access fail?",
  needs: ['user-not-found'],
  async run({ facts, finding }) {
    const [scope, recent, instance] = await Promise.all([
      requestScopeOf(facts),
      recentRequests(facts),
      facts.instance(),
    ]);

    // Newest first: a pair is settled by its newest failure that still matters, and a retry that is
    // running now (provisioning-in-progress says so) makes the older failure moot.
    const settled = new Set<string>();
    const failed: Array<{ request: RecentRequest; pair: HeldPair }> = [];
    for (const request of recent) {
      for (const pair of touchedPairs(request, scope)) {
        if (settled.has(pairKey(pair))) continue;
        if (request.status === 'IN_PROGRESS') settled.add(pairKey(pair));
        if (request.status !== 'FAILED' || (await resolvedSince(facts, request, pair, scope))) continue;
        settled.add(pairKey(pair));
        failed.push({ request, pair });
      }
    }

    return Promise.all(
      failed.map(async ({ request, pair }) => {
        // A failed creation for the person is retried as that creation; anything else that left the
        // permission set missing or stale on the account is put right by provisioning it there.
        const fix: FixProposal =
          request.kind === 'assignment-creation' && personalPrincipal(request, scope)
            ? {
                fix: 'grant-account-access',
                instanceArn: instance.InstanceArn,
                principalType: 'USER',
                principalId: scope.userId,
                accountId: pair.accountId,
                permissionSetArn: pair.permissionSetArn,
              }
            : provisionFix(instance.InstanceArn, pair);
        return finding('provisioning-failed', {
          context: await contextOf(facts, pair),
          evidence: {
            requestId: request.requestId,
            kind: request.kind,
            failureReason: request.failureReason ?? null,
            createdDate: request.createdDate,
          },
          evidenceAt: request.createdDate,
          fix,
        });
      }),
    );
  },
};
