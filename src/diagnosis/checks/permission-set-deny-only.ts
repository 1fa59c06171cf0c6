import type { Check } from '../check';
import { isDenyStatement, statementsOf } from './inline-policy';
import { heldPermissionSets, permissionSetContextOf } from './scope';

/** Actions listed in the evidence; a policy that denies more says how many in `deniedActionCount`. */
const MAX_ACTIONS = 10;

interface Statement {
  Effect?: unknown;
  Action?: unknown;
  NotAction?: unknown;
}

const isDeny = (s: unknown): s is Statement => isDenyStatement(s);

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
          // The inline policy (or a fresh inventory) already shows the set allows something.
          if (policies.read !== 'all') return [];
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
        const { context, accounts } = await permissionSetContextOf(facts, arn, accountIds);
        const denied = [...new Set(statements.flatMap((s) => actionsOf(s.Action)))];
        // A Deny with NotAction denies everything except these.
        const deniedAllBut = [...new Set(statements.flatMap((s) => actionsOf(s.NotAction)))];
        return finding('permission-set-deny-only', {
          context,
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
