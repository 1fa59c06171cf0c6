import type { Check } from '../check';
import { contextOf } from './scope';

/** principal-recreated: assignments still point at a deleted user or group whose name the person (or their group) now has. */
export const principalRecreatedCheck: Check = {
  id: 'principal-recreated',
  title: 'Do old assignments point at an earlier, deleted copy of this user or of their groups?',
  needs: ['user-not-found'],
  async run({ facts, finding }) {
    const [stale, instance, groups] = await Promise.all([
      facts.staleAssignments(),
      facts.instance(),
      facts.groups(),
    ]);
    return Promise.all(
      stale.map(async (s) => {
        // An account or permission set the bot cannot name still gets its id: the assignments are no less stale.
        const staleAssignments = await Promise.all(s.assignments.map((a) => contextOf(facts, a)));
        const group =
          s.principalType === 'GROUP' ? groups.find((g) => g.groupId === s.currentPrincipalId) : undefined;
        return finding('principal-recreated', {
          context: {
            ...staleAssignments[0],
            ...(group ? { groupId: group.groupId, groupName: group.displayName ?? s.known.name } : {}),
          },
          evidence: {
            principalType: s.principalType,
            name: s.known.name,
            oldPrincipalId: s.known.principalId,
            newPrincipalId: s.currentPrincipalId,
            lastSeen: s.known.lastSeen,
            staleAssignments,
          },
          evidenceAt: s.known.lastSeen,
          fix: {
            fix: 'repoint-assignments',
            instanceArn: instance.InstanceArn,
            principalType: s.principalType,
            newPrincipalId: s.currentPrincipalId,
            lastKnownName: s.known.name,
            stale: s.assignments.map((a) => ({
              accountId: a.accountId,
              permissionSetArn: a.permissionSetArn,
              principalId: s.known.principalId,
            })),
          },
        });
      }),
    );
  },
};
