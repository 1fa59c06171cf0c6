import type { FixProposal } from '../diagnosis/types';
import type { FixStep } from '../tickets/types';
import type { FixContext, FixOutcome } from './types';

/** How many targets of one approved fix a repair works on at once (`FixContext.concurrency`). AWS allows
 * 15 outstanding assignment creations and one permission-set update per account at a time; the rate
 * limiter paces the calls. */
export const FIX_CONCURRENCY = 5;

/** How one target of a multi-target fix ended. */
export interface TargetResult<T> {
  target: T;
  /** A short name for the admin ("prod-us (902716384451) / ReadOnly"). */
  label: string;
  outcome: FixOutcome;
}

/** The outcome of a whole multi-target fix: succeeded only when every target did. */
export interface MultiTargetOutcome<T> {
  outcome: FixOutcome;
  results: Array<TargetResult<T>>;
  /** The targets still to do: those that failed, and those a stopped run never reached. */
  left: T[];
}

/** Wraps `record` so that concurrent targets persist their steps one at a time (a ticket's steps are a
 * conditional write on its version: two at once would conflict). */
export function serialRecord(record: FixContext['record']): FixContext['record'] {
  let chain: Promise<void> = Promise.resolve();
  return (step: FixStep) => {
    const next = chain.then(() => record(step));
    // The caller gets `next` (and its error); the chain only orders the writes, so a failed one must not
    // stop the next target's record.
    chain = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  };
}

/**
 * Applies `apply` to every target. With `ctx.concurrency` above 1: at most that many at once, each under
 * the same (serialised) context, every target tried whatever the others did, and the whole fix fails when
 * any target failed, naming each one. Without: one after another, stopping at the first failure and
 * returning its outcome as it is. A thrown error (a crash: the run resumes from its steps) stops the run.
 */
export async function applyToTargets<T>(
  ctx: FixContext,
  targets: readonly T[],
  label: (target: T) => string,
  apply: (target: T, ctx: FixContext) => Promise<FixOutcome>,
): Promise<MultiTargetOutcome<T>> {
  const concurrency = Math.max(1, Math.floor(ctx.concurrency ?? 1));
  if (concurrency === 1) {
    const results: Array<TargetResult<T>> = [];
    for (const [i, target] of targets.entries()) {
      const outcome = await apply(target, ctx);
      results.push({ target, label: label(target), outcome });
      // A failure stops the run; so does a write AWS is still working on (the sweeper adopts it).
      if (outcome.kind === 'failed' || outcome.kind === 'pending')
        return { outcome, results, left: targets.slice(i) };
    }
    return { outcome: { kind: 'succeeded' }, results, left: [] };
  }
  const shared: FixContext = { ...ctx, record: serialRecord(ctx.record) };
  const results: Array<TargetResult<T>> = new Array(targets.length);
  let next = 0;
  let crash: unknown;
  const lane = async () => {
    while (next < targets.length && crash === undefined) {
      const i = next;
      next += 1;
      const target = targets[i] as T;
      try {
        results[i] = { target, label: label(target), outcome: await apply(target, shared) };
      } catch (error) {
        // A crash (the process must resume from its steps) stops the run; the others finish what they do.
        crash = error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, lane));
  if (crash !== undefined) throw crash;
  const failed = results.filter((r) => r.outcome.kind === 'failed');
  const pending = results.filter((r) => r.outcome.kind === 'pending');
  if (failed.length === 0 && pending.length > 0) {
    // AWS is still working on some targets: the run is pending, and the sweeper adopts those writes.
    return { outcome: pending[0]!.outcome, results, left: pending.map((r) => r.target) };
  }
  if (failed.length === 0) return { outcome: { kind: 'succeeded' }, results, left: [] };
  const reasons = failed.map((r) => `${r.label}: ${r.outcome.kind === 'failed' ? r.outcome.reason : ''}`);
  return {
    outcome: {
      kind: 'failed',
      reason: `${failed.length} of ${targets.length} targets failed (the others are done): ${reasons.join('; ')}`,
    },
    results,
    left: failed.map((r) => r.target),
  };
}

type ProvisionFix = Extract<FixProposal, { fix: 'provision-permission-set' }>;

/** Every (account, permission set) pair a provision fix covers. */
export function provisionTargets(fix: ProvisionFix): Array<{ accountId: string; permissionSetArn: string }> {
  return fix.targets && fix.targets.length > 0
    ? fix.targets
    : [{ accountId: fix.accountId, permissionSetArn: fix.permissionSetArn }];
}

/** The same provision fix narrowed to `targets` (a retry of the failed ones). */
export function provisionFixFor(
  fix: ProvisionFix,
  targets: ReadonlyArray<{ accountId: string; permissionSetArn: string }>,
): ProvisionFix {
  const { targets: _, ...rest } = fix;
  const [first] = targets;
  if (!first) return fix;
  return {
    ...rest,
    accountId: first.accountId,
    permissionSetArn: first.permissionSetArn,
    ...(targets.length > 1 ? { targets: targets.map((t) => ({ ...t })) } : {}),
  };
}
