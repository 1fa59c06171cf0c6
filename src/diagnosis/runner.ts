import { AwsCallError } from '../aws';
import type { Clock } from '../lib/clock';
import { type Check, type CheckContext, isSkip, makeFinding } from './check';
import type { Coverage } from './facts/coverage';
import { type DiagnosisFacts, NoInstanceError, NoUserError } from './facts/facts';
import { runInReadScope } from './facts/read-scope';
import type { CheckResult, CheckStatus, DiagnosisReport, DiagnosisRequest, Finding } from './types';

/** Progress of a diagnosis, for the CLI's indicator and the Slack progress message. */
export type ProgressEvent =
  | { kind: 'started'; total: number }
  | { kind: 'check-finished'; result: CheckResult; done: number; total: number };

export interface RunnerOptions {
  /** Checks running at once (AWS calls are rate-limited underneath anyway). */
  concurrency?: number;
  /** A check still running after this long ends as `error`. */
  checkTimeoutMs?: number;
  onProgress?: (event: ProgressEvent) => void;
  clock: Clock;
}

class CheckTimeoutError extends Error {}

/** A check that found something stands on what it found, even on a partial read (the reads run newest
 * first, so what they missed is older). One that found nothing on a partial read proved nothing. */
function statusOf(findings: Finding[], partial: readonly string[]): CheckStatus {
  if (findings.some((f) => f.severity === 'blocking')) return 'fail';
  if (findings.some((f) => f.severity === 'warning')) return 'warn';
  if (partial.length > 0 && findings.length === 0) return 'incomplete';
  return 'pass';
}

/** Whether a finished check left its question open. */
export function leftOpen(result: CheckResult): boolean {
  return result.status === 'error' || result.status === 'incomplete' || result.notCovered === true;
}

/** Why a check cannot run given the results of the checks it needs, or undefined when it can. */
function blockedBy(
  check: Check,
  results: Map<string, CheckResult>,
  catalogue: Map<string, Check>,
): string | undefined {
  for (const need of check.needs) {
    const r = results.get(need);
    if (!r) return `needs ${need}, which is not in this diagnosis`;
    if (r.status === 'skipped') return r.reason ?? `needs ${need}, which was skipped`;
    if (r.status === 'error') return `needs ${need}, which could not run`;
    // An incomplete need does not stop a check: it reads its own evidence.
    const gate = catalogue.get(need)?.gate;
    if (r.status === 'fail' && gate) return gate;
  }
  return undefined;
}

/**
 * Runs checks in dependency order, independent ones concurrently, each with a timeout and isolated
 * from the others' crashes. A check that AWS refused (AccessDenied) ends as `error`, names the IAM
 * action, and yields a `bot-permission-missing` finding; the rest still run.
 */
