import { type AwsClients, createAwsClients } from '../../src/aws';
import { InMemoryPrincipalMemory } from '../../src/diagnosis/facts/principal-memory';
import { type DriftScanOptions, InMemoryCursorStore, runDriftScan } from '../../src/drift/scan';
import { InMemoryInventoryStore } from '../../src/inventory/inventory-store';
import { ManualClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/log/logger';
import { SandboxAws } from '../../src/sandbox/emulator/server';
import { knownPrincipalsOf } from '../../src/sandbox/snapshot/known-principals';
import type { Snapshot } from '../../src/sandbox/snapshot/schema';

export const FAST_RATES = {
  sso: 10_000,
  identitystore: 10_000,
  cloudtrail: 10_000,
  organizations: 10_000,
  sts: 10_000,
};

/** The emulator on `snapshot`, the bot's real SDK clients on it, and a drift scan's dependencies. */
export interface DriftWorld {
  sandbox: SandboxAws;
  clients: AwsClients;
  clock: ManualClock;
  inventory: InMemoryInventoryStore;
  cursors: InMemoryCursorStore;
  options(extra?: Partial<DriftScanOptions>): DriftScanOptions;
  scan(extra?: Partial<DriftScanOptions>): ReturnType<typeof runDriftScan>;
  close(): Promise<void>;
}

export async function driftWorld(snapshot: Snapshot): Promise<DriftWorld> {
  const clock = new ManualClock(Date.parse(snapshot.now ?? '2026-11-23T12:00:00Z'));
  const sandbox = new SandboxAws(snapshot, { clock });
  const endpoint = await sandbox.listen();
  const clients = createAwsClients({
    region: snapshot.region ?? 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    quotaShare: 1,
    rates: FAST_RATES,
    maxAttempts: 1,
  });
  const inventory = new InMemoryInventoryStore(knownPrincipalsOf(snapshot));
  const cursors = new InMemoryCursorStore();
  const instance = snapshot.instances?.[0];
  const options = (extra: Partial<DriftScanOptions> = {}): DriftScanOptions => ({
    clients,
    instance: { InstanceArn: instance!.InstanceArn, IdentityStoreId: instance!.IdentityStoreId! },
    inventory,
    memory: new InMemoryPrincipalMemory(),
    cursors,
    clock,
    logger: silentLogger(),
    ...extra,
  });
  return {
    sandbox,
    clients,
    clock,
    inventory,
    cursors,
    options,
    scan: (extra) => runDriftScan(options(extra)),
    async close() {
      clients.destroy();
      await sandbox.close();
    },
  };
}
