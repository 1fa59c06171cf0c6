import type { CauseId } from '../causes';
import type { Check } from '../check';
import type { ProvisioningState } from '../facts/facts';
import type { FixProposal } from '../types';
import { contextOf, type HeldPair, heldPairs, type Pair } from './scope';

/** The fix for a permission set missing or stale on an account: provision it there. */
export function provisionFix(instanceArn: string, pair: Pair): FixProposal {
  return {
    fix: 'provision-permission-set',
    instanceArn,
    accountId: pair.accountId,
    permissionSetArn: pair.permissionSetArn,
  };
}

/** How the person holds a pair, for the evidence: through which group, or directly. */
const viaOf = (pair: HeldPair): string =>
  pair.group ? (pair.group.displayName ?? pair.group.groupId) : 'direct';

export interface ProvisioningStateCheckSpec {
  id: CauseId;
  title: string;
  /** The state of a held pair on its account that this check reports; undefined when the permission set
   * is not provisioned there at all. */
  flags: ProvisioningState | undefined;
}

/** A check that finds each of the person's pairs in one wrong provisioning state on its account, and
 * proposes provisioning the permission set there. */
export function provisioningStateCheck(spec: ProvisioningStateCheckSpec): Check {
  return {
    id: spec.id,
    title: spec.title,
    needs: ['user-not-found'],
    async run({ facts, finding }) {
      const [pairs, instance] = await Promise.all([heldPairs(facts), facts.instance()]);
      const flagged = (
        await Promise.all(
          [...pairs.values()].map(async (pair) =>
            (await facts.provisioning(pair.accountId)).get(pair.permissionSetArn) === spec.flags
              ? [pair]
              : [],
          ),
        )
      ).flat();
      // One approval per repair: whichever pair ends up primary, its fix provisions every pair of the
      // person's that needs the same action (its own pair first), one ticket, one card.
      const all = flagged.map((p) => ({ accountId: p.accountId, permissionSetArn: p.permissionSetArn }));
      return Promise.all(
        flagged.map(async (pair) => {
          const own = provisionFix(instance.InstanceArn, pair);
          const others = all.filter(
            (t) => t.accountId !== pair.accountId || t.permissionSetArn !== pair.permissionSetArn,
          );
          return finding(spec.id, {
            context: await contextOf(facts, pair),
            evidence: { via: viaOf(pair), ...(spec.flags ? { provisioningStatus: spec.flags } : {}) },
            fix:
              own.fix === 'provision-permission-set' && others.length > 0
                ? {
                    ...own,
                    targets: [
                      { accountId: pair.accountId, permissionSetArn: pair.permissionSetArn },
                      ...others,
                    ],
                  }
                : own,
          });
        }),
      );
    },
  };
}
