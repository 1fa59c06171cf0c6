import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { createDynamoDbClient, type DynamoDB } from '../../src/aws';
import { ManualClock } from '../../src/lib/clock';
import type { Snapshot } from '../../src/sandbox/snapshot/schema';
import { DynamoSignInIndex } from '../../src/signin-index/reader';
import { SignInIndexWriter } from '../../src/signin-index/writer';
import { DynamoTicketStore } from '../../src/tickets/dynamo-store';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../src/tickets/embedded';
import { causesOf, diagnoseIn, readSnapshot } from '../diagnosis/harness';

const TABLE = 'cant-login-signin-diagnosis';
let embedded: EmbeddedDynamo;
let ddb: DynamoDB;

beforeAll(async () => {
  embedded = await startEmbeddedDynamo();
  ddb = createDynamoDbClient({
    region: 'us-east-1',
    endpoint: embedded.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  for (const tableName of [TABLE, `${TABLE}-empty`]) {
    await DynamoTicketStore.open({ ddb, tableName, clock: new ManualClock(0), createTable: true });
  }
});

afterAll(async () => {
  ddb.destroy();
  await embedded.close();
});

/** The event sources of the LookupEvents calls the diagnosis makes. */
function lookupSources(send: jest.SpyInstance): string[] {
  return send.mock.calls
    .map(([command]) => command)
    .filter((c): c is LookupEventsCommand => c instanceof LookupEventsCommand)
    .map((c) => c.input.LookupAttributes?.[0]?.AttributeValue ?? '');
}

describe('a diagnosis with the sign-in index', () => {
  const snapshot = readSnapshot('password-failures');
  // The sign-in events reach the bot only through the index: CloudTrail has none of them.
  const withoutCloudTrail: Snapshot = { ...snapshot, cloudTrail: { events: [] } };

  afterEach(() => jest.restoreAllMocks());

  it("finds Ben's failed passwords from the index alone, without a sign-in LookupEvents call", async () => {
    // Fed since before the diagnosis window (24 hours before the snapshot's now).
    const writer = new SignInIndexWriter({
      ddb,
      tableName: TABLE,
      clock: new ManualClock(Date.parse('2026-11-01T00:00:00Z')),
    });
    for (const event of snapshot.cloudTrail?.events ?? []) {
      if (event.EventSource === 'signin.amazonaws.com') await writer.indexEvent(event.CloudTrailEvent);
    }
    const send = jest.spyOn(CloudTrailClient.prototype, 'send');
    const report = await diagnoseIn(
      withoutCloudTrail,
      { user: 'ben.ortiz@example.com' },
      { signInIndex: new DynamoSignInIndex({ ddb, tableName: TABLE }) },
    );
    expect(report.primaryCause).toBe('password-failures');
    expect(causesOf(report)).toEqual(['password-failures', 'signin-works']);
    expect(report.findings.find((f) => f.cause === 'password-failures')?.evidence).toEqual({
      count: 3,
      firstAt: '2026-11-23T10:41:05.000Z',
      lastAt: '2026-11-23T10:44:02.000Z',
    });
    expect(lookupSources(send)).not.toContain('signin.amazonaws.com');
  });

  it('falls back to LookupEvents when the index has never been written', async () => {
    const send = jest.spyOn(CloudTrailClient.prototype, 'send');
    const report = await diagnoseIn(
      withoutCloudTrail,
      { user: 'ben.ortiz@example.com' },
      { signInIndex: new DynamoSignInIndex({ ddb, tableName: `${TABLE}-empty` }) },
    );
    expect(lookupSources(send)).toContain('signin.amazonaws.com');
    // CloudTrail has nothing either in this snapshot.
    expect(causesOf(report)).not.toContain('password-failures');
  });
});
