import { AsyncLocalStorage } from 'node:async_hooks';
import { type AwsClients, createAwsClients, createDynamoDbClient, type DynamoDB } from '../aws';
import { diagnose } from '../diagnosis/diagnose';
import { DEFAULT_SETTINGS } from '../diagnosis/facts/facts';
import { InMemoryPrincipalMemory } from '../diagnosis/facts/principal-memory';
import { SharedMetadataCache } from '../diagnosis/facts/shared-metadata';
import { chooseSignInSource } from '../diagnosis/facts/signin-sources/choose';
import type { SignInSource, SignInSourceKind, SourcedRead } from '../diagnosis/facts/signin-sources/source';
import type { DiagnosisReport } from '../diagnosis/types';
import { InMemoryInventoryStore } from '../inventory/inventory-store';
import { resolveInstance } from '../inventory/resolve-instance';
import { runInventoryScan } from '../inventory/scan';
import { type Clock, clockStartingAt, ManualClock } from '../lib/clock';
import { SingleFlight } from '../lib/single-flight';
import { TtlCache } from '../lib/ttl-cache';
import { SandboxAws, type SandboxCall } from '../sandbox/emulator/server';
import { knownPrincipalsOf } from '../sandbox/snapshot/known-principals';
import { DynamoSignInIndex } from '../signin-index/reader';
import { SignInIndexWriter } from '../signin-index/writer';
import { DynamoTicketStore } from '../tickets/dynamo-store';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../tickets/embedded';
import { type BenchConfig, emulatorThrottles } from './config';
import type { BenchPerson, GeneratedOrg } from './generator';

/** Drives diagnoses against the emulator over HTTP, the way the bot runs them, and records each one. */

/** The sign-in evidence source a run is configured with (the report says which one answered). */
export type BenchSource = SignInSourceKind;
export const BENCH_SOURCES: readonly BenchSource[] = ['index', 'lookup-events', 'lake'];

const EVENT_DATA_STORE =
  'arn:aws:cloudtrail:eu-west-1:310000000000:eventdatastore/bench0000-0000-4000-8000-000000000001';
const INDEX_TABLE = 'cant-login-bench';

/** One diagnosis, measured. */
export interface DiagnosisSample {
  userName: string;
  /** Start of the diagnosis to the person's full report. */
  fullMs: number;
  primaryCause: string | null;
  /** The source that answered the sign-in read (the report's `stats.signinSource`). */
  signinSource: SignInSourceKind | null;
  /** Why the sign-in read was incomplete, when it was. */
  signinGap?: string;
  /** When the inventory scan that answered part of the organisation metadata completed (the report's
   * `stats.inventoryAt`); null when everything was read live. */
  inventoryAt: string | null;
  /** Threw, or some check ended in `error`. */
  error: boolean;
  /** The report is not complete: an error, a check `incomplete`, or a partial sign-in read. */
  incomplete: boolean;
  problems: string[];
}

/** A bot process: its clients (and their token buckets), its metadata cache and shared reads, its sign-in
 * source. A cold diagnosis gets a new one; a warm one reuses it. */
export interface BenchBot {
  clients: AwsClients;
  cache: SharedMetadataCache;
  sharedReads: SingleFlight;
  signInSource: SignInSource;
  destroy(): void;
}

/** The sign-in read of the diagnosis running in this async context, for the sample. */
const signinScope = new AsyncLocalStorage<{ read?: SourcedRead }>();

/** One organisation served by the emulator on a loopback port, and (for the index) its sign-in index. */
export class BenchEnvironment {
  /** Completion time (emulator clock) of each answered call, for counting dependent round trips. */
  private readonly doneAt = new WeakMap<SandboxCall, number>();

  private constructor(
    readonly org: GeneratedOrg,
    readonly source: BenchSource,
    readonly config: BenchConfig,
    readonly sandbox: SandboxAws,
    readonly endpoint: string,
    private readonly index:
      | { embedded: EmbeddedDynamo; ddb: DynamoDB; reader: DynamoSignInIndex }
      | undefined,
    /** For the index source: the inventory of one complete scan run just before the scenarios. */
    private readonly inventory: InMemoryInventoryStore | undefined,
  ) {
    sandbox.onCall((call) => this.doneAt.set(call, sandbox.clock.now()));
  }

  get clock(): Clock {
    return this.sandbox.clock;
  }

