import { readFile, writeFile } from 'node:fs/promises';
import { type AwsService, createAwsClients, rateLimitsFor } from '../aws';
import { InMemoryPrincipalMemory } from '../diagnosis/facts/principal-memory';
import { runDriftScan } from '../drift/scan';
import { InMemoryDriftStore } from '../drift/store';
import type { DriftKind } from '../drift/types';
import { InMemoryInventoryStore } from '../inventory/inventory-store';
import { clockStartingAt } from '../lib/clock';
import { silentLogger } from '../log/logger';
import { SandboxAws } from '../sandbox/emulator/server';
import { generateOrg, type OrgSize } from './generator';

/** The drift scan of a whole synthetic organisation, within the bot's share of each quota, measured. */

/** One size's drift scan, as bench-results.json keeps it (`driftScans`). */
export interface DriftScanResult {
  size: OrgSize;
  scenario: 'drift-scan';
  /** The bot's share of each quota the scan ran under. */
  quotaShare: number;
  /** Added by the emulator to every call. */
  latencyMs: number;
  /** All runs together, from the first request to the report (the waits between runs left out). */
  durationMs: number;
  awsCalls: number;
  throttledCalls: number;
  callsByService: Partial<Record<AwsService, number>>;
  /** The least time the calls need at the bot's rate share (the busiest service's calls ÷ its rate). */
  boundMs: number;
  /** Budgeted runs it took (each stops, saves its cursor, and the next resumes). */
  runs: number;
  budgetMs: number;
  drifts: number;
  driftsByKind: Partial<Record<DriftKind, number>>;
  coverageComplete: boolean;
}

export interface DriftScanBenchOptions {
  quotaShare?: number;
  latencyMs?: number;
  /** Each run's budget, as a scheduled Lambda would have. Default 5 minutes. */
  budgetMs?: number;
  onRun?: (run: { phase: string; calls: number; done: boolean }) => void;
}

/** AWS's own throttles, which the emulator enforces: the bot's rate share stays under them. */
const AWS_THROTTLES = { sso: 20, identitystore: 20, cloudtrail: 2, organizations: 10 } as const;

export async function measureDriftScan(
  size: OrgSize,
  options: DriftScanBenchOptions = {},
): Promise<DriftScanResult> {
  const quotaShare = options.quotaShare ?? 0.5;
  const latencyMs = options.latencyMs ?? 50;
  const budgetMs = options.budgetMs ?? 5 * 60_000;
  const org = generateOrg(size);
  const clock = clockStartingAt(Date.parse(org.snapshot.now ?? new Date().toISOString()));
  const sandbox = new SandboxAws(
    { ...org.snapshot, faults: { latencyMs, throttle: { ...AWS_THROTTLES } } },
    { clock },
  );
  const endpoint = await sandbox.listen();
  const clients = createAwsClients({
    region: org.snapshot.region ?? 'eu-west-1',
    endpoint,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    quotaShare,
  });
  const store = new InMemoryDriftStore();
  const instance = org.snapshot.instances![0]!;
  try {
    let runs = 0;
    for (;;) {
      runs += 1;
      const run = await runDriftScan({
        clients,
        instance: { InstanceArn: instance.InstanceArn, IdentityStoreId: instance.IdentityStoreId! },
        inventory: new InMemoryInventoryStore(),
        memory: new InMemoryPrincipalMemory(),
        cursors: store,
        clock,
        logger: silentLogger(),
        budgetMs,
      });
      options.onRun?.({ phase: run.done ? 'done' : run.phase, calls: run.calls, done: run.done });
      if (!run.done) continue;
      const limits = rateLimitsFor(quotaShare);
      const byService = clients.calls.countBy();
      const boundMs = Math.max(
        ...Object.entries(byService).map(
          ([service, n]) => ((n ?? 0) / limits[service as AwsService].ratePerSecond) * 1000,
        ),
      );
      const driftsByKind: Partial<Record<DriftKind, number>> = {};
      for (const d of run.report.drifts) driftsByKind[d.kind] = (driftsByKind[d.kind] ?? 0) + 1;
      return {
        size,
        scenario: 'drift-scan',
        quotaShare,
        latencyMs,
        durationMs: Math.round(run.report.stats.durationMs),
        awsCalls: run.report.stats.awsCalls,
        throttledCalls: clients.calls.throttled(),
        callsByService: byService,
        boundMs: Math.round(boundMs),
        runs,
        budgetMs,
        drifts: run.report.drifts.length,
        driftsByKind,
        coverageComplete: run.report.coverage.complete,
      };
    }
  } finally {
    clients.destroy();
    await sandbox.close();
  }
}

/** Adds (or replaces, per size) drift-scan results in a bench-results.json, leaving the rest as it is. */
export async function mergeDriftScans(path: string, results: DriftScanResult[]): Promise<void> {
  let existing: Record<string, unknown> = {};
  try {
    existing = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const kept = ((existing.driftScans as DriftScanResult[] | undefined) ?? []).filter(
    (r) => !results.some((n) => n.size === r.size),
  );
  await writeFile(path, `${JSON.stringify({ ...existing, driftScans: [...kept, ...results] }, null, 2)}\n`);
}

/** `tsx src/bench/drift-scan.ts [S|M|L …] [--out bench-results.json]`: measures and merges. */
async function cli(argv: string[]): Promise<void> {
  const out = argv.includes('--out') ? argv[argv.indexOf('--out') + 1]! : 'bench-results.json';
  const sizes = argv.filter((a, i) => /^[SML]$/.test(a) && argv[i - 1] !== '--out') as OrgSize[];
  const results: DriftScanResult[] = [];
  for (const size of sizes.length > 0 ? sizes : (['L'] as OrgSize[])) {
    const started = performance.now();
    const result = await measureDriftScan(size, {
      onRun: (r) =>
        process.stderr.write(
          `drift-scan ${size}: run ${r.done ? 'finished' : `stopped in ${r.phase}`} after ${r.calls} calls (${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
        ),
    });
    results.push(result);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
  await mergeDriftScans(out, results);
}

if (require.main === module) {
  cli(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(
      `drift-scan bench failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
