import type { SandboxCall } from '../sandbox/emulator/server';
import { type BenchConfig, RATED_SERVICES, type RatedService } from './config';
import type { OrgSize } from './generator';
import type { BenchSource } from './run';
import type { ScenarioOutcome } from './scenarios';

/** Turns a scenario's diagnoses and the emulator's call log into one line of bench-results.json. */

export const COUNTED_SERVICES = [...RATED_SERVICES, 'sts'] as const;
export type CountedService = (typeof COUNTED_SERVICES)[number];

/** One run: a size, a scenario and a sign-in source. */
export interface RunResult {
  size: OrgSize;
  scenario: string;
  /** The source the run was configured with (`signinSources` says which answered). */
  signinSource: BenchSource;
  /** `fresh`: one complete inventory scan ran just before (with the index source), so the organisation
   * metadata it found healthy is taken from it; `none`: everything read live. Absent in older results
   * (then none). */
  inventory?: 'fresh' | 'none';
  /** Diagnoses whose report says part of the metadata came from the inventory (`stats.inventoryAt`). */
  inventoryAnswered?: number;
  diagnoses: number;
  /** Start of a diagnosis to the person's full report. */
  medianMs: number;
  p95Ms: number;
  /** Calls the emulator answered during the run ÷ diagnoses. */
  awsCalls: number;
  /** Calls the emulator answered during the run, per service (its log, not the bot's count). */
  callsByService: Record<CountedService, number>;
  /** Throttling answers the emulator gave (AWS's full quotas) during the run. */
  throttledCalls: number;
  /** Diagnoses that threw or had a check end in `error`. */
  errors: number;
  /** Diagnoses whose report is not complete (errors, incomplete checks, a partial sign-in read). */
  incomplete: number;
  /**
   * The lower bound: the slowest service's calls ÷ the bot's rate for it, plus the dependent round trips
   * × the latency. Calls are the mean of one diagnosis for single runs, all of them for concurrent-20
   * (its p95 person waits for nearly everyone's). Computed from counts, never from a measured time.
   */
  boundMs: number;
  /** The service whose calls set the bound's first term. */
  boundBy: RatedService;
  roundTrips: number;
  /** medianMs ÷ boundMs for single runs, p95Ms ÷ boundMs for concurrent-20 (the targets' terms). */
  ratio: number;
  ratioOf: 'median' | 'p95';
  /** Diagnoses whose primary cause is the one the organisation was built to produce. */
  expectedPrimary: number;
  /** Which source answered the sign-in read, and how many diagnoses each. */
  signinSources: Record<string, number>;
  /** What partial sign-in reads covered, with how many diagnoses had each (no silent truncation). */
  signinGaps: Array<{ reason: string; diagnoses: number }>;
  /** Why diagnoses were incomplete (check: reason), most frequent first. */
  problems: Array<{ problem: string; diagnoses: number }>;
}

export interface BenchResults {
  config: BenchConfig;
  runs: RunResult[];
}

export const EXPECTED_PRIMARY_CAUSE = 'permission-set-not-provisioned';

/** Median: the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100): with 10 diagnoses, p95 is the slowest. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Answered calls per service (every attempt the emulator saw, throttled ones included). */
export function countByService(calls: readonly SandboxCall[]): Record<CountedService, number> {
  const out = Object.fromEntries(COUNTED_SERVICES.map((s) => [s, 0])) as Record<CountedService, number>;
  for (const c of calls)
    if ((COUNTED_SERVICES as readonly string[]).includes(c.service)) out[c.service as CountedService] += 1;
  return out;
}

/** The bound of a run: see `RunResult.boundMs`. `share` is the fraction of the run's calls that the
 * headline diagnosis must wait for (1 ÷ diagnoses for a single run, 1 for concurrent-20). */
export function lowerBound(
  callsByService: Record<CountedService, number>,
  share: number,
  config: BenchConfig,
  roundTrips: number,
): { boundMs: number; boundBy: RatedService } {
  let slowest: RatedService = 'sso';
  let slowestMs = -1;
  for (const service of RATED_SERVICES) {
    const ms = ((callsByService[service] * share) / config.rates[service]) * 1000;
    if (ms > slowestMs) {
      slowestMs = ms;
      slowest = service;
    }
  }
  return { boundMs: Math.round(slowestMs + roundTrips * config.latencyMs), boundBy: slowest };
}

function tally(values: readonly string[]): Array<{ key: string; count: number }> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, count]) => ({ key, count }));
}

export function summarise(
  size: OrgSize,
  scenario: string,
  source: BenchSource,
  outcome: ScenarioOutcome,
  config: BenchConfig,
  inventory: 'fresh' | 'none' = 'none',
): RunResult {
  const { samples } = outcome;
  const n = samples.length;
  const full = samples.map((s) => s.fullMs);
  const callsByService = countByService(outcome.calls);
  const { boundMs, boundBy } = lowerBound(
    callsByService,
    outcome.boundDiagnoses / n,
    config,
    outcome.roundTrips,
  );
  const medianMs = Math.round(median(full));
  const p95Ms = Math.round(percentile(full, 95));
  const headline = outcome.ratioOf === 'median' ? medianMs : p95Ms;
  return {
    size,
    scenario,
    signinSource: source,
    inventory,
    inventoryAnswered: samples.filter((s) => s.inventoryAt !== null).length,
    diagnoses: n,
    medianMs,
    p95Ms,
    awsCalls: Math.round((outcome.calls.length / n) * 10) / 10,
    callsByService,
    throttledCalls: outcome.calls.filter((c) => c.outcome === 'throttled').length,
    errors: samples.filter((s) => s.error).length,
    incomplete: samples.filter((s) => s.incomplete).length,
    boundMs,
    boundBy,
    roundTrips: outcome.roundTrips,
    ratio: Math.round((headline / boundMs) * 100) / 100,
    ratioOf: outcome.ratioOf,
    expectedPrimary: samples.filter((s) => s.primaryCause === EXPECTED_PRIMARY_CAUSE).length,
    signinSources: Object.fromEntries(
      tally(samples.map((s) => s.signinSource ?? 'none')).map((t) => [t.key, t.count]),
    ),
    signinGaps: tally(samples.flatMap((s) => (s.signinGap ? [s.signinGap] : []))).map((t) => ({
      reason: t.key,
      diagnoses: t.count,
    })),
    problems: tally(samples.flatMap((s) => [...new Set(s.problems)])).map((t) => ({
      problem: t.key,
      diagnoses: t.count,
    })),
  };
}
