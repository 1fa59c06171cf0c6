import type { SandboxCall } from '../sandbox/emulator/server';
import type { BenchPerson } from './generator';
import { type BenchEnvironment, type DiagnosisSample, sleep } from './run';

/** The scenarios of `npm run bench`. Each returns its diagnoses and the calls the emulator answered from
 * its start to its last report; report.ts turns them into a run. Another scenario (the drift scan) plugs
 * in by implementing `Scenario` and joining `SCENARIOS` in main.ts. */

export interface ScenarioOutcome {
  samples: DiagnosisSample[];
  /** Every call the emulator answered during the scenario (its log, not the bot's count). */
  calls: SandboxCall[];
  /** How many diagnoses' calls the bound of this scenario's headline figure must wait for. */
  boundDiagnoses: number;
  /** The headline figure the ratio compares with the bound. */
  ratioOf: 'median' | 'p95';
  /** Dependent round trips of one diagnosis in this scenario. */
  roundTrips: number;
}

export interface ScenarioOptions {
  /** Diagnoses per sequential scenario. */
  runs: number;
  /** Dependent round trips, cold and warm (BenchEnvironment.roundTrips). */
  roundTrips: { cold: number; warm: number };
  progress: (line: string) => void;
}

export interface Scenario {
  readonly name: string;
  run(env: BenchEnvironment, options: ScenarioOptions): Promise<ScenarioOutcome>;
}

/** Between two sequential diagnoses: longer than the slowest bucket (1 request/s) takes to refill, and
 * than the emulator's own (AWS's) buckets. */
const GAP_MS = 1500;

const describe = (s: DiagnosisSample) =>
  `${(s.fullMs / 1000).toFixed(2)} s, ${s.primaryCause ?? 'no primary cause'}, source ${s.signinSource ?? '—'}` +
  `${s.incomplete ? `, incomplete${s.signinGap ? ` (${s.signinGap})` : ''}` : ''}`;

/** A different person each time, each in a new bot process: no cache, no shared read, full buckets. */
export const singleCold: Scenario = {
  name: 'single-cold',
  async run(env, { runs, roundTrips, progress }) {
    env.conditions(true);
    env.sandbox.resetCalls();
    const samples: DiagnosisSample[] = [];
    for (let i = 0; i < runs; i++) {
      if (i > 0) await sleep(GAP_MS);
      const bot = env.bot();
      try {
        const sample = await env.diagnoseOnce(env.org.people[i % env.org.people.length]!, bot);
        samples.push(sample);
        progress(`single-cold ${i + 1}/${runs}: ${describe(sample)}`);
      } finally {
        bot.destroy();
      }
    }
    return {
      samples,
      calls: env.sandbox.calls(),
      boundDiagnoses: 1,
      ratioOf: 'median',
      roundTrips: roundTrips.cold,
    };
  },
};

/** The same person again and again in one bot process, after one diagnosis (not counted) filled its cache. */
export const singleWarm: Scenario = {
  name: 'single-warm',
  async run(env, { runs, roundTrips, progress }) {
    env.conditions(true);
    const bot = env.bot();
    const person: BenchPerson = env.org.people[0]!;
    try {
      await env.diagnoseOnce(person, bot);
      await sleep(GAP_MS);
      env.sandbox.resetCalls();
      const samples: DiagnosisSample[] = [];
      for (let i = 0; i < runs; i++) {
        if (i > 0) await sleep(GAP_MS);
        const sample = await env.diagnoseOnce(person, bot);
        samples.push(sample);
        progress(`single-warm ${i + 1}/${runs}: ${describe(sample)}`);
      }
      return {
        samples,
        calls: env.sandbox.calls(),
        boundDiagnoses: 1,
        ratioOf: 'median',
        roundTrips: roundTrips.warm,
      };
    } finally {
      bot.destroy();
    }
  },
};

/** Twenty different people asking at once of one new bot process (cold). */
export const concurrent20: Scenario = {
  name: 'concurrent-20',
  async run(env, { roundTrips, progress }) {
    env.conditions(true);
    await sleep(GAP_MS);
    env.sandbox.resetCalls();
    const bot = env.bot();
    let done = 0;
    try {
      const samples = await Promise.all(
        env.org.people.map(async (person) => {
          const sample = await env.diagnoseOnce(person, bot);
          done += 1;
          progress(`concurrent-20 ${done}/${env.org.people.length}: ${describe(sample)}`);
          return sample;
        }),
      );
      // The p95 person waits for (nearly) everyone's calls: the bound takes all of them.
      return {
        samples,
        calls: env.sandbox.calls(),
        boundDiagnoses: samples.length,
        ratioOf: 'p95',
        roundTrips: roundTrips.cold,
      };
    } finally {
      bot.destroy();
    }
  },
};

export const DIAGNOSIS_SCENARIOS: readonly Scenario[] = [singleCold, singleWarm, concurrent20];
