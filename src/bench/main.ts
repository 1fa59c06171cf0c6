import { fork } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { measureDriftScan, mergeDriftScans } from './drift-scan';
import { ORG_SIZES, type OrgSize } from './generator';
import { type BenchResults, formatTable, quotaCosts, type RunSummary, summariseSize } from './report';
import { DEFAULT_CONDITIONS, measureSize, type SizeMeasurements } from './run';

/**
 * `npm run bench`: times diagnoses against synthetic organisations of three sizes. Each size runs in a
 * worker process of its own: the organisations are separate (their own emulator, their own bot and
 * token buckets, as separate AWS accounts would be), the runs are bound by rate limits and latency
 * rather than CPU, and running them side by side keeps the whole benchmark within five minutes.
 * Progress goes to stderr; the table and the totals to stdout; the numbers to `--out`.
 */

const USAGE = `usage: npm run bench -- [--sizes S,M,L] [--runs N] [--out bench-results.json] [--jobs N] [--drift S,M,L]
  --sizes  organisation sizes to run (default S,M,L)
  --runs   sequential diagnoses of the benchmark person per size (default 10)
  --out    where to write the results (default bench-results.json)
  --jobs   sizes measured at the same time, one process each (default: all of them)
  --drift  also scan these sizes whole for drift, within the bot's rate share (scenario "drift-scan";
           L takes about 50 minutes at the default share)`;

/** Between two sequential diagnoses: longer than the slowest bucket (1 request/s) takes to refill. */
const GAP_MS = 1000;

class UsageError extends Error {}

interface Options {
  sizes: OrgSize[];
  runs: number;
  /** Sizes whose whole-organisation drift scan is measured too (`--drift L`); none by default. */
  drift: OrgSize[];
  out: string;
  jobs: number;
  worker: OrgSize | undefined;
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

function sizeOf(value: string): OrgSize {
  const size = value.trim().toUpperCase();
  if (!(ORG_SIZES as readonly string[]).includes(size)) {
    throw new UsageError(`unknown size "${value}" (expected ${ORG_SIZES.join(', ')})`);
  }
  return size as OrgSize;
}

function parseOptions(argv: string[]): Options {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        sizes: { type: 'string' },
        runs: { type: 'string' },
        out: { type: 'string' },
        jobs: { type: 'string' },
        worker: { type: 'string' },
        drift: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }) as { values: Record<string, string | undefined> });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const sizes =
    values.sizes === undefined ? [...ORG_SIZES] : [...new Set(values.sizes.split(',').map(sizeOf))];
  return {
    sizes,
    runs: positiveInteger('runs', values.runs, 10),
    out: values.out ?? 'bench-results.json',
    jobs: positiveInteger('jobs', values.jobs, sizes.length),
    worker: values.worker === undefined ? undefined : sizeOf(values.worker),
    drift: values.drift === undefined ? [] : [...new Set(values.drift.split(',').map(sizeOf))],
  };
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** In a worker: measure one size and hand the measurements to the parent. */
async function runWorker(size: OrgSize, runs: number): Promise<void> {
  const measurements = await measureSize(
    { size, runs, gapMs: GAP_MS, conditions: DEFAULT_CONDITIONS },
    (line) => process.stderr.write(`[bench ${size}] ${line}\n`),
  );
  // Reads abandoned by timed-out checks may still be queued behind the rate limiter; exiting ends them.
  process.send?.({ kind: 'measurements', measurements }, () => process.exit(0));
}

/** Starts a worker for one size (this same file, under the same loader) and waits for its measurements. */
function measureInWorker(size: OrgSize, runs: number): Promise<SizeMeasurements> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--worker', size, '--runs', String(runs)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    let result: SizeMeasurements | undefined;
    child.on('message', (message: { kind?: string; measurements?: SizeMeasurements }) => {
      if (message.kind === 'measurements') result = message.measurements;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result) resolve(result);
      else reject(new Error(`the ${size} worker ended (${signal ?? `exit code ${code}`}) without results`));
    });
  });
}

/** Runs `tasks` with at most `limit` at a time, keeping their order in the result. */
async function withLimit<T>(limit: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  return results;
}

async function runMain(options: Options): Promise<void> {
  const started = performance.now();
  progress(
    `sizes ${options.sizes.join(', ')}; ${options.runs} sequential runs and 20 concurrent people per size; ` +
      `latency ${DEFAULT_CONDITIONS.latencyMs} ms, quota share ${DEFAULT_CONDITIONS.quotaShare}, ` +
      `${DEFAULT_CONDITIONS.maxAttempts} attempts; ${Math.min(options.jobs, options.sizes.length)} size(s) at a time`,
  );
  const measurements = await withLimit(
    options.jobs,
    options.sizes.map((size) => () => measureInWorker(size, options.runs)),
  );
  const runs: RunSummary[] = measurements.flatMap(summariseSize);
  const results: BenchResults = { runs };
  await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
  // The organisation-wide drift scan (src/bench/drift-scan.ts), scenario "drift-scan", when asked for.
  for (const size of options.drift) await mergeDriftScans(options.out, [await measureDriftScan(size)]);

  say(formatTable(runs));
  say('');
  for (const m of measurements) {
    const single = runs.find((r) => r.size === m.size && r.scenario === 'single')!;
    const top = quotaCosts(single, m.limits)
      .slice(0, 3)
      .map((c) => `${c.operation} ×${c.calls} (${c.quotaSeconds} s of quota)`)
      .join(', ');
    say(
      `${m.size}: generated in ${(m.generationMs / 1000).toFixed(2)} s; peak RSS ${m.peakRssMb} MB; biggest costs: ${top}`,
    );
  }
  const parentRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  say(
    `peak RSS: ${Math.max(...measurements.map((m) => m.peakRssMb))} MB (largest worker), ${parentRssMb} MB (main); ` +
      `wall time ${((performance.now() - started) / 1000).toFixed(1)} s; results in ${options.out}`,
  );
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options.worker) await runWorker(options.worker, options.runs);
  else await runMain(options);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