export async function runChecks(
  checks: readonly Check[],
  facts: DiagnosisFacts,
  request: DiagnosisRequest,
  options: RunnerOptions,
): Promise<CheckResult[]> {
  const catalogue = new Map(checks.map((c) => [c.id, c]));
  for (const check of checks) {
    for (const need of [...check.needs, ...(check.reads ?? [])]) {
      if (!catalogue.has(need)) throw new Error(`check ${check.id} needs unknown check ${need}`);
    }
  }
  const concurrency = options.concurrency ?? 6;
  // Generous: under load a check may wait its turn behind the rate limits, which is not a failure.
  const timeoutMs = options.checkTimeoutMs ?? 120_000;
  const results = new Map<string, CheckResult>();
  const running = new Map<string, Promise<void>>();
  const pending = [...checks];
  options.onProgress?.({ kind: 'started', total: checks.length });

  const finish = (result: CheckResult) => {
    results.set(result.id, result);
    options.onProgress?.({ kind: 'check-finished', result, done: results.size, total: checks.length });
  };

  const runOne = async (check: Check): Promise<void> => {
    const started = options.clock.now();
    const elapsed = () => Math.max(0, Math.round(options.clock.now() - started));
    const ctx: CheckContext = {
      facts,
      request,
      result: (id) => (check.needs.includes(id) || check.reads?.includes(id) ? results.get(id) : undefined),
      finding: (cause, details) => makeFinding(check.id, cause, details),
    };
    let timer: NodeJS.Timeout | undefined;
    const gaps = new Set<string>();
    try {
      const outcome = await Promise.race([
        runInReadScope(gaps, () => check.run(ctx)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new CheckTimeoutError()), timeoutMs);
        }),
      ]);
      const partial = [...gaps];
      if (isSkip(outcome)) {
        finish({
          id: check.id,
          title: check.title,
          status: 'skipped',
          durationMs: elapsed(),
          findings: [],
          reason: outcome.skip,
        });
      } else {
        const status = statusOf(outcome, partial);
        finish({
          id: check.id,
          title: check.title,
          status,
          durationMs: elapsed(),
          findings: outcome,
          ...(status === 'incomplete' ? { reason: partial.join('; '), notCovered: true } : {}),
          ...(partial.length > 0 ? { partial } : {}),
        });
      }
    } catch (error) {
      finish(failedResult(check, error, elapsed(), timeoutMs));
    } finally {
      clearTimeout(timer);
    }
  };

  while (pending.length > 0 || running.size > 0) {
    let started = false;
    for (let i = 0; i < pending.length && running.size < concurrency; ) {
      const check = pending[i]!;
      const needsDone = [...check.needs, ...(check.reads ?? [])].every((n) => results.has(n));
      if (!needsDone) {
        i++;
        continue;
      }
      pending.splice(i, 1);
      started = true;
      const reason = blockedBy(check, results, catalogue);
      if (reason) {
        // Skipped for want of evidence (a need that could not run) is a gap; skipped because a need
        // answered (no user, so nothing about the user to check) is not.
        const notCovered = check.needs.some((n) => {
          const r = results.get(n);
          return r !== undefined && (r.status === 'error' || r.notCovered === true);
        });
        finish({
          id: check.id,
          title: check.title,
          status: 'skipped',
          durationMs: 0,
          findings: [],
          reason,
          ...(notCovered ? { notCovered } : {}),
        });
        continue;
      }
      running.set(
        check.id,
        runOne(check).finally(() => running.delete(check.id)),
      );
    }
    if (running.size > 0) await Promise.race(running.values());
    else if (!started && pending.length > 0) {
      // Only a dependency cycle can leave checks waiting with nothing running.
      throw new Error(`dependency cycle among checks: ${pending.map((c) => c.id).join(', ')}`);
    }
  }
  return checks.map((c) => results.get(c.id)!);
}

function failedResult(check: Check, error: unknown, durationMs: number, timeoutMs: number): CheckResult {
  const base = { id: check.id, title: check.title, durationMs, findings: [] as Finding[] };
  if (error instanceof NoUserError || error instanceof NoInstanceError) {
    return { ...base, status: 'skipped', reason: error.message };
  }
  if (error instanceof CheckTimeoutError) {
    return {
      ...base,
      status: 'incomplete',
      notCovered: true,
      reason: `did not finish within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`,
    };
  }
  if (error instanceof AwsCallError && error.code === 'access-denied') {
    return {
      ...base,
      status: 'error',
      notCovered: true,
      reason: `AWS denied ${error.action} to the bot`,
      missingAction: error.action,
      findings: [
        makeFinding(check.id, 'bot-permission-missing', {
          evidence: {
            action: error.action,
            check: check.id,
            ...(error.requestId ? { requestId: error.requestId } : {}),
          },
        }),
      ],
    };
  }
  if (error instanceof AwsCallError) {
    // Throttled past the retries, a 5xx, a dropped connection: the evidence exists but was not read.
    return {
      ...base,
      status: 'incomplete',
      notCovered: true,
      reason: unreadReason(error),
      awsFailure: { action: error.action, code: error.awsErrorName ?? error.code },
    };
  }
  return {
    ...base,
    status: 'error',
    notCovered: true,
    reason: `the check crashed: ${error instanceof Error ? error.message : String(error)}`,
  };
}

/** Why an AWS read did not come back, in an admin's words. */
export function unreadReason(error: AwsCallError): string {
  switch (error.code) {
    case 'throttled':
      return `AWS kept throttling ${error.action} past the bot's retries`;
    case 'unavailable':
      return `${error.action} did not answer (${error.awsErrorName ?? 'service unavailable'})`;
    case 'access-denied':
      return `AWS denied ${error.action} to the bot`;
    case 'not-found':
    case 'validation':
    case 'unknown':
      return `${error.action} failed (${error.awsErrorName ?? error.code})`;
  }
}

/** What the report could not check: every check that ended `error` or `incomplete`, or was skipped
 * because something it needs could not be read. */
export function coverageOf(checks: readonly CheckResult[]): Coverage {
  const gaps = checks.filter(leftOpen).map((c) => ({ check: c.id, reason: c.reason ?? c.status }));
  return { complete: gaps.length === 0, gaps };
}

/** A report's coverage; a report stored before coverage existed gets it from its checks. */
export function reportCoverage(report: Pick<DiagnosisReport, 'checks'> & { coverage?: Coverage }): Coverage {
  return report.coverage ?? coverageOf(report.checks);
}
