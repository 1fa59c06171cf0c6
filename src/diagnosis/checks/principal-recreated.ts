import { AwsCallError } from '../../aws';
import type { Check } from '../check';
import type { DiagnosisFacts } from '../facts/facts';

/** A name for the report; an account or permission set the bot cannot describe still gets its id,
 * and the stale assignments are no less stale for it. */
async function nameOrUndefined(read: Promise<{ name: string | undefined }>): Promise<string | undefined> {
  try {
    return (await read).name;
  } catch (error) {
    if (error instanceof AwsCallError) return undefined;
    throw error;
  }
}

async function describeAssignment(facts: DiagnosisFacts, a: { accountId: string; permissionSetArn: string }) {
  const [accountName, permissionSetName] = await Promise.all([
    nameOrUndefined(
      facts.account(a.accountId).then((info) => ({ name: info.found ? info.name : undefined })),
    ),
    nameOrUndefined(facts.permissionSet(a.permissionSetArn)),
  ]);
  return {
    accountId: a.accountId,
    ...(accountName ? { accountName } : {}),
    permissionSetArn: a.permissionSetArn,
    ...(permissionSetName ? { permissionSetName } : {}),
  };
}

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
        const staleAssignments = await Promise.all(s.assignments.map((a) => describeAssignment(facts, a)));
        const first = staleAssignments[0];
        const group =
          s.principalType === 'GROUP' ? groups.find((g) => g.groupId === s.currentPrincipalId) : undefined;
        return finding('principal-recreated', {
          context: {
            ...(first
              ? {
                  accountId: first.accountId,
                  ...(first.accountName ? { accountName: first.accountName } : {}),
                  permissionSetArn: first.permissionSetArn,
                  ...(first.permissionSetName ? { permissionSetName: first.permissionSetName } : {}),
                }
              : {}),
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
