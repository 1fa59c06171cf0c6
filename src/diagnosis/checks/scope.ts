import { AwsCallError } from '../../aws';
import type { DiagnosisFacts, EffectiveAssignment, GroupInfo } from '../facts/facts';
import type { FindingContext } from '../types';

/** The person's access on one account: an account and a permission set. */
export interface Pair {
  accountId: string;
  permissionSetArn: string;
}

/** A pair the person holds, and the group it comes through (none when they also hold it directly). */
export interface HeldPair extends Pair {
  group: GroupInfo | undefined;
}

/** An account as a finding names it: its id, and its name when the bot could read one. */
export interface AccountRef {
  accountId: string;
  accountName?: string;
}

/** The facts that say what the person holds. */
export type HoldingFacts = Pick<DiagnosisFacts, 'assignments' | 'requestedAccount'>;

/** The facts that name accounts and permission sets. */
export type NamingFacts = Pick<DiagnosisFacts, 'account' | 'permissionSet' | 'logWorkaround'>;

export const pairKey = (p: Pair): string => `${p.accountId}|${p.permissionSetArn}`;

export function accountRef(accountId: string, accountName: string | undefined): AccountRef {
  return { accountId, ...(accountName ? { accountName } : {}) };
}

/** The person's assignments, narrowed to the account they named (all of them when they named none). */
export async function assignmentsInScope(facts: HoldingFacts): Promise<EffectiveAssignment[]> {
  const [assignments, asked] = await Promise.all([facts.assignments(), facts.requestedAccount()]);
  return asked ? assignments.filter((a) => a.accountId === asked.id) : assignments;
}

/** The person's (account, permission set) pairs in scope, by `pairKey`, in the order AWS listed them. */
export async function heldPairs(facts: HoldingFacts): Promise<Map<string, HeldPair>> {
  const pairs = new Map<string, HeldPair>();
  for (const a of await assignmentsInScope(facts)) {
    const held = pairs.get(pairKey(a));
    if (!held)
      pairs.set(pairKey(a), { accountId: a.accountId, permissionSetArn: a.permissionSetArn, group: a.group });
    else if (!a.group) held.group = undefined;
  }
  return pairs;
}

/** The person's permission sets in scope, each with the accounts they hold it on, accounts in id order
 * so the report reads the same whatever order AWS lists them in. */
export async function heldPermissionSets(facts: HoldingFacts): Promise<Map<string, string[]>> {
  const held = new Map<string, Set<string>>();
  for (const a of await assignmentsInScope(facts)) {
    held.set(a.permissionSetArn, (held.get(a.permissionSetArn) ?? new Set()).add(a.accountId));
  }
  return new Map([...held].map(([arn, accounts]) => [arn, [...accounts].sort()]));
}

/** A name for the report is a courtesy: without it the finding still stands, under its id. Only what
 * AWS refused or failed to answer is forgiven; any other error is a bug and propagates. */
async function courtesy<T>(facts: NamingFacts, read: Promise<T>, what: string): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error;
    facts.logWorkaround(error, `reporting ${what} by its id`);
    return undefined;
  }
}

/** The account's name, or undefined when it has none, is gone, or the bot may not read it. */
export async function accountNameOf(facts: NamingFacts, accountId: string): Promise<string | undefined> {
  const account = await courtesy(facts, facts.account(accountId), `account ${accountId}`);
  return account?.found ? account.name : undefined;
}

/** The permission set's name, or undefined when the bot cannot read it. */
export async function permissionSetNameOf(facts: NamingFacts, arn: string): Promise<string | undefined> {
  return (await courtesy(facts, facts.permissionSet(arn), `permission set ${arn}`))?.name;
}

/** The accounts, each named where the bot can read its name. */
export function namedAccounts(facts: NamingFacts, accountIds: readonly string[]): Promise<AccountRef[]> {
  return Promise.all(
    accountIds.map(async (accountId) => accountRef(accountId, await accountNameOf(facts, accountId))),
  );
}

/** What a finding about one pair tells the explanations: the account, the permission set, and the
 * group it comes through, named where the bot can read the names. */
export async function contextOf(
  facts: NamingFacts,
  pair: Pair & { group?: GroupInfo | undefined },
): Promise<FindingContext> {
  const [accountName, permissionSetName] = await Promise.all([
    accountNameOf(facts, pair.accountId),
    permissionSetNameOf(facts, pair.permissionSetArn),
  ]);
  return {
    ...accountRef(pair.accountId, accountName),
    permissionSetArn: pair.permissionSetArn,
    ...(permissionSetName ? { permissionSetName } : {}),
    ...(pair.group
      ? { groupId: pair.group.groupId, groupName: pair.group.displayName ?? pair.group.groupId }
      : {}),
  };
}

/** What a finding about one permission set tells the explanations, with the accounts it is held on
 * (the context names the first of them). */
export async function permissionSetContextOf(
  facts: NamingFacts,
  arn: string,
  accountIds: readonly string[],
): Promise<{ context: FindingContext; accounts: AccountRef[] }> {
  const [permissionSetName, accounts] = await Promise.all([
    permissionSetNameOf(facts, arn),
    namedAccounts(facts, accountIds),
  ]);
  return {
    context: { permissionSetArn: arn, ...(permissionSetName ? { permissionSetName } : {}), ...accounts[0] },
    accounts,
  };
}
