import type { Check } from '../check';
import type { FixProposal } from '../types';
import { accountNameOf, accountRef } from './scope';

/** The checks that propose fixes; their results are read, never recomputed. */
const FIXING_CHECKS = [
  'no-assignments',
  'not-assigned-to-account',
  'permission-set-not-provisioned',
  'permission-set-outdated',
  'provisioning-failed',
  'principal-recreated',
] as const;

/** The accounts whose permission sets or assignments a fix changes. */
function accountsChangedBy(fix: FixProposal): string[] {
  switch (fix.fix) {
    case 'provision-permission-set':
      return [fix.accountId];
    case 'grant-account-access':
      return fix.accountId ? [fix.accountId] : [];
    case 'repoint-assignments':
      return fix.stale.map((s) => s.accountId);
    case 'add-to-group':
      // A group membership is an Identity Store change, which a delegated administrator may make.
      return [];
  }
}

/** management-account-restricted: a proposed fix changes access in the management account, which a delegated administrator may not do. */
export const managementAccountRestrictedCheck: Check = {
  id: 'management-account-restricted',
  title: 'Can the bot carry out its proposed fixes from the account it runs in?',
  needs: ['user-not-found'],
  reads: FIXING_CHECKS,
  async run({ facts, result, finding }) {
    const proposals = FIXING_CHECKS.flatMap((id) =>
      (result(id)?.findings ?? []).flatMap((f) => (f.fix ? [{ cause: f.cause, fix: f.fix }] : [])),
    );
    if (proposals.length === 0) return [];
    const [caller, managementAccountId] = await Promise.all([facts.caller(), facts.managementAccountId()]);
    // Running in the management account itself, the bot may change anything there.
    if (!managementAccountId || !caller.account || caller.account === managementAccountId) return [];
    const restricted = proposals.filter((p) => accountsChangedBy(p.fix).includes(managementAccountId));
    if (restricted.length === 0) return [];
    const managementName = await accountNameOf(facts, managementAccountId);
    return [
      finding('management-account-restricted', {
        context: accountRef(managementAccountId, managementName),
        evidence: {
          callerAccount: caller.account,
          managementAccountId,
          fixes: [...new Set(restricted.map((p) => p.cause))],
        },
        fix: null,
      }),
    ];
  },
};
