import { AwsCallError, errorName } from '../aws';
import type { FixStep } from '../tickets/types';
import { effectivePolicy, type StatusReading, waitForStatus } from './poll';
import type { FixContext, FixOutcome, Precondition } from './types';

/** The latest recorded step of one write, or undefined when an earlier run never recorded it. */
export function lastStep(previous: readonly FixStep[], action: string): FixStep | undefined {
  for (let i = previous.length - 1; i >= 0; i -= 1) {
    const step = previous[i];
    if (step?.action === action) return step;
  }
  return undefined;
}

/** The writes whose latest step is still `started`: AWS was still working on them when the run stopped (it
 * gave up waiting, or crashed), so the fix must be applied again with these steps to finish them. */
export function unfinishedSteps(steps: readonly FixStep[]): FixStep[] {
  const latest = new Map<string, FixStep>();
  for (const step of steps) latest.set(step.action, step);
  return [...latest.values()].filter((s) => s.status === 'started');
}

/** Persists one step, stamped with the fix clock, with no undefined members (stores marshal what they get). */
export function record(ctx: FixContext, step: Omit<FixStep, 'at'>): Promise<void> {
  const { requestId, awsRequestId, failureReason, ...rest } = step;
  return ctx.record({
    ...rest,
    ...(requestId === undefined ? {} : { requestId }),
    ...(awsRequestId === undefined ? {} : { awsRequestId }),
    ...(failureReason === undefined ? {} : { failureReason }),
    at: new Date(ctx.clock.now()).toISOString(),
  });
}

/** What an asynchronous write answered: the request id to poll, and AWS's id for the HTTP call. */
export interface WriteReceipt {
  requestId: string | undefined;
  awsRequestId: string | undefined;
}

/** One asynchronous AWS write, described so that `runAsyncWrite` can make it at most once. */
export interface AsyncWrite {
  /** Names this write in the steps; a resumed run finds its earlier step by it. */
  action: string;
  /** The world check just before the write: `done` when the change is already in place. */
  check(): Promise<Precondition>;
  /** A request for the same change already running at AWS (ours, from a run that crashed before recording
   * it, or someone else's), to be waited on instead of writing again. */
  findRunning(): Promise<string | undefined>;
  /** Makes the write with `ctx.writer`; `'already-done'` when AWS says there is nothing to do. */
  write(): Promise<WriteReceipt | 'already-done'>;
  describe(requestId: string): Promise<StatusReading>;
}

// A ConflictException (another request on the same target) is waited out this many times at most.
const MAX_ATTEMPTS = 4;

/** AWS's "another request holds this target" (or, for a group membership, "already a member"). */
export const isConflict = (error: unknown): boolean =>
  (error instanceof AwsCallError ? error.awsErrorName : errorName(error)) === 'ConflictException';

/** Polls a recorded (or adopted) request and records how it ended; a give-up records nothing, so the step
 * stays `started` and a later run resumes it. */
async function follow(
  ctx: FixContext,
  w: AsyncWrite,
  requestId: string,
  awsRequestId: string | undefined,
): Promise<FixOutcome> {
  let final: StatusReading | undefined;
  const outcome = await waitForStatus(async () => {
    const reading = await w.describe(requestId);
    if (reading.status === 'SUCCEEDED' || reading.status === 'FAILED') final = reading;
    return reading;
  }, ctx);
  if (final) {
    await record(ctx, {
      action: w.action,
      requestId,
      awsRequestId,
      status: outcome.kind === 'succeeded' ? 'succeeded' : 'failed',
      failureReason: outcome.kind === 'failed' ? outcome.reason : undefined,
    });
  }
  return outcome.kind === 'succeeded' ? outcome : { ...outcome, requestId };
}

/**
 * Makes one asynchronous write at most once and waits for it:
 * 1. a step recorded by an earlier run is resumed (polled), never written again;
 * 2. otherwise the world is checked: refused, or already `done`;
 * 3. a request for the same change already running is adopted and waited on, then the world re-checked;
 * 4. otherwise the write is made, recorded as `started` with its request id, and polled.
 * A ConflictException means another request holds the target: wait, then start again from 2.
 */
export async function runAsyncWrite(
  ctx: FixContext,
  previous: readonly FixStep[],
  w: AsyncWrite,
): Promise<FixOutcome> {
  const last = lastStep(previous, w.action);
  if (last?.status === 'succeeded') return { kind: 'succeeded' };
  if (last?.requestId !== undefined) {
    if (last.status === 'failed') {
      return {
        kind: 'failed',
        reason: last.failureReason ?? 'AWS reported a failure and gave no reason',
        requestId: last.requestId,
      };
    }
    ctx.logger.info({ action: w.action, requestId: last.requestId }, 'resuming a recorded request');
    return follow(ctx, w, last.requestId, last.awsRequestId);
  }

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const pre = await w.check();
    if (pre.kind === 'refused') return { kind: 'failed', reason: pre.reason };
    if (pre.kind === 'done') return { kind: 'succeeded' };

    const running = await w.findRunning();
    if (running !== undefined) {
      ctx.logger.info({ action: w.action, requestId: running }, 'adopting a request already running at AWS');
      await record(ctx, { action: w.action, requestId: running, status: 'started' });
      const outcome = await follow(ctx, w, running, undefined);
      if (outcome.kind !== 'succeeded') return outcome;
      continue; // it finished: check again whether it did what this fix needs
    }

    let receipt: WriteReceipt | 'already-done';
    try {
      receipt = await w.write();
    } catch (error) {
      if (!isConflict(error) || attempt === MAX_ATTEMPTS) throw error;
      ctx.logger.info({ action: w.action, attempt }, 'AWS reports a conflicting request; waiting for it');
      const policy = effectivePolicy(ctx.poll);
      await ctx.sleep(Math.min(policy.initialMs * 2 ** attempt, policy.maxIntervalMs));
      continue;
    }
    if (receipt === 'already-done') return { kind: 'succeeded' };
    await record(ctx, { action: w.action, ...receipt, status: 'started' });
    if (receipt.requestId === undefined) {
      return { kind: 'failed', reason: `AWS accepted ${w.action} but returned no request id to follow` };
    }
    return follow(ctx, w, receipt.requestId, receipt.awsRequestId);
  }
  return {
    kind: 'failed',
    reason: `Another request kept changing the same target at AWS; ${w.action} was not made. Try again later.`,
  };
}

/** Runs `apply`'s body, turning an AWS call that failed for good into a failed outcome. A retryable one
 * (throttled, unavailable: a write may or may not have been applied) and anything else (a crash)
 * propagate, so the run is resumed from its recorded steps, re-checking the world before any write. */
export async function asOutcome(run: () => Promise<FixOutcome>): Promise<FixOutcome> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AwsCallError && !error.retryable) {
      return { kind: 'failed', reason: error.message };
    }
    throw error;
  }
}
