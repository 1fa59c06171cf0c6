import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type AwsClients,
  type AwsService,
  createAwsClients,
  rateLimitsFor,
  type ServiceRateLimit,
} from '../aws';
import { diagnose } from '../diagnosis/diagnose';
import { DEFAULT_SETTINGS } from '../diagnosis/facts/facts';
import { InMemoryPrincipalMemory } from '../diagnosis/facts/principal-memory';
import type { ProgressEvent } from '../diagnosis/runner';
import type { DiagnosisReport } from '../diagnosis/types';
import { clockStartingAt } from '../lib/clock';
import { SingleFlight } from '../lib/single-flight';
import { TtlCache } from '../lib/ttl-cache';
import { SandboxAws } from '../sandbox/emulator/server';
import { knownPrincipalsOf } from '../sandbox/snapshot/known-principals';
import type { SandboxService } from '../sandbox/snapshot/schema';
import { type BenchPerson, type GeneratedOrg, generateOrg, type OrgSize } from './generator';

/** Drives diagnoses against the emulator over HTTP, the way the bot runs them, and measures each one. */

/** AWS's own throttles (requests a second per service), which the emulator enforces. */
export const AWS_THROTTLES: Readonly<Partial<Record<SandboxService, number>>> = {
  sso: 20,
  identitystore: 20,
  cloudtrail: 2,
  organizations: 10,
};

/** How the bot and the emulator are set up for the timed runs. */
export interface RunConditions {
  /** Added by the emulator to every call. */
  latencyMs: number;
  /** The bot's share of each quota (its client-side token buckets). */
  quotaShare: number;
  /** SDK attempts per call, the first included. */
  maxAttempts: number;
}

export const DEFAULT_CONDITIONS: RunConditions = { latencyMs: 50, quotaShare: 0.5, maxAttempts: 6 };

/** Rates high enough that the client never waits: for measuring the chain of dependent calls alone. */
const UNLIMITED_RATES: Record<AwsService, number> = {
  sso: 10_000,
  identitystore: 10_000,
  cloudtrail: 10_000,
  organizations: 10_000,
  sts: 10_000,
};

/** Attempts of one operation made for one diagnosis, and the time they spent on the wire. */
export interface OperationCalls {
  count: number;
  /** Sum of the attempts' durations (request to answer, without the wait for a client-side token). */
  totalMs: number;
}

/** One diagnosis, measured. */
export interface DiagnosisSample {
  userName: string;
  /** Start of the diagnosis to the report. */
  fullMs: number;
  /** Start to the moment the check that produced the final primary cause finished; null without one. */
  primaryMs: number | null;
  primaryCause: string | null;
  /** The report's `stats.awsCalls` and `stats.throttledCalls`. */
  awsCalls: number;
  throttledCalls: number;
  /** `complete`; `incomplete` when some check ended in `error`; `threw` when diagnose() threw. */
  outcome: 'complete' | 'incomplete' | 'threw';
  /** Why it was incomplete or threw: `check-id: reason`, or the error. */
  problems: string[];
  /** `service:Operation` → attempts made for this diagnosis until its report was ready. */
  calls: Record<string, OperationCalls>;
}

/** The reference run: the same diagnosis with latency but no rate limit anywhere. */
export interface ReferenceRun {
  sample: DiagnosisSample;
  /** round(duration ÷ latency): calls that had to wait for one another. */
  roundTrips: number;
}

/** One organisation served by the emulator on a loopback port, with the bot's view of it. */
export class BenchEnvironment {
  /** Slow-changing metadata shared by the diagnoses of this environment (the bot's process-wide cache). */
  readonly cache: TtlCache;
  /** Organisation-wide reads shared by diagnoses running at once (the bot keeps one per process). */
  readonly sharedReads: SingleFlight;

  private constructor(
    readonly org: GeneratedOrg,
    readonly sandbox: SandboxAws,
    readonly endpoint: string,
  ) {
    this.cache = new TtlCache(sandbox.clock);
    this.sharedReads = new SingleFlight(sandbox.clock);
  }

  static async start(org: GeneratedOrg): Promise<BenchEnvironment> {
    const clock = clockStartingAt(Date.parse(org.snapshot.now ?? new Date().toISOString()));
    const sandbox = new SandboxAws(org.snapshot, { clock });
    const endpoint = await sandbox.listen();
    return new BenchEnvironment(org, sandbox, endpoint);
  }

  async close(): Promise<void> {
    await this.sandbox.close();
  }

  /** The bot's clients, built once per scenario and shared by its diagnoses, as the bot shares them. */
  clients(conditions: RunConditions, unlimited = false): AwsClients {
    return createAwsClients({
      region: this.org.snapshot.region ?? 'us-east-1',
      endpoint: this.endpoint,
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
      quotaShare: unlimited ? 1 : conditions.quotaShare,
      maxAttempts: conditions.maxAttempts,
      ...(unlimited ? { rates: UNLIMITED_RATES } : {}),
    });
  }

