import { type TokenBucket, takeToken } from '../lib/token-bucket';
import type { CallLog, CallRecord } from './call-log';
import { errorName, isThrottling, requestIdOf } from './errors';
import { type AwsService, operationName } from './services';

// The SDK's middleware types live in @smithy/types, which is not one of our dependencies; these
// structural types describe only what the middlewares below touch, and the SDK's
// FinalizeRequestMiddleware is assignable to them.

/** What a finalizeRequest handler resolves to, reduced to the metadata read here. */
interface AttemptResult {
  output: { $metadata: { requestId?: string } };
}

/** The per-request context the SDK passes to every middleware, reduced to the command name. */
interface AttemptContext {
  commandName?: string;
}

/** A finalizeRequest middleware: wraps one attempt (it runs again for every retry). */
export type AttemptMiddleware = <Args, Result extends AttemptResult>(
  next: (args: Args) => Promise<Result>,
  context: AttemptContext,
) => (args: Args) => Promise<Result>;

/** Names and placement shared by `createAwsClients` and the tests that check the order. */
export const RATE_LIMIT_MIDDLEWARE = 'cantLoginRateLimitMiddleware';
export const CALL_LOG_MIDDLEWARE = 'cantLoginCallLogMiddleware';

/** Waits for a token from `bucket` before each attempt leaves. */
export function rateLimitMiddleware(bucket: TokenBucket): AttemptMiddleware {
  return (next) => async (args) => {
    await takeToken(bucket);
    return next(args);
  };
}

/** Records every attempt's operation, outcome, duration and request id in `log`. */
export function callLogMiddleware(service: AwsService, log: CallLog, clock: () => number): AttemptMiddleware {
  return (next, context) => async (args) => {
    const operation = operationName(context.commandName);
    const startedAt = clock();
    const base = { service, operation, startedAt };
    try {
      const result = await next(args);
      const requestId = result.output.$metadata.requestId;
      const record: CallRecord = { ...base, durationMs: clock() - startedAt, outcome: 'ok' };
      log.record(requestId === undefined ? record : { ...record, requestId });
      return result;
    } catch (err) {
      const name = errorName(err);
      const requestId = requestIdOf(err);
      log.record({
        ...base,
        durationMs: clock() - startedAt,
        outcome: isThrottling(err) ? 'throttled' : 'error',
        ...(name === undefined ? {} : { errorName: name }),
        ...(requestId === undefined ? {} : { requestId }),
      });
      throw err;
    }
  };
}
