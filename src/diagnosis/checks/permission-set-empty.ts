import { AwsCallError } from '../../aws';
import type { Check } from '../check';
import type { DiagnosisFacts } from '../facts/facts';

/** The person's permission sets, each with the accounts they hold it on (narrowed to the account they
 * named), accounts in id order so the report reads the same whatever order AWS lists them in. */
async function heldPermissionSets(facts: DiagnosisFacts): Promise<Map<string, string[]>> {
  const [assignments, asked] = await Promise.all([facts.assignments(), facts.requestedAccount()]);
  const held = new Map<string, Set<string>>();
  for (const a of assignments) {
    if (asked && a.accountId !== asked.id) continue;
    held.set(a.permissionSetArn, (held.get(a.permissionSetArn) ?? new Set()).add(a.accountId));
  }
  return new Map([...held].map(([arn, accounts]) => [arn, [...accounts].sort()]));
}

/** A name for the report is a courtesy: without it the finding still stands, under its id. */
function unnamed(error: unknown): undefined {
  if (error instanceof AwsCallError) return undefined;
  throw error;
}

async function accountsNamed(facts: DiagnosisFacts, accountIds: string[]) {
  return Promise.all(
    accountIds.map(async (accountId) => {
      const account = await facts.account(accountId).catch(unnamed);
      return { accountId, ...(account?.found && account.name ? { accountName: account.name } : {}) };
    }),
  );
}

/** The statements of an inline policy: none when there is no policy, undefined when it cannot be read
 * (a policy the bot cannot parse is not proof of an empty one). */
function statementsOf(inline: string | undefined): unknown[] | undefined {
  if (!inline?.trim()) return [];
  let document: unknown;
  try {
    document = JSON.parse(inline);
  } catch {
    return undefined;
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return undefined;
  const statement = (document as { Statement?: unknown }).Statement;
  if (statement === undefined || statement === null) return [];
  return Array.isArray(statement) ? statement : [statement];
}

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
        const [permissionSet, accounts] = await Promise.all([
          facts.permissionSet(arn).catch(unnamed),
          accountsNamed(facts, accountIds),
        ]);
        return finding('permission-set-empty', {
          context: {
            permissionSetArn: arn,
            ...(permissionSet?.name ? { permissionSetName: permissionSet.name } : {}),
            ...accounts[0],
          },
          evidence: { accounts },
          fix: null,
        });
      }),
    );
  },
};
