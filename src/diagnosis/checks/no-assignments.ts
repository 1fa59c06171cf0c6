import type { Check } from '../check';
import { accountRef } from './scope';

/** no-assignments: the person has no account assignment, directly or through any of their groups. */
export const noAssignmentsCheck: Check = {
  id: 'no-assignments',
  title: 'Is the person assigned to any AWS account?',
  needs: ['user-not-found'],
  async run({ facts, finding }) {
    const [user, groups, assignments, instance] = await Promise.all([
      facts.user(),
      facts.groups(),
      facts.assignments(),
      facts.instance(),
    ]);
    if (assignments.length > 0) return [];
    const account = await facts.requestedAccount();
    return [
      finding('no-assignments', {
        context: account ? accountRef(account.id, account.name) : {},
        evidence: {
          userId: user.UserId,
          groupsChecked: groups.map((g) => g.displayName ?? g.groupId),
          assignmentsFound: 0,
        },
        fix: {
          fix: 'grant-account-access',
          instanceArn: instance.InstanceArn,
          principalType: 'USER',
          principalId: user.UserId,
          ...(account ? { accountId: account.id } : {}),
        },
      }),
    ];
  },
};
