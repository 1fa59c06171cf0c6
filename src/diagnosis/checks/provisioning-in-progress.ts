import type { Check } from '../check';
import type { RecentRequest } from '../facts/facts';
import { recentRequests, requestScopeOf, touchedPairs } from './recent-requests';
import { contextOf, type HeldPair, pairKey } from './scope';

/** provisioning-in-progress: a provisioning or assignment request for the person's access is still running; they only need to wait. */
export const provisioningInProgressCheck: Check = {
  id: 'provisioning-in-progress',
  title: "Is AWS still setting up the person's access?",
  needs: ['user-not-found'],
  async run({ facts, finding }) {
    const [scope, recent] = await Promise.all([requestScopeOf(facts), recentRequests(facts)]);
    // One finding per account and permission set, for the newest request still running there.
    const newest = new Map<string, { request: RecentRequest; pair: HeldPair }>();
    for (const request of recent.filter((r) => r.status === 'IN_PROGRESS')) {
      for (const pair of touchedPairs(request, scope)) {
        if (!newest.has(pairKey(pair))) newest.set(pairKey(pair), { request, pair });
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
