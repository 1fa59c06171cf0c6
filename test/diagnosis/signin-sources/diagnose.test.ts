import { createAwsClients, createDynamoDbClient, type DynamoDB } from '../../../src/aws';
import { diagnose } from '../../../src/diagnosis/diagnose';
import { DEFAULT_SETTINGS } from '../../../src/diagnosis/facts/facts';
import { InMemoryPrincipalMemory } from '../../../src/diagnosis/facts/principal-memory';
import { chooseSignInSource } from '../../../src/diagnosis/facts/signin-sources/choose';
import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { ManualClock } from '../../../src/lib/clock';
import { SingleFlight } from '../../../src/lib/single-flight';
import { silentLogger } from '../../../src/log/logger';
import { SandboxAws } from '../../../src/sandbox/emulator/server';
import { knownPrincipalsOf } from '../../../src/sandbox/snapshot/known-principals';
import type { Snapshot } from '../../../src/sandbox/snapshot/schema';
import { DynamoSignInIndex } from '../../../src/signin-index/reader';
import { SignInIndexWriter } from '../../../src/signin-index/writer';
import { DynamoTicketStore } from '../../../src/tickets/dynamo-store';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../../src/tickets/embedded';
import { readSnapshot } from '../harness';

/** Every evidence source end to end: the emulator over HTTP, the bot's real SDK clients, the real
 * diagnosis; the report names the source that answered. */

const EDS = 'arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE';
let embedded: EmbeddedDynamo;
let ddb: DynamoDB;
let tables = 0;

beforeAll(async () => {
  embedded = await startEmbeddedDynamo();
  ddb = createDynamoDbClient({
    region: 'us-east-1',
    endpoint: embedded.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});
afterAll(async () => {
  ddb.destroy();
  await embedded.close();
});

type Kind = 'index' | 'lake' | 'lookup-events';

/** An index fed (since a month before) with every event of the snapshot's CloudTrail history. */
async function fedIndex(snapshot: Snapshot): Promise<DynamoSignInIndex> {
  tables += 1;
  const tableName = `sources-e2e-${tables}`;
  await DynamoTicketStore.open({ ddb, tableName, clock: new ManualClock(0), createTable: true });
  const writer = new SignInIndexWriter({
    ddb,
    tableName,
    clock: new ManualClock(Date.parse('2026-10-01T00:00:00Z')),
  });
  await writer.indexEvents(
    // The record EventBridge delivers carries what the fixtures keep on the LookupEvents row.
    (snapshot.cloudTrail?.events ?? []).map((e) => ({
      eventID: e.EventId,
      eventTime: e.EventTime,
      eventSource: e.EventSource,
      eventName: e.EventName,
      ...(typeof e.CloudTrailEvent === 'string' ? JSON.parse(e.CloudTrailEvent) : e.CloudTrailEvent),
    })),
  );
  return new DynamoSignInIndex({ ddb, tableName });
}

async function diagnoseWith(
  kind: Kind,
  snapshot: Snapshot,
  user: string,
): Promise<{ report: DiagnosisReport; operations: string[] }> {
  const clock = new ManualClock(Date.parse(snapshot.now!));
  const sandbox = new SandboxAws(snapshot, { clock });
  const endpoint = await sandbox.listen();
  const clients = createAwsClients({
    region: snapshot.region ?? 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    quotaShare: 1,
    rates: { sso: 10_000, identitystore: 10_000, cloudtrail: 10_000, organizations: 10_000, sts: 10_000 },
    maxAttempts: 2,
  });
  try {
    const signInSource = chooseSignInSource({
      clients,
      clock,
      maxEventPages: 10,
      ...(kind === 'index' ? { index: await fedIndex(snapshot) } : {}),
      ...(kind === 'lake' ? { lakeEventDataStoreArn: EDS } : {}),
      sharedReads: new SingleFlight(clock),
      logger: silentLogger(),
      // Lake's queries run on the emulator's clock: each wait between polls moves it on.
      sleep: async (ms) => clock.advance(ms),
    });
    const report = await diagnose(
      { user },
      {
        clients,
        clock,
        memory: new InMemoryPrincipalMemory(knownPrincipalsOf(snapshot)),
        settings: { ...DEFAULT_SETTINGS, region: snapshot.region ?? 'us-east-1' },
        signInSource,
      },
    );
    return { report, operations: sandbox.calls({ service: 'cloudtrail' }).map((c) => c.operation) };
  } finally {
    clients.destroy();
    await sandbox.close();
  }
}

describe.each<Kind>(['index', 'lake', 'lookup-events'])('sign-in evidence from %s', (kind) => {
  it('finds failed passwords, and the report names the source', async () => {
    const { report, operations } = await diagnoseWith(
      kind,
      readSnapshot('password-failures'),
      'ben.ortiz@example.com',
    );
    expect(report.primaryCause).toBe('password-failures');
    expect(report.stats.signinSource).toBe(kind);
    const lookups = operations.filter((o) => o === 'LookupEvents').length;
    const queries = operations.filter((o) => o === 'StartQuery').length;
    expect({ lookups: lookups > 0, queries }).toEqual(
      kind === 'lookup-events'
        ? { lookups: true, queries: 0 }
        : kind === 'lake'
          ? { lookups: false, queries: 1 }
          : { lookups: false, queries: 0 },
    );
  });

  it('reads SCIM provisioning failures from the same source', async () => {
    const { report } = await diagnoseWith(kind, readSnapshot('scim-sync-errors'), 'pat.kelly@example.com');
    expect(report.findings.map((f) => f.cause)).toContain('scim-sync-errors');
    expect(report.stats.signinSource).toBe(kind);
  });
});
