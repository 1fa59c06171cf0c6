import type { AwsService, ServiceRateLimit } from '../aws';
import type { OrgSize } from './generator';
import type { DiagnosisSample, ReferenceRun, SizeMeasurements } from './run';

/** Turns measured diagnoses into the benchmark's numbers: percentiles, the critical-path lower bound,
 * the table and the JSON file. */

export type Scenario = 'single' | 'concurrent-20';

/** One line of bench-results.json. `medianMs` / `p95Ms` are to the full report. */
export interface RunSummary {
  size: OrgSize;
  scenario: Scenario;
  medianMs: number;
  p95Ms: number;
  /** Median of the reports' `stats.awsCalls`. */
  awsCalls: number;
  /** Sum over the scenario's diagnoses of `stats.throttledCalls` (throttled answers the retries rode out). */
  throttledCalls: number;
  boundMs: number;
  /** medianMs ÷ boundMs. */
  ratio: number;
  /** Diagnoses that threw or came back incomplete (some check ended in `error`). */
  errors: number;
  diagnoses: number;
  /** Time to the primary cause; null when fewer than half (median) or 95 % (p95) of the diagnoses had one. */
  medianPrimaryMs: number | null;
  p95PrimaryMs: number | null;
  /** Diagnoses whose primary cause is the one the organisation was built to produce. */
  expectedPrimary: number;
  /** Dependent round trips of one diagnosis, from the reference run. */
  roundTrips: number;
  /** The service whose quota sets the bound, or `latency` when the chain of round trips does. */
  boundBy: AwsService | 'latency';
  /** Errors whose reason is a throttling answer (the retries gave up). */
  throttlingErrors: number;
  /** The reasons behind `errors`, most frequent first, with how many diagnoses had each. */
  errorReasons: Array<{ reason: string; diagnoses: number }>;
  /** Median attempts per diagnosis, `service:Operation`, most first. */
  callsByOperation: Record<string, number>;
  /** Mean time of one attempt on the wire (request to answer, the emulator's latency included), per
   * operation: shows whether the emulator itself slows down with the organisation's size. */
  wireMsByOperation: Record<string, number>;
  /** Calls the emulator answered during the whole scenario, until its last report. */
  awsCallsAnswered: number;
  generationMs: number;
  wallMs: number;
  peakRssMb: number;
}

export interface BenchResults {
  runs: RunSummary[];
}

export const EXPECTED_PRIMARY_CAUSE = 'permission-set-not-provisioned';

/** Median: the mean of the two middle values for an even count. Infinity stands for "never". */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100): with 10 runs, p95 is the slowest. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Attempts per service in one diagnosis. */
export function callsPerService(sample: DiagnosisSample): Partial<Record<AwsService, number>> {
  const out: Partial<Record<AwsService, number>> = {};
  for (const [key, calls] of Object.entries(sample.calls)) {
    const service = key.split(':')[0] as AwsService;
    out[service] = (out[service] ?? 0) + calls.count;
  }
  return out;
}

/**
 * The critical-path lower bound: max(dependent round trips × latency, the quota bound). The quota bound
 * of a service: its calls cannot go faster than the bot's share of the quota allows, after the bucket's
 * burst, and the last one still takes one latency: (calls − burst) ÷ rate + latency. `diagnoses` is how
 * many diagnoses' calls must get through before the one measured can finish (1 alone; 10 of 20 for the
 * median of 20 people asking at once).
 */
export function lowerBound(
  reference: ReferenceRun,
  limits: Record<AwsService, ServiceRateLimit>,
  latencyMs: number,
  diagnoses = 1,
): { boundMs: number; boundBy: AwsService | 'latency' } {
  let boundMs = reference.roundTrips * latencyMs;
  let boundBy: AwsService | 'latency' = 'latency';
  for (const [service, calls] of Object.entries(callsPerService(reference.sample)) as Array<
    [AwsService, number]
  >) {
    const { ratePerSecond, burst } = limits[service];
    const ms = (Math.max(0, calls * diagnoses - burst) / ratePerSecond) * 1000 + latencyMs;
    if (ms > boundMs) {
      boundMs = ms;
      boundBy = service;
    }
  }
  return { boundMs: Math.round(boundMs), boundBy };
}

function meanWireMs(samples: readonly DiagnosisSample[]): Record<string, number> {
  const totals = new Map<string, { count: number; totalMs: number }>();
  for (const s of samples) {
    for (const [key, c] of Object.entries(s.calls)) {
      const t = totals.get(key) ?? { count: 0, totalMs: 0 };
      t.count += c.count;
      t.totalMs += c.totalMs;
      totals.set(key, t);
    }
  }
  return Object.fromEntries(
    [...totals]
      .map(([key, t]) => [key, Math.round((t.totalMs / t.count) * 10) / 10] as const)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
  );
}

