import { AwsCallError } from '../../aws';
import type { Check } from '../check';
import type { DiagnosisFacts } from '../facts/facts';

/** Actions listed in the evidence; a policy that denies more says how many in `deniedActionCount`. */
const MAX_ACTIONS = 10;

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

interface Statement {
  Effect?: unknown;
  Action?: unknown;
  NotAction?: unknown;
}

/** The statements of an inline policy: none when there is no policy, undefined when it cannot be read
 * (a policy the bot cannot parse proves nothing about what it allows). */
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

const isDeny = (s: unknown): s is Statement =>
  typeof s === 'object' && s !== null && !Array.isArray(s) && (s as Statement).Effect === 'Deny';

/** `Action` and `NotAction` may each be one string or a list of them. */
function actionsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** permission-set-deny-only: each of the person's permission sets allows something, not only denies. */
export const permissionSetDenyOnlyCheck: Check = {
  id: 'permission-set-deny-only',
  title: "Does each of the person's permission sets allow anything, rather than only deny?",
  needs: ['user-not-found'],
  async run({ facts, finding }) {
    const held = await heldPermissionSets(facts);
    const denyOnly = (
      await Promise.all(
        [...held].map(async ([arn, accountIds]) => {
          const policies = await facts.permissionSetPolicies(arn);
          // Managed and customer managed policies are taken to allow something: the bot does not read them.
          if (policies.managed.length > 0 || policies.customerManaged.length > 0) return [];
          const statements = statementsOf(policies.inline);
          if (!statements || statements.length === 0 || !statements.every(isDeny)) return [];
          return [{ arn, accountIds, statements: statements as Statement[] }];
        }),
      )
    ).flat();
    return Promise.all(
      denyOnly.map(async ({ arn, accountIds, statements }) => {
        const [permissionSet, accounts] = await Promise.all([
          facts.permissionSet(arn).catch(unnamed),
          accountsNamed(facts, accountIds),
        ]);
        const denied = [...new Set(statements.flatMap((s) => actionsOf(s.Action)))];
        // A Deny with NotAction denies everything except these.
        const deniedAllBut = [...new Set(statements.flatMap((s) => actionsOf(s.NotAction)))];
        return finding('permission-set-deny-only', {
          context: {
            permissionSetArn: arn,
            ...(permissionSet?.name ? { permissionSetName: permissionSet.name } : {}),
            ...accounts[0],
          },
          evidence: {
            deniedActions: denied.slice(0, MAX_ACTIONS),
            deniedActionCount: denied.length,
            deniedAllBut: deniedAllBut.slice(0, MAX_ACTIONS),
            statementCount: statements.length,
            accounts,
          },
          fix: null,
        });
      }),
    );
  },
};
