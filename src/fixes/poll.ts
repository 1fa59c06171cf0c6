import { AwsCallError, classifyAwsError } from '../aws';
import type { FixContext, FixOutcome, PollPolicy } from './types';

/** The longest the bot ever waits between two polls, whatever the policy says: an admin watching the
 * ticket should learn within seconds that AWS finished. */
export const MAX_POLL_INTERVAL_MS = 5000;

/** What one look at an asynchronous AWS request says (`Status` / `FailureReason` of the Describe*Status
 * operations). */
export interface StatusReading {
  status: string | undefined;
  failureReason?: string | undefined;
}

/** The parts of a fix context the waiting needs. */
export type PollContext = Pick<FixContext, 'clock' | 'sleep' | 'poll' | 'logger'>;

/** The policy actually applied: positive intervals, the ceiling enforced, the first never above the cap. */
export function effectivePolicy(policy: PollPolicy): PollPolicy {
  const maxIntervalMs = Math.max(1, Math.min(policy.maxIntervalMs, MAX_POLL_INTERVAL_MS));
  return {
    initialMs: Math.max(1, Math.min(policy.initialMs, maxIntervalMs)),
    maxIntervalMs,
    totalMs: Math.max(0, policy.totalMs),
  };
}

/** "5 minutes", "1 minute", "30 seconds": how long the bot waited, for the admin. */
export function formatWait(ms: number): string {
  if (ms >= 60_000) {
    const minutes = Math.round((ms / 60_000) * 10) / 10;
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  const seconds = Math.max(1, Math.round(ms / 1000));
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/** The reason given when the bot stops waiting although AWS is still working on the request. */
export function gaveUpReason(policy: PollPolicy): string {
  return `AWS did not finish within ${formatWait(effectivePolicy(policy).totalMs)}; the bot will keep checking`;
}

/** Throttling and AWS-side hiccups while polling are worth another look later; anything else is not. */
function isTransient(error: unknown): boolean {
  const code = error instanceof AwsCallError ? error.code : classifyAwsError(error);
  return code === 'throttled' || code === 'unavailable';
}

/**
 * Calls `attempt` with exponential backoff (`initialMs`, doubling, at most `maxIntervalMs` and never more
 * than 5 s) until it returns a value, or until `totalMs` have passed on `ctx.clock`, then returns
 * `undefined`. Time is measured both on the clock and by adding up the sleeps, so a clock that does not
 * move cannot make it wait forever.
 */
export async function backoff<T>(
  attempt: () => Promise<T | undefined>,
  ctx: PollContext,
): Promise<T | undefined> {
  const policy = effectivePolicy(ctx.poll);
  const startedAt = ctx.clock.now();
  let slept = 0;
  let interval = policy.initialMs;
  for (;;) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      if (!isTransient(error)) throw error;
      ctx.logger.warn({ err: error }, 'AWS call failed while waiting; trying again');
    }
    const elapsed = Math.max(ctx.clock.now() - startedAt, slept);
    if (elapsed >= policy.totalMs) return undefined;
    const wait = Math.min(interval, policy.totalMs - elapsed);
    await ctx.sleep(wait);
    slept += wait;
    interval = Math.min(interval * 2, policy.maxIntervalMs);
  }
}

/**
 * Polls an asynchronous AWS request until it SUCCEEDED or FAILED. A FAILED request's `FailureReason` is
 * returned as it is (the caller translates it for people). After `ctx.poll.totalMs` it stops waiting with
 * a `pending` outcome (AWS may still finish), and the step stays `started` so a later run adopts it.
 */
export async function waitForStatus(
  describe: () => Promise<StatusReading>,
  ctx: PollContext,
): Promise<FixOutcome> {
  const outcome = await backoff<FixOutcome>(async () => {
    const reading = await describe();
    switch (reading.status) {
      case 'SUCCEEDED':
        return { kind: 'succeeded' };
      case 'FAILED':
        return {
          kind: 'failed',
          reason: reading.failureReason ?? 'AWS reported a failure and gave no reason',
        };
      default:
        return undefined;
    }
  }, ctx);
  return outcome ?? { kind: 'pending', reason: gaveUpReason(ctx.poll) };
}
