import { AwsCallError } from '../../aws';
import type { Check } from '../check';
import type { DiagnosisFacts, GroupInfo } from '../facts/facts';
import type { FixProposal } from '../types';
import { accountRef } from './scope';

/** Permission sets of the named account whose assignments are read to find the groups with access:
 * enough for any real account, and a bound on the calls one diagnosis makes. */
const MAX_PERMISSION_SETS = 20;

/** A group that holds an assignment on the account; a principal id the store no longer has (a
 * deleted group) gives nobody access, so it is left out. */
async function existingGroup(facts: DiagnosisFacts, groupId: string): Promise<GroupInfo | undefined> {
  try {
    return await facts.group(groupId);
  } catch (error) {
    if (error instanceof AwsCallError && error.code === 'not-found') return undefined;
    throw error;
  }
}

/** not-assigned-to-account: the person has an assignment on the account they named, directly or through a group. */
export const notAssignedToAccountCheck: Check = {
  id: 'not-assigned-to-account',
  title: 'Is the person assigned to the account they asked for?',
  needs: ['user-not-found'],
  async run({ facts, finding }) {
    const account = await facts.requestedAccount();
    if (!account) return { skip: 'the person named no account' };
    const [user, groups, assignments, instance] = await Promise.all([
      facts.user(),
      facts.groups(),
      facts.assignments(),
      facts.instance(),
    ]);
    if (assignments.some((a) => a.accountId === account.id)) return [];

    // Every assignment there needs its permission set provisioned there, so the provisioned ones
    // are where to look for the groups that do have access.
    const permissionSetArns = [...(await facts.provisioning(account.id)).keys()];
    const read = permissionSetArns.slice(0, MAX_PERMISSION_SETS);
    const perPermissionSet = await Promise.all(
      read.map(async (permissionSetArn) => {
        const [rows, permissionSet] = await Promise.all([
          facts.assignmentsOn(account.id, permissionSetArn),
          facts.permissionSet(permissionSetArn),
        ]);
        const groupIds = [
          ...new Set(
            rows.flatMap((r) => (r.PrincipalType === 'GROUP' && r.PrincipalId ? [r.PrincipalId] : [])),
          ),
        ];
        const found = await Promise.all(groupIds.map((id) => existingGroup(facts, id)));
        return found.flatMap((group) =>
          group
            ? [
                {
                  group,
                  entry: {
                    groupId: group.groupId,
                    groupName: group.displayName ?? group.groupId,
                    permissionSetName: permissionSet.name ?? permissionSetArn,
                    permissionSetArn,
                  },
                },
              ]
            : [],
        );
      }),
    );
    const withAccess = perPermissionSet
      .flat()
      .sort(
        (a, b) =>
          a.entry.groupName.localeCompare(b.entry.groupName, 'en') ||
          a.entry.permissionSetName.localeCompare(b.entry.permissionSetName, 'en'),
      );

    // Adding the person to a group is the smallest change, unless SCIM owns the user or the group
    // (it would undo the membership). The group with the fewest permission sets there gives the least.
    const externallyManaged = (user.ExternalIds?.length ?? 0) > 0;
    const counts = new Map<string, number>();
    for (const { group } of withAccess) counts.set(group.groupId, (counts.get(group.groupId) ?? 0) + 1);
    const candidates = externallyManaged ? [] : withAccess.filter(({ group }) => !group.externallyManaged);
    const chosen = candidates.reduce<GroupInfo | undefined>(
      (best, { group }) =>
        !best || (counts.get(group.groupId) ?? 0) < (counts.get(best.groupId) ?? 0) ? group : best,
      undefined,
    );
    const fix: FixProposal = chosen
      ? {
          fix: 'add-to-group',
          identityStoreId: instance.IdentityStoreId,
          userId: user.UserId,
          groupId: chosen.groupId,
          groupName: chosen.displayName ?? chosen.groupId,
          accountId: account.id,
        }
      : {
          fix: 'grant-account-access',
          instanceArn: instance.InstanceArn,
          principalType: 'USER',
          principalId: user.UserId,
          accountId: account.id,
        };

    return [
      finding('not-assigned-to-account', {
        context: accountRef(account.id, account.name),
        evidence: {
          yourGroups: groups.map((g) => g.displayName ?? g.groupId),
          groupsWithAccess: withAccess.map(({ entry }) => entry),
          truncated: permissionSetArns.length > read.length,
          permissionSetsRead: read.length,
        },
        fix,
      }),
    ];
  },
};
