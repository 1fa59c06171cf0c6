import type { DriftDetector, DriftObservations } from '../types';
import { drift, groupBy, plural, readsComplete } from './common';

/** The current principal of `type` named `name`, if exactly one has that name. */
function currentNamed(obs: DriftObservations, type: 'USER' | 'GROUP', name: string): string | undefined {
  const pool = type === 'USER' ? obs.users : obs.groups;
  const ids = Object.entries(pool)
    .filter(([, n]) => n === name)
    .map(([id]) => id);
  return ids.length === 1 ? ids[0] : undefined;
}

/** principal-recreated: assignments that point at a user or group id that no longer exists, whose last
 * known name now belongs to a current principal of the same type: deleted and re-created by the IdP, so
 * every assignment of the old id silently stopped working. One drift per old id; the fix moves them all.
 * Judged only when every user and group was listed (otherwise anyone unlisted would look deleted). */
export const principalRecreated: DriftDetector = {
  kind: 'principal-recreated',
  reads: ['principals', 'assignments'],
  detect(obs) {
    if (!readsComplete(obs, ['principals'])) return [];
    const stale = obs.assignments.filter((a) => {
      const current = a.principalType === 'USER' ? obs.users[a.principalId] : obs.groups[a.principalId];
      return current === undefined && obs.formerNames[a.principalId]?.type === a.principalType;
    });
    return [...groupBy(stale, (a) => a.principalId)].flatMap(([oldId, assignments]) => {
      const former = obs.formerNames[oldId]!;
      const newId = currentNamed(obs, former.type, former.name);
      if (!newId) return [];
      const permissionSets = [...new Set(assignments.map((a) => a.permissionSetArn))];
      const kind = former.type === 'USER' ? 'user' : 'group';
      return [
        drift(obs, 'principal-recreated', oldId, {
          accounts: assignments.map((a) => a.accountId),
          permissionSetArn: permissionSets.length === 1 ? permissionSets[0]! : null,
          principal: { type: former.type, id: oldId, name: former.name },
          assignments,
          people: [{ type: former.type, id: newId }],
          since: former.lastSeen,
          summary: `The ${kind} ${former.name} was deleted and re-created with a new id: ${plural(assignments.length, 'assignment')} still point at the old id and no longer work.`,
          fix: {
            fix: 'repoint-assignments',
            instanceArn: obs.instanceArn,
            principalType: former.type,
            newPrincipalId: newId,
            lastKnownName: former.name,
            stale: assignments.map((a) => ({
              accountId: a.accountId,
              permissionSetArn: a.permissionSetArn,
              principalId: oldId,
            })),
          },
        }),
      ];
    });
  },
};
