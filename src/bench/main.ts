import { fork } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type BenchConfig, DEFAULT_BENCH_CONFIG, validateBenchConfig } from './config';
import { measureDriftScan, mergeDriftScans } from './drift-scan';
import { generateOrg, ORG_SIZES, type OrgSize } from './generator';
import { type BenchResults, type RunResult, summarise } from './report';
import { BENCH_SOURCES, BenchEnvironment, type BenchSource } from './run';
import { DIAGNOSIS_SCENARIOS, type Scenario } from './scenarios';
import { formatBenchTable } from './table';

/**
 * `npm run bench`: diagnoses against synthetic organisations of three sizes, for each sign-in evidence
 * source, cold, warm and twenty at once. Each size runs in a worker process of its own (its own
 * emulator and bot, as separate AWS accounts would be). Progress goes to stderr, the table to stdout,
 * the numbers to `--out`; `npm run bench:table` puts them in the README.
 */

/** Every scenario the bench runs, in order. Another scenario (the drift scan) joins this list. */
export const SCENARIOS: readonly Scenario[] = [...DIAGNOSIS_SCENARIOS];

const USAGE = `usage: npm run bench -- [--sizes S,M,L] [--sources index,lookup-events,lake] [--scenarios …] [--runs N] [--out bench-results.json] [--jobs N]
  --sizes      organisation sizes (default S,M,L)
  --sources    sign-in evidence sources (default ${BENCH_SOURCES.join(',')})
  --scenarios  scenarios (default ${SCENARIOS.map((s) => s.name).join(',')})
  --runs       diagnoses per sequential scenario (default 5)
  --out        where to write the results (default bench-results.json)
  --jobs       sizes measured at the same time, one process each (default 1)
  --drift      also scan these sizes whole for drift within the bot's rate share (scenario "drift-scan",
               in driftScans; L takes about 50 minutes)`;

class UsageError extends Error {}

interface Options {
  sizes: OrgSize[];
  sources: BenchSource[];
  scenarios: string[];
  runs: number;
  out: string;
  jobs: number;
  worker: OrgSize | undefined;
  drift: OrgSize[];
}

function listOf<T extends string>(name: string, value: string | undefined, all: readonly T[]): T[] {
  if (value === undefined) return [...all];
  const out = [...new Set(value.split(',').map((v) => v.trim()))];
  for (const v of out)
    if (!(all as readonly string[]).includes(v))
      throw new UsageError(`unknown ${name} "${v}" (expected ${all.join(', ')})`);
  return out as T[];
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

function parseOptions(argv: string[]): Options {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        sizes: { type: 'string' },
        sources: { type: 'string' },
        scenarios: { type: 'string' },
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
  const sizes = listOf('size', values.sizes?.toUpperCase(), ORG_SIZES);
  return {
    sizes,
    sources: listOf('source', values.sources, BENCH_SOURCES),
    scenarios: listOf(
      'scenario',
      values.scenarios,
      SCENARIOS.map((s) => s.name),
    ),
    runs: positiveInteger('runs', values.runs, 5),
    out: values.out ?? 'bench-results.json',
    jobs: positiveInteger('jobs', values.jobs, 1),
    worker:
      values.worker === undefined ? undefined : listOf('size', values.worker.toUpperCase(), ORG_SIZES)[0],
    drift: values.drift === undefined ? [] : listOf('size', values.drift.toUpperCase(), ORG_SIZES),
  };
}

/** Everything one size runs: each source, then each scenario. */
async function measureSize(
  size: OrgSize,
  options: Pick<Options, 'sources' | 'scenarios' | 'runs'>,
  config: BenchConfig,
  progress: (line: string) => void,
): Promise<RunResult[]> {
  const started = performance.now();
  const org = generateOrg(size);
  progress(
    `generated in ${((performance.now() - started) / 1000).toFixed(2)} s: ${org.spec.accounts} accounts, ` +
      `${org.spec.users} users, ${org.spec.permissionSets} permission sets, ${org.spec.signInEvents} sign-in events`,
  );
  const results: RunResult[] = [];
  for (const source of options.sources) {
    const env = await BenchEnvironment.start(org, source, config);
    try {
      const roundTrips = await env.roundTrips(org.people[org.people.length - 1]!);
      progress(`${source}: ${roundTrips.cold} dependent round trips cold, ${roundTrips.warm} warm`);
      for (const scenario of SCENARIOS.filter((s) => options.scenarios.includes(s.name))) {
        const outcome = await scenario.run(env, {
          runs: options.runs,
          roundTrips,
          progress: (line) => progress(`${source} ${line}`),
        });
        results.push(summarise(size, scenario.name, source, outcome, config, env.inventoryKind));
      }
    } finally {
      await env.close();
    }
  }
  return results;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

function measureInWorker(size: OrgSize, options: Options): Promise<RunResult[]> {
  return new Promise((resolve, reject) => {
    const args = ['--worker', size, '--runs', String(options.runs), '--sources', options.sources.join(',')];
    args.push('--scenarios', options.scenarios.join(','));
    const child = fork(__filename, args, {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    let result: RunResult[] | undefined;
    child.on('message', (message: { kind?: string; runs?: RunResult[] }) => {
      if (message.kind === 'runs') result = message.runs;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result) resolve(result);
      else reject(new Error(`the ${size} worker ended (${signal ?? `exit code ${code}`}) without results`));
    });
  });
}

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
  const config = validateBenchConfig(DEFAULT_BENCH_CONFIG);
  if (options.worker) {
    const size = options.worker;
    const runs = await measureSize(size, options, config, (line) =>
      process.stderr.write(`[bench ${size}] ${line}\n`),
    );
    // Reads abandoned by timed-out checks may still be queued behind the rate limiter; exiting ends them.
    process.send?.({ kind: 'runs', runs }, () => process.exit(0));
    return;
  }
  const started = performance.now();
  const perSize = await withLimit(
    options.jobs,
    options.sizes.map((size) => () => measureInWorker(size, options)),
  );
  const results: BenchResults = { config, runs: perSize.flat() };
  await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
  // The organisation-wide drift scan (src/bench/drift-scan.ts), when asked for.
  for (const size of options.drift) await mergeDriftScans(options.out, [await measureDriftScan(size)]);
  say(formatBenchTable(results));
  say(`\nwall time ${((performance.now() - started) / 1000).toFixed(1)} s; results in ${options.out}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
