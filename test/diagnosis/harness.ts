import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type AwsClients, createAwsClients } from '../../src/aws';
import { type DiagnoseDeps, diagnose } from '../../src/diagnosis/diagnose';
import { DEFAULT_SETTINGS, type DiagnosisSettings, type FactsDeps } from '../../src/diagnosis/facts/facts';
import type { InventoryLookup, MetadataCache, SignInIndex } from '../../src/diagnosis/facts/ports';
import { InMemoryPrincipalMemory } from '../../src/diagnosis/facts/principal-memory';
import type { DiagnosisReport, DiagnosisRequest } from '../../src/diagnosis/types';
import { clockStartingAt } from '../../src/lib/clock';
import { SandboxAws } from '../../src/sandbox/emulator/server';
import { knownPrincipalsOf } from '../../src/sandbox/snapshot/known-principals';
import { validateSnapshot } from '../../src/sandbox/snapshot/load';
import type { Snapshot } from '../../src/sandbox/snapshot/schema';

export const CAUSE_FIXTURES = resolve(__dirname, '../fixtures/causes');
export const SAMPLE_ORG = resolve(__dirname, '../../samples/sample-org.json');

/** Reads a snapshot file under test/fixtures/causes (or any path), validated by the real loader. */
export function readSnapshot(pathOrName: string): Snapshot {
  const path = pathOrName.endsWith('.json')
    ? resolve(CAUSE_FIXTURES, pathOrName)
    : resolve(CAUSE_FIXTURES, `${pathOrName}.json`);
  return validateSnapshot(JSON.parse(readFileSync(path, 'utf8')), path);
}

export interface HarnessOptions {
  /** Flip the undocumented AWS behaviour: does ListAccountAssignmentsForPrincipal(USER) fold group rows in? */
  userAssignmentsIncludeGroups?: boolean;
  settings?: Partial<DiagnosisSettings>;
  /** Sees the emulator before the diagnosis runs and after it (e.g. to read its call log). */
  onSandbox?: (sandbox: SandboxAws) => void;
  /** The inventory scan's results (passed through to the facts layer). */
  inventory?: InventoryLookup;
  /** Sees the bot's AWS clients before the diagnosis runs (e.g. to record the requests' inputs). */
  onClients?: (clients: AwsClients) => void;
  /** A metadata cache shared between diagnoses (passed through to the facts layer). */
  cache?: MetadataCache;
  /** A sign-in event index the diagnosis reads instead of LookupEvents (when it answers). */
  signInIndex?: SignInIndex;
}

/**
 * Diagnoses one person end to end: the emulator serves the snapshot over HTTP, the bot's real AWS
 * clients read it, and the real diagnosis runs. No rate limits that would slow tests down.
 */
export async function diagnoseIn(
  snapshot: Snapshot,
  request: DiagnosisRequest,
  options: HarnessOptions = {},
): Promise<DiagnosisReport> {
  const effective: Snapshot =
    options.userAssignmentsIncludeGroups === undefined
      ? snapshot
      : {
          ...snapshot,
          emulation: {
            ...snapshot.emulation,
            userAssignmentsIncludeGroups: options.userAssignmentsIncludeGroups,
          },
        };
  const clock = clockStartingAt(Date.parse(snapshot.now ?? new Date().toISOString()));
  const sandbox = new SandboxAws(effective, { clock });
  const endpoint = await sandbox.listen();
  options.onSandbox?.(sandbox);
  const region = snapshot.region ?? 'us-east-1';
  const clients = createAwsClients({
    region,
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    quotaShare: 1,
    rates: { sso: 10_000, identitystore: 10_000, cloudtrail: 10_000, organizations: 10_000, sts: 10_000 },
    maxAttempts: 2,
  });
  options.onClients?.(clients);
  try {
    const deps: DiagnoseDeps & Pick<FactsDeps, 'cache' | 'inventory'> = {
      clients,
      clock,
      memory: new InMemoryPrincipalMemory(knownPrincipalsOf(snapshot)),
      settings: { ...DEFAULT_SETTINGS, region, ...options.settings },
      ...(options.cache ? { cache: options.cache } : {}),
      ...(options.inventory ? { inventory: options.inventory } : {}),
      ...(options.signInIndex ? { signInIndex: options.signInIndex } : {}),
    };
    return await diagnose(request, deps);
  } finally {
    clients.destroy();
    await sandbox.close();
  }
}

/** Diagnoses the same request under both answers of the undocumented group-folding behaviour. */
export async function diagnoseBothWays(
  snapshot: Snapshot,
  request: DiagnosisRequest,
  options: HarnessOptions = {},
) {
  return Promise.all([
    diagnoseIn(snapshot, request, { ...options, userAssignmentsIncludeGroups: false }),
    diagnoseIn(snapshot, request, { ...options, userAssignmentsIncludeGroups: true }),
  ]);
}

/** The causes a report found, for compact assertions. */
export function causesOf(report: DiagnosisReport): string[] {
  return report.findings.map((f) => f.cause).sort();
}

/** `count` successful sign-ins of other people in the last `minutes` before the snapshot's clock. */
export function floodOfOtherSignIns(snapshot: Snapshot, count: number, minutes: number): Snapshot {
  const now = Date.parse(snapshot.now!);
  const events = Array.from({ length: count }, (_, i) => {
    const at = new Date(now - Math.floor(((i + 1) * minutes * 60_000) / (count + 1))).toISOString();
    return {
      EventId: `f100d000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      EventName: 'UserAuthentication',
      EventSource: 'signin.amazonaws.com',
      EventTime: at,
      Username: '',
      CloudTrailEvent: {
        eventVersion: '1.08',
        eventTime: at,
        eventSource: 'signin.amazonaws.com',
        eventName: 'UserAuthentication',
        userIdentity: { type: 'IdentityCenterUser', onBehalfOf: { userId: `someone-else-${i % 97}` } },
        additionalEventData: {
          UserName: `colleague${i % 97}@northwind.example`,
          CredentialType: 'PASSWORD,TOTP',
        },
        serviceEventDetails: { UserAuthentication: 'Success' },
        eventType: 'AwsServiceEvent',
      },
    };
  });
  return {
    ...snapshot,
    cloudTrail: { events: [...(snapshot.cloudTrail?.events ?? []), ...events] },
  };
}
