import type { Check } from '../check';
import { accountRef } from './scope';

/** account-not-active: the accounts the person is assigned to (or the one they named) are active members of the organisation. */
export const accountNotActiveCheck: Check = {
  id: 'account-not-active',
  title: "Are the person's accounts active in the organisation?",
  needs: ['user-not-found'],
  async run({ facts, finding }) {
    const [assignments, asked] = await Promise.all([facts.assignments(), facts.requestedAccount()]);
    const assigned = new Set(assignments.map((a) => a.accountId));
    const accountIds = asked ? [asked.id] : [...assigned];
    const accounts = await Promise.all(accountIds.map((id) => facts.account(id)));
    return accounts.flatMap((account) => {
      // Organizations no longer knowing the account is the end state of a closed one.
      const state = account.found ? account.state : 'NOT_IN_ORGANIZATION';
      if (state === 'ACTIVE') return [];
      return [
        finding('account-not-active', {
          context: accountRef(account.id, account.found ? account.name : undefined),
          evidence: { state, assigned: assigned.has(account.id) },
          fix: null,
        }),
      ];
    });
  },
};
