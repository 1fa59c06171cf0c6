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