function medianCalls(samples: readonly DiagnosisSample[]): Record<string, number> {
  const keys = new Set(samples.flatMap((s) => Object.keys(s.calls)));
  const out = [...keys].map((key) => [key, median(samples.map((s) => s.calls[key]?.count ?? 0))] as const);
  return Object.fromEntries(
    out.filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
  );
}

/** A check's reason without the check id and the per-request details, so that equal reasons group. */
function reasonOf(problem: string): string {
  return problem.replace(/^[a-z-]+: /, '').replace(/\b[0-9a-f]{8}-[0-9a-f-]{27}\b/g, '…');
}

function summarise(
  m: SizeMeasurements,
  scenario: Scenario,
  samples: readonly DiagnosisSample[],
  wallMs: number,
  answered: number,
): RunSummary {
  const full = samples.map((s) => s.fullMs);
  const primary = samples.map((s) => s.primaryMs ?? Number.POSITIVE_INFINITY);
  const finite = (n: number) => (Number.isFinite(n) ? Math.round(n) : null);
  const { boundMs, boundBy } = lowerBound(
    m.reference,
    m.limits,
    m.latencyMs,
    scenario === 'single' ? 1 : Math.ceil(samples.length / 2),
  );
  const failed = samples.filter((s) => s.outcome !== 'complete');
  const reasons = new Map<string, number>();
  for (const s of failed)
    for (const r of new Set(s.problems.map(reasonOf))) reasons.set(r, (reasons.get(r) ?? 0) + 1);
  const medianMs = Math.round(median(full));
  return {
    size: m.size,
    scenario,
    medianMs,
    p95Ms: Math.round(percentile(full, 95)),
    awsCalls: median(samples.map((s) => s.awsCalls)),
    throttledCalls: samples.reduce((sum, s) => sum + s.throttledCalls, 0),
    boundMs,
    ratio: Math.round((medianMs / boundMs) * 100) / 100,
    errors: failed.length,
    diagnoses: samples.length,
    medianPrimaryMs: finite(median(primary)),
    p95PrimaryMs: finite(percentile(primary, 95)),
    expectedPrimary: samples.filter((s) => s.primaryCause === EXPECTED_PRIMARY_CAUSE).length,
    roundTrips: m.reference.roundTrips,
    boundBy,
    throttlingErrors: failed.filter((s) => s.problems.some((p) => /Throttl|TooManyRequests/.test(p))).length,
    errorReasons: [...reasons]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([reason, diagnoses]) => ({ reason, diagnoses })),
    callsByOperation: medianCalls(samples),
    wireMsByOperation: meanWireMs(samples),
    awsCallsAnswered: answered,
    generationMs: Math.round(m.generationMs),
    wallMs: Math.round(wallMs),
    peakRssMb: m.peakRssMb,
  };
}

/** The two run objects (single, concurrent-20) of one size. */
export function summariseSize(m: SizeMeasurements): RunSummary[] {
  return [
    summarise(m, 'single', m.single, m.singleWallMs, m.singleAnswered),
    summarise(m, 'concurrent-20', m.concurrent, m.concurrentWallMs, m.concurrentAnswered),
  ];
}

const seconds = (ms: number | null) => (ms === null ? '—' : (ms / 1000).toFixed(2));

/** The table printed at the end of a run, and pasted into the README. */
export function formatTable(runs: readonly RunSummary[]): string {
  const header = [
    'size',
    'scenario',
    'n',
    'primary median s',
    'primary p95 s',
    'report median s',
    'report p95 s',
    'AWS calls',
    'throttled',
    'bound s',
    'ratio',
    'errors',
  ];
  const rows = runs.map((r) => [
    r.size,
    r.scenario,
    String(r.diagnoses),
    seconds(r.medianPrimaryMs),
    seconds(r.p95PrimaryMs),
    seconds(r.medianMs),
    seconds(r.p95Ms),
    String(r.awsCalls),
    String(r.throttledCalls),
    `${seconds(r.boundMs)} (${r.boundBy})`,
    r.ratio.toFixed(2),
    `${r.errors}/${r.diagnoses}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** Where the quota goes in one diagnosis: each operation's attempts, and the seconds of the bot's share
 * of its service's quota they take (attempts ÷ rate). Most expensive first. */
export function quotaCosts(
  run: RunSummary,
  limits: Record<AwsService, ServiceRateLimit>,
): Array<{ operation: string; calls: number; quotaSeconds: number }> {
  return Object.entries(run.callsByOperation)
    .map(([operation, calls]) => {
      const service = operation.split(':')[0] as AwsService;
      return {
        operation,
        calls,
        quotaSeconds: Math.round((calls / limits[service].ratePerSecond) * 10) / 10,
      };
    })
    .sort((a, b) => b.quotaSeconds - a.quotaSeconds || b.calls - a.calls);
}
