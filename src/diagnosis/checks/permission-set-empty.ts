import type { Check } from '../check';
import { statementsOf } from './inline-policy';
import { heldPermissionSets, permissionSetContextOf } from './scope';

/** permission-set-empty: each of the person's permission sets carries some policy (a boundary alone grants nothing). */
export const permissionSetEmptyCheck: Check = {
  id: 'permission-set-empty',
  title: "Does each of the person's permission sets carry any policy?",
  needs: ['user-not-found'],
  async run({ facts, finding }) {
    const held = await heldPermissionSets(facts);
    const empty = (
      await Promise.all(
        [...held].map(async ([arn, accountIds]) => {
          const policies = await facts.permissionSetPolicies(arn);
          // Read no further: the inline policy (or a fresh inventory) already shows the set allows something.
          if (policies.read !== 'all') return [];
          const statements = statementsOf(policies.inline);
          const isEmpty =
            statements?.length === 0 &&
            policies.managed.length === 0 &&
            policies.customerManaged.length === 0;
          return isEmpty ? [{ arn, accountIds }] : [];
        }),
      )
    ).flat();
    return Promise.all(
      empty.map(async ({ arn, accountIds }) => {
        const { context, accounts } = await permissionSetContextOf(facts, arn, accountIds);
        return finding('permission-set-empty', {
          context,
          evidence: { accounts },
          fix: null,
        });
      }),
    );
  },
};