  /** One diagnosis of `person`, timed from the call to the report. */
  async diagnoseOnce(person: BenchPerson, clients: AwsClients): Promise<DiagnosisSample> {
    const calls: Record<string, OperationCalls> = {};
    const finishedAt = new Map<string, number>();
    const started = performance.now();
    const onProgress = (event: ProgressEvent) => {
      if (event.kind === 'check-finished') finishedAt.set(event.result.id, performance.now() - started);
    };
    let report: DiagnosisReport;
    try {
      report = await callScope.run(calls, () =>
        diagnose(
          { user: person.userName },
          {
            clients,
            clock: this.sandbox.clock,
            // One metadata cache per environment, as the bot keeps one per process.
            cache: this.cache,
            sharedReads: this.sharedReads,
            memory: new InMemoryPrincipalMemory(knownPrincipalsOf(this.org.snapshot)),
            settings: { ...DEFAULT_SETTINGS, region: this.org.snapshot.region ?? 'us-east-1' },
            onProgress,
          },
        ),
      );
    } catch (error) {
      return {
        userName: person.userName,
        fullMs: performance.now() - started,
        primaryMs: null,
        primaryCause: null,
        awsCalls: sumCounts(calls),
        throttledCalls: 0,
        outcome: 'threw',
        problems: [error instanceof Error ? `${error.name}: ${error.message}` : String(error)],
        calls: structuredClone(calls),
      };
    }
    const fullMs = performance.now() - started;
    const lead = report.findings[0];
    const primaryCheck =
      report.primaryCause !== null && lead?.cause === report.primaryCause ? lead.checkId : null;
    const problems = report.checks
      .filter((c) => c.status === 'error')
      .map((c) => `${c.id}: ${c.reason ?? 'error'}`);
    return {
      userName: person.userName,
      fullMs,
      primaryMs: primaryCheck === null ? null : (finishedAt.get(primaryCheck) ?? null),
      primaryCause: report.primaryCause,
      awsCalls: report.stats.awsCalls,
      throttledCalls: report.stats.throttledCalls,
      outcome: problems.length > 0 ? 'incomplete' : 'complete',
      problems,
      // Reads abandoned by a timed-out check go on after the report; count only what came before it.
      calls: structuredClone(calls),
    };
  }

  /** One diagnosis without latency or limits, discarded: the first in a process pays for loading and
   * compiling the SDK and the checks. */
  async warmUp(person: BenchPerson, conditions: RunConditions): Promise<void> {
    this.sandbox.setFaults({});
    const clients = instrumented(this.clients(conditions, true));
    try {
      await this.diagnoseOnce(person, clients);
    } finally {
      clients.destroy();
    }
  }

  /** The chain of dependent calls: the diagnosis with latency, no throttles and no client-side limit.
   * The fastest of `attempts` is kept, since noise (another process on the CPU) only ever adds time. */
  async reference(person: BenchPerson, conditions: RunConditions, attempts = 3): Promise<ReferenceRun> {
    this.sandbox.setFaults({ latencyMs: conditions.latencyMs });
    const clients = instrumented(this.clients(conditions, true));
    try {
      let best: DiagnosisSample | undefined;
      for (let i = 0; i < attempts; i++) {
        const sample = await this.diagnoseOnce(person, clients);
        if (!best || sample.fullMs < best.fullMs) best = sample;
      }
      return { sample: best!, roundTrips: Math.round(best!.fullMs / conditions.latencyMs) };
    } finally {
      clients.destroy();
    }
  }

  /** `runs` diagnoses of `person`, one after the other, `gapMs` apart (an idle bot between requests). */
  async single(
    person: BenchPerson,
    runs: number,
    conditions: RunConditions,
    gapMs: number,
    onSample: (sample: DiagnosisSample, index: number) => void,
  ): Promise<DiagnosisSample[]> {
    this.sandbox.setFaults({ latencyMs: conditions.latencyMs, throttle: { ...AWS_THROTTLES } });
    const clients = instrumented(this.clients(conditions));
    const samples: DiagnosisSample[] = [];
    try {
      for (let i = 0; i < runs; i++) {
        if (i > 0 && gapMs > 0) await sleep(gapMs);
        const sample = await this.diagnoseOnce(person, clients);
        samples.push(sample);
        onSample(sample, i);
      }
      return samples;
    } finally {
      clients.destroy();
    }
  }

