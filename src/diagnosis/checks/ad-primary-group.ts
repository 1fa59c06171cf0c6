import type { Check } from '../check';
import type { DiagnosisFacts } from '../facts/facts';
import { accountRef } from './scope';

/** AD's default primary group: Identity Center sees the group but never its members. */
const PRIMARY_GROUP = 'Domain Users';

/** Unlike the best-effort names of other checks, an account this check cannot describe fails it. */
async function accountName(facts: DiagnosisFacts, accountId: string): Promise<string | undefined> {
  const info = await facts.account(accountId);
  return info.found ? info.name : undefined;
}

/**
 * ad-primary-group: access meant for the person is assigned to AD's primary group, whose members
 * Identity Center cannot read, so it reaches nobody. Only accounts the person has no other way into
 * count: a primary group that grants nothing they lack is not what stops them.
 */
export const adPrimaryGroupCheck: Check = {
  id: 'ad-primary-group',
  title: 'Is access the person expects granted to an AD primary group such as "Domain Users"?',
  needs: ['user-not-found'],
  async run({ facts, finding }) {
    const group = await facts.groupByName(PRIMARY_GROUP);
    if (!group) return [];
    const rows = (await facts.principalAssignments('GROUP', group.groupId)).filter(
      (r) => r.principalType === 'GROUP' && r.principalId === group.groupId,
    );
    if (rows.length === 0) return [];
    const [groups, own, requested] = await Promise.all([
      facts.groups(),
      facts.assignments(),
      facts.requestedAccount(),
    ]);
    if (groups.some((g) => g.groupId === group.groupId)) return [];
    const ownAccounts = new Set(own.map((a) => a.accountId));
    let accountIds = [...new Set(rows.map((r) => r.accountId))].filter((id) => !ownAccounts.has(id));
    if (requested) accountIds = accountIds.filter((id) => id === requested.id);
    if (accountIds.length === 0) return [];
    accountIds.sort();
    const accounts = await Promise.all(
      accountIds.map(async (accountId) => accountRef(accountId, await accountName(facts, accountId))),
    );
    const groupName = group.displayName ?? PRIMARY_GROUP;
    return [
      finding('ad-primary-group', {
        context: {
          groupId: group.groupId,
          groupName,
          ...(requested ? accountRef(requested.id, requested.name) : {}),
        },
        evidence: { groupName, accounts },
        fix: null,
      }),
    ];
  },
};