  /** Serves `org`; for the index source, first feeds the index with the whole history, as the forwarder
   * would have over the previous days (its marker says it has been fed since two days before `now`). */
  static async start(org: GeneratedOrg, source: BenchSource, config: BenchConfig): Promise<BenchEnvironment> {
    const nowMs = Date.parse(org.snapshot.now ?? new Date().toISOString());
    const sandbox = new SandboxAws(org.snapshot, { clock: clockStartingAt(nowMs) });
    const endpoint = await sandbox.listen();
    let index: { embedded: EmbeddedDynamo; ddb: DynamoDB; reader: DynamoSignInIndex } | undefined;
    if (source === 'index') {
      const embedded = await startEmbeddedDynamo();
      const ddb = createDynamoDbClient({
        region: 'us-east-1',
        endpoint: embedded.endpoint,
        credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
      });
      await DynamoTicketStore.open({
        ddb,
        tableName: INDEX_TABLE,
        clock: new ManualClock(nowMs),
        createTable: true,
      });
      const writer = new SignInIndexWriter({
        ddb,
        tableName: INDEX_TABLE,
        clock: new ManualClock(nowMs - 48 * 3600_000),
      });
      await writer.indexEvents(
        (org.snapshot.cloudTrail?.events ?? []).map((e) =>
          typeof e.CloudTrailEvent === 'string' ? JSON.parse(e.CloudTrailEvent) : e.CloudTrailEvent,
        ),
      );
      index = { embedded, ddb, reader: new DynamoSignInIndex({ ddb, tableName: INDEX_TABLE }) };
    }
    // With the index goes the rest of the deployed infrastructure: a fresh inventory (one complete scan of
    // the organisation, as the scheduled scan leaves it), run before any scenario resets the call log.
    const inventory =
      source === 'index' ? await scanInventory(org, endpoint, sandbox.clock, config) : undefined;
    return new BenchEnvironment(org, source, config, sandbox, endpoint, index, inventory);
  }

  /** Whether the diagnoses of this environment have a fresh inventory (bench-results.json `inventory`). */
  get inventoryKind(): 'fresh' | 'none' {
    return this.inventory ? 'fresh' : 'none';
  }

  async close(): Promise<void> {
    await this.sandbox.close();
    if (this.index) {
      this.index.ddb.destroy();
      await this.index.embedded.close();
    }
  }

  /** AWS's latency and throttles (or none, for the reference run). */
  conditions(limited: boolean): void {
    this.sandbox.setFaults({
      latencyMs: this.config.latencyMs,
      ...(limited ? { throttle: emulatorThrottles() } : {}),
    });
  }

  /** A new bot process (cold): fresh clients and buckets, an empty cache, no shared reads. `unlimited`:
   * no client-side rate limit (the reference run that counts dependent round trips). */
  bot(unlimited = false): BenchBot {
    const r = this.config.rates;
    const clients = createAwsClients({
      region: this.org.snapshot.region ?? 'us-east-1',
      endpoint: this.endpoint,
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
      quotaShare: 1,
      maxAttempts: this.config.maxAttempts,
      rates: unlimited
        ? { sso: 10_000, identitystore: 10_000, cloudtrail: 10_000, organizations: 10_000, sts: 10_000 }
        : {
            sso: r.sso,
            identitystore: r.identitystore,
            cloudtrail: r.cloudtrail,
            organizations: r.organizations,
          },
    });
    const sharedReads = new SingleFlight(this.clock);
    const chain = chooseSignInSource({
      clients,
      clock: this.clock,
      maxEventPages: DEFAULT_SETTINGS.maxEventPages,
      ...(this.index ? { index: this.index.reader } : {}),
      ...(this.source === 'lake' ? { lakeEventDataStoreArn: EVENT_DATA_STORE } : {}),
      sharedReads,
    });
    const signInSource: SignInSource = {
      async read(query) {
        const read = await chain.read(query);
        const scope = signinScope.getStore();
        if (scope && query.stream === 'signin') scope.read = read;
        return read;
      },
    };
    return {
      clients,
      cache: new SharedMetadataCache(new TtlCache(this.clock)),
      sharedReads,
      signInSource,
      destroy: () => clients.destroy(),
    };
  }

