/**
 * The one base of the app's errors (like Bolt's `ErrorCode` and Powertools' error classes): a stable
 * `code` callers switch on, whether trying again later can help (`retryable`: throttled, unavailable,
 * a lost race), and the `cause`. The Lambda worker rethrows retryable errors so SQS retries them and the
 * dead-letter queue catches what never succeeds; only permanent ones become an apology.
 */
export abstract class CantLoginError extends Error {
  abstract readonly code: string;
  readonly retryable: boolean;

  constructor(message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = options.retryable ?? false;
  }
}

/** Whether an error says that the same work may succeed later. Unknown errors are permanent. */
export function isRetryable(error: unknown): boolean {
  return error instanceof CantLoginError && error.retryable;
}

/** A stable code for any error: ours, or `unexpected`. */
export function errorCodeOf(error: unknown): string {
  return error instanceof CantLoginError ? error.code : 'unexpected';
}
