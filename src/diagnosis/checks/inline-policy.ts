/** The statements of a permission set's inline policy: none when there is no policy, undefined when it
 * cannot be read (a policy the bot cannot parse proves nothing: not that it is empty, nor what it allows). */
export function statementsOf(inline: string | undefined): unknown[] | undefined {
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

/** A statement that denies (the only kind a deny-only permission set has). */
export const isDenyStatement = (s: unknown): boolean =>
  typeof s === 'object' && s !== null && !Array.isArray(s) && (s as { Effect?: unknown }).Effect === 'Deny';

/**
 * Whether the inline policy alone settles both permission-set-empty and permission-set-deny-only: a
 * statement that is not a Deny means the set is neither; a policy the bot cannot parse makes neither
 * check flag (statementsOf). Only an empty or deny-only inline policy needs the attached policies read.
 */
export function inlineDecides(inline: string | undefined): boolean {
  const statements = statementsOf(inline);
  return statements === undefined || (statements.length > 0 && !statements.every(isDenyStatement));
}

/** What a permission set's policies amount to for the two policy checks (the inventory keeps this per
 * set): `unreadable` is an inline policy the bot cannot parse. */
export type PolicySummary = 'empty' | 'deny-only' | 'allows' | 'unreadable';

/** The same rules the two checks apply, over the inline policy and the counts of attached policies. */
export function summarisePolicies(inline: string | undefined, attached: number): PolicySummary {
  const statements = statementsOf(inline);
  if (statements === undefined) return 'unreadable';
  if (statements.length > 0 && !statements.every(isDenyStatement)) return 'allows';
  if (attached > 0) return 'allows';
  return statements.length === 0 ? 'empty' : 'deny-only';
}
