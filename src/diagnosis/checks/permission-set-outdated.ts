import { AwsCallError } from '../../aws';
import type { Check } from '../check';
import type { DiagnosisFacts, GroupInfo } from '../facts/facts';
import type { FindingContext } from '../types';

/** One account and permission set the person holds, and the group it comes through (none when
 * they also hold it directly). */
interface HeldPair {
  accountId: string;
  permissionSetArn: string;
  group: GroupInfo | undefined;
}

/** The person's (account, permission set) pairs, narrowed to the account they named. */
async function heldPairs(facts: DiagnosisFacts): Promise<HeldPair[]> {
  const [assignments, asked] = await Promise.all([facts.assignments(), facts.requestedAccount()]);
  const pairs = new Map<string, HeldPair>();
  for (const a of assignments) {
    if (asked && a.accountId !== asked.id) continue;
    const key = `${a.accountId}|${a.permissionSetArn}`;
    const held = pairs.get(key);
    if (!held)
      pairs.set(key, { accountId: a.accountId, permissionSetArn: a.permissionSetArn, group: a.group });
    else if (!a.group) held.group = undefined;
  }
  return [...pairs.values()];
}

/** A name for the report is a courtesy: without it the finding still stands, under its id. */
function unnamed(error: unknown): undefined {
  if (error instanceof AwsCallError) return undefined;
  throw error;
}

async function contextOf(facts: DiagnosisFacts, pair: HeldPair): Promise<FindingContext> {
  const [account, permissionSet] = await Promise.all([
    facts.account(pair.accountId).catch(unnamed),
    facts.permissionSet(pair.permissionSetArn).catch(unnamed),
  ]);
  const accountName = account?.found ? account.name : undefined;
  return {
    accountId: pair.accountId,
    ...(accountName ? { accountName } : {}),
    permissionSetArn: pair.permissionSetArn,
    ...(permissionSet?.name ? { permissionSetName: permissionSet.name } : {}),
    ...(pair.group
      ? { groupId: pair.group.groupId, groupName: pair.group.displayName ?? pair.group.groupId }
      : {}),
  };
}

/** permission-set-outdated: the latest version of each of the person's permission sets is what their accounts run. */
export const permissionSetOutdatedCheck: Check = {
  id: 'permission-set-outdated',
  title: "Does each of the person's accounts run the latest version of their permission set?",
  needs: ['user-not-found'],
  async run({ facts, finding }) {
    const [pairs, instance] = await Promise.all([heldPairs(facts), facts.instance()]);
    const outdated = (
      await Promise.all(
        pairs.map(async (pair) =>
          (await facts.provisioning(pair.accountId)).get(pair.permissionSetArn) ===
          'LATEST_PERMISSION_SET_NOT_PROVISIONED'
            ? [pair]
            : [],
        ),
      )
    ).flat();
    return Promise.all(
      outdated.map(async (pair) =>
        finding('permission-set-outdated', {
          context: await contextOf(facts, pair),
          evidence: {
            via: pair.group ? (pair.group.displayName ?? pair.group.groupId) : 'direct',
            provisioningStatus: 'LATEST_PERMISSION_SET_NOT_PROVISIONED',
          },
          fix: {
            fix: 'provision-permission-set',
            instanceArn: instance.InstanceArn,
            accountId: pair.accountId,
            permissionSetArn: pair.permissionSetArn,
          },
        }),
      ),
    );
  },
};