  /** One diagnosis of `person` by `bot`, timed from the call to the report. */
  async diagnoseOnce(person: BenchPerson, bot: BenchBot): Promise<DiagnosisSample> {
    const scope: { read?: SourcedRead } = {};
    const started = performance.now();
    let report: DiagnosisReport;
    try {
      report = await signinScope.run(scope, () =>
        diagnose(
          { user: person.userName },
          {
            clients: bot.clients,
            clock: this.clock,
            cache: bot.cache,
            sharedReads: bot.sharedReads,
            signInSource: bot.signInSource,
            ...(this.inventory ? { organizationInventory: this.inventory } : {}),
            memory: new InMemoryPrincipalMemory(knownPrincipalsOf(this.org.snapshot)),
            settings: {
              ...DEFAULT_SETTINGS,
              region: this.org.snapshot.region ?? 'us-east-1',
              // As the bot is deployed (runtime/services.ts).
              provisioningReads: 'cheaper',
            },
          },
        ),
      );
    } catch (error) {
      return {
        userName: person.userName,
        fullMs: performance.now() - started,
        primaryCause: null,
        signinSource: null,
        inventoryAt: null,
        error: true,
        incomplete: true,
        problems: [error instanceof Error ? `${error.name}: ${error.message}` : String(error)],
      };
    }
    const fullMs = performance.now() - started;
    const statuses = report.checks.map((c) => ({ id: c.id, status: c.status as string, reason: c.reason }));
    const errored = statuses.filter((c) => c.status === 'error');
    const partial = statuses.filter((c) => c.status === 'incomplete');
    const coverage = (report as { coverage?: { complete: boolean } }).coverage;
    const signinGap = scope.read && !scope.read.complete ? (scope.read.reason ?? 'incomplete') : undefined;
    return {
      userName: person.userName,
      fullMs,
      primaryCause: report.primaryCause,
      signinSource: report.stats.signinSource ?? null,
      inventoryAt: report.stats.inventoryAt ?? null,
      ...(signinGap ? { signinGap } : {}),
      error: errored.length > 0,
      incomplete:
        errored.length > 0 || partial.length > 0 || signinGap !== undefined || coverage?.complete === false,
      problems: [...errored, ...partial].map((c) => `${c.id}: ${c.reason ?? c.status}`),
    };
  }

  /** The dependent round trips of one cold diagnosis (and of the same person again, warm): the diagnosis
   * runs with latency and no rate limit anywhere, and each call's depth is one more than the deepest
   * call answered before it was sent. Counted from the order of the calls, never from their durations. */
  async roundTrips(person: BenchPerson): Promise<{ cold: number; warm: number }> {
    this.conditions(false);
    const bot = this.bot(true);
    try {
      this.sandbox.resetCalls();
      await this.diagnoseOnce(person, bot);
      const cold = this.depth(this.sandbox.calls());
      this.sandbox.resetCalls();
      await this.diagnoseOnce(person, bot);
      const warm = this.depth(this.sandbox.calls());
      return { cold, warm };
    } finally {
      bot.destroy();
      this.sandbox.resetCalls();
    }
  }

  private depth(calls: readonly SandboxCall[]): number {
    const sorted = [...calls].sort((a, b) => a.at - b.at);
    const depths: number[] = [];
    let deepest = 0;
    for (const [i, call] of sorted.entries()) {
      let d = 1;
      for (let j = 0; j < i; j++) {
        const done = this.doneAt.get(sorted[j]!);
        if (done !== undefined && done <= call.at) d = Math.max(d, depths[j]! + 1);
      }
      depths.push(d);
      deepest = Math.max(deepest, d);
    }
    return deepest;
  }
}

/** One complete inventory scan of the organisation, without rate limits (it runs before the measured
 * scenarios, as the scheduled scan runs before the diagnoses it serves). */
async function scanInventory(
  org: GeneratedOrg,
  endpoint: string,
  clock: Clock,
  config: BenchConfig,
): Promise<InMemoryInventoryStore> {
  const region = org.snapshot.region ?? 'us-east-1';
  const clients = createAwsClients({
    region,
    endpoint,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    quotaShare: 1,
    maxAttempts: config.maxAttempts,
    rates: { sso: 10_000, identitystore: 10_000, cloudtrail: 10_000, organizations: 10_000, sts: 10_000 },
  });
  try {
    const resolution = await resolveInstance(clients, region, undefined);
    if (resolution.kind !== 'found')
      throw new Error(`bench inventory: no usable Identity Center instance (${resolution.kind})`);
    const store = new InMemoryInventoryStore();
    const summary = await runInventoryScan({
      clients,
      instance: resolution.instance,
      memory: new InMemoryPrincipalMemory(),
      store,
      clock,
    });
    if (!summary.done) throw new Error(`bench inventory: the scan stopped at ${summary.phase}`);
    return store;
  } finally {
    clients.destroy();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
