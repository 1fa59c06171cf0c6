/** The error code Slack's Web API answered (`invalid_auth`, `channel_not_found`, `missing_scope`), or
 * the client's own code for a failure that never reached Slack. */
export function slackErrorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const data = (error as { data?: { error?: unknown } }).data;
    if (data && typeof data.error === 'string') return data.error;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The scope Slack said was missing (`needed` on a `missing_scope` answer). */
export function neededScope(error: unknown): string | undefined {
  const data = (error as { data?: { needed?: unknown } } | null)?.data;
  return typeof data?.needed === 'string' ? data.needed : undefined;
}