  /** Every person asks at once, through the same clients (one bot process). Reads abandoned by
   * timed-out checks may still be queued behind the clients' rate limits when this returns. */
  async concurrent(
    people: readonly BenchPerson[],
    conditions: RunConditions,
    onSample: (sample: DiagnosisSample, index: number) => void,
  ): Promise<DiagnosisSample[]> {
    this.sandbox.setFaults({ latencyMs: conditions.latencyMs, throttle: { ...AWS_THROTTLES } });
    const clients = instrumented(this.clients(conditions));
    let done = 0;
    return Promise.all(
      people.map(async (person) => {
        const sample = await this.diagnoseOnce(person, clients);
        onSample(sample, done++);
        return sample;
      }),
    );
  }
}

/** The calls of the diagnosis running in this async context. */
const callScope = new AsyncLocalStorage<Record<string, OperationCalls>>();

function instrumented(clients: AwsClients): AwsClients {
  clients.calls.subscribe((record) => {
    const calls = callScope.getStore();
    if (!calls) return;
    const key = `${record.service}:${record.operation}`;
    const entry = calls[key] ?? { count: 0, totalMs: 0 };
    entry.count += 1;
    entry.totalMs += record.durationMs;
    calls[key] = entry;
  });
  return clients;
}

function sumCounts(calls: Record<string, OperationCalls>): number {
  return Object.values(calls).reduce((sum, c) => sum + c.count, 0);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Everything one size's worker measured, sent to the main process. */
export interface SizeMeasurements {
  size: OrgSize;
  generationMs: number;
  latencyMs: number;
  /** The client-side limits in force for the timed runs. */
  limits: Record<AwsService, ServiceRateLimit>;
  reference: ReferenceRun;
  single: DiagnosisSample[];
  singleWallMs: number;
  /** Calls the emulator answered during the scenario, until its last report. */
  singleAnswered: number;
  concurrent: DiagnosisSample[];
  concurrentWallMs: number;
  concurrentAnswered: number;
  /** This process's peak resident set size. */
  peakRssMb: number;
}

/** What one size runs: `runs` sequential diagnoses of the benchmark person, then 20 people at once. */
export interface SizePlan {
  size: OrgSize;
  runs: number;
  /** Idle time between two sequential diagnoses, so each starts with the bot's buckets refilled. */
  gapMs: number;
  conditions: RunConditions;
}

const secondsOf = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Generates the organisation, then measures the reference run, `single` and `concurrent-20`. */
export async function measureSize(
  plan: SizePlan,
  progress: (line: string) => void,
): Promise<SizeMeasurements> {
  const { size, conditions } = plan;
  const generationStarted = performance.now();
  const org = generateOrg(size);
  const generationMs = performance.now() - generationStarted;
  progress(
    `generated in ${secondsOf(generationMs)}: ${org.spec.accounts} accounts, ${org.spec.users} users, ` +
      `${org.spec.permissionSets} permission sets, ${org.spec.signInEvents} sign-in events`,
  );
  const env = await BenchEnvironment.start(org);
  try {
    const person = org.people[0]!;
    await env.warmUp(person, conditions);
    env.sandbox.resetCalls();
    const singleStarted = performance.now();
    const single = await env.single(person, plan.runs, conditions, plan.gapMs, (s, i) =>
      progress(`single ${i + 1}/${plan.runs}: ${describe(s)}`),
    );
    const singleWallMs = performance.now() - singleStarted;
    const singleAnswered = env.sandbox.calls().length;
    // After the sequential runs, when the other sizes' workers have also left their busy start.
    const reference = await env.reference(person, conditions);
    progress(
      `reference (latency, no rate limits): ${secondsOf(reference.sample.fullMs)}, ${reference.roundTrips} round trips, ` +
        `${reference.sample.awsCalls} calls, primary cause ${reference.sample.primaryCause}`,
    );
    env.sandbox.resetCalls();
    const concurrentStarted = performance.now();
    const concurrent = await env.concurrent(org.people, conditions, (s, i) =>
      progress(`concurrent-20 ${i + 1}/${org.people.length} (${s.userName}): ${describe(s)}`),
    );
    const concurrentWallMs = performance.now() - concurrentStarted;
    const concurrentAnswered = env.sandbox.calls().length;
    return {
      size,
      generationMs,
      latencyMs: conditions.latencyMs,
      limits: rateLimitsFor(conditions.quotaShare),
      reference,
      single,
      singleWallMs,
      singleAnswered,
      concurrent,
      concurrentWallMs,
      concurrentAnswered,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await env.close();
  }
}

function describe(s: DiagnosisSample): string {
  const primary = s.primaryMs === null ? 'no primary cause' : `primary ${secondsOf(s.primaryMs)}`;
  const outcome = s.outcome === 'complete' ? '' : `, ${s.outcome} (${s.problems.length} checks)`;
  return `report ${secondsOf(s.fullMs)}, ${primary}, ${s.awsCalls} calls, ${s.throttledCalls} throttled${outcome}`;
}
