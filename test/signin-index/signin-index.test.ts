import { createDynamoDbClient, type DynamoDB } from '../../src/aws';
import { parseSignInEvent } from '../../src/diagnosis/facts/signin-events';
import { ManualClock } from '../../src/lib/clock';
import { createLogger } from '../../src/log/logger';
import { buildIndexerHandler } from '../../src/runtime/lambda-signin-indexer';
import { signInKeys } from '../../src/signin-index/keys';
import { signInModel } from '../../src/signin-index/model';
import { DynamoSignInIndex } from '../../src/signin-index/reader';
import { SignInIndexWriter } from '../../src/signin-index/writer';
import { DynamoTicketStore } from '../../src/tickets/dynamo-store';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../src/tickets/embedded';

const TABLE = 'cant-login-signin-test';
const T0 = Date.parse('2026-11-23T12:00:00Z');
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

let embedded: EmbeddedDynamo;
let ddb: DynamoDB;
let tableNumber = 0;

beforeAll(async () => {
  embedded = await startEmbeddedDynamo();
  ddb = createDynamoDbClient({ region: 'us-east-1', endpoint: embedded.endpoint, credentials });
});

afterAll(async () => {
  ddb.destroy();
  await embedded.close();
});

/** A fresh table with the tickets table's schema (the ticket store creates it), per test. */
async function freshTable(): Promise<string> {
  tableNumber += 1;
  const tableName = `${TABLE}-${tableNumber}`;
  await DynamoTicketStore.open({ ddb, tableName, clock: new ManualClock(T0), createTable: true });
  return tableName;
}

async function setUp(clockMs = T0 - 48 * 3600_000) {
  const tableName = await freshTable();
  return {
    tableName,
    writer: new SignInIndexWriter({ ddb, tableName, clock: new ManualClock(clockMs) }),
    reader: new DynamoSignInIndex({ ddb, tableName }),
  };
}

/** A CloudTrail sign-in record, as EventBridge delivers it in `detail`. */
function signIn(
  id: string,
  at: string,
  identity: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  outcome: 'Success' | 'Failure' = 'Failure',
): Record<string, unknown> {
  return {
    eventVersion: '1.11',
    userIdentity: identity,
    eventTime: at,
    eventSource: 'signin.amazonaws.com',
    eventName: 'CredentialVerification',
    awsRegion: 'us-east-1',
    additionalEventData: { CredentialType: 'PASSWORD', ...extra },
    eventID: id,
    eventType: 'AwsServiceEvent',
    recipientAccountId: '111111111111',
    serviceEventDetails: { CredentialVerification: outcome },
  };
}

const ANA_ID = '90676d3e-1111-2222-3333-444455556666';
const ana = { userId: ANA_ID, names: ['ana@example.com'] };
const since = T0 - 24 * 3600_000;

describe('the sign-in index writer', () => {
  it('indexes a 2025-style event under the user id and the user name it carries', async () => {
    const { writer, reader } = await setUp();
    const record = signIn(
      'e-1',
      '2026-11-23T10:00:00Z',
      { type: 'IdentityCenterUser', accountId: '111111111111', onBehalfOf: { userId: ANA_ID } },
      { UserName: 'Ana@Example.com' },
    );
    expect(await writer.indexEvent(record)).toEqual([`uid:${ANA_ID}`, 'name:ana@example.com']);

    const byId = await reader.eventsFor({ userId: ANA_ID, names: [] }, since, T0);
    const byName = await reader.eventsFor({ names: ['ANA@example.com'] }, since, T0);
    expect(byId).toHaveLength(1);
    expect(byName).toEqual(byId);
    const [raw] = byId!;
    expect(raw).toEqual({
      EventId: 'e-1',
      EventName: 'CredentialVerification',
      EventTime: new Date('2026-11-23T10:00:00Z'),
      Username: '',
      CloudTrailEvent: JSON.stringify(record),
    });
    // The diagnosis reads it exactly as it reads a LookupEvents row.
    expect(parseSignInEvent(raw!)).toMatchObject({
      eventId: 'e-1',
      name: 'CredentialVerification',
      outcome: 'Failure',
      userId: ANA_ID,
      userName: 'Ana@Example.com',
      credentialType: 'PASSWORD',
    });
  });

  it('indexes a pre-2025 event under userIdentity.userName', async () => {
    const { writer, reader } = await setUp();
    const record = signIn('e-old', '2026-11-23T09:00:00Z', {
      type: 'Unknown',
      principalId: '111111111111',
      userName: 'ben@example.com',
    });
    expect(await writer.indexEvent(record)).toEqual(['name:ben@example.com']);
    const events = await reader.eventsFor({ names: ['ben@example.com'] }, since, T0);
    expect(events?.map((e) => e.EventId)).toEqual(['e-old']);
    expect(events?.[0]?.Username).toBe('ben@example.com');
  });

  it('never indexes the hidden user name of a mistyped sign-in', async () => {
    const { tableName, writer, reader } = await setUp();
    const record = signIn(
      'e-hidden',
      '2026-11-23T09:30:00Z',
      { type: 'Unknown' },
      { UserName: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
    );
    expect(await writer.indexEvent(record)).toEqual([]);
    expect(await reader.eventsFor({ names: ['HIDDEN_DUE_TO_SECURITY_REASONS'] }, since, T0)).toEqual([]);
    const model = signInModel(ddb, tableName);
    const rows = await model.scan().exec();
    expect(rows.map((r) => r.pk)).toEqual([signInKeys.marker.pk]);
  });

  it('is idempotent: a re-delivered event is stored once per key and read once', async () => {
    const { tableName, writer, reader } = await setUp();
    const record = signIn(
      'e-twice',
      '2026-11-23T11:00:00Z',
      { type: 'IdentityCenterUser', onBehalfOf: { userId: ANA_ID } },
      { UserName: 'ana@example.com' },
    );
    await writer.indexEvent(record);
    await writer.indexEvent(record);
    // A second writer (another cold start) neither duplicates the event nor moves the marker.
    await new SignInIndexWriter({ ddb, tableName, clock: new ManualClock(T0) }).indexEvent(record);
    const rows = await signInModel(ddb, tableName).scan().exec();
    expect(rows.map((r) => `${r.pk} ${r.sk}`).sort()).toEqual([
      `SIGNIN#meta READY`,
      `SIGNIN#name:ana@example.com 2026-11-23T11:00:00.000Z#e-twice`,
      `SIGNIN#uid:${ANA_ID} 2026-11-23T11:00:00.000Z#e-twice`,
    ]);
    const ttl = rows.find((r) => r.pk.startsWith('SIGNIN#uid:'))!.ttl;
    expect(ttl).toBe(Date.parse('2026-11-23T11:00:00Z') / 1000 + 30 * 24 * 3600);
    expect(rows.find((r) => r.pk === 'SIGNIN#meta')!.ttl).toBeUndefined();
    expect(await reader.indexedSince()).toBe(T0 - 48 * 3600_000);
    expect((await reader.eventsFor(ana, since, T0))?.map((e) => e.EventId)).toEqual(['e-twice']);
  });

  it('keeps SCIM events under the one SCIM key and ignores other sources', async () => {
    const { writer, reader } = await setUp();
    const scim = {
      eventSource: 'identitystore-scim.amazonaws.com',
      eventName: 'PatchUser',
      eventTime: '2026-11-23T08:00:00Z',
      eventID: 'scim-1',
      errorCode: 'ValidationException',
      userIdentity: { type: 'Unknown', userName: 'ana@example.com' },
    };
    expect(await writer.indexEvent(scim)).toEqual(['scim']);
    expect(await writer.indexEvent({ ...scim, eventSource: 'sso.amazonaws.com', eventID: 'x' })).toEqual([]);
    expect(await reader.eventsFor(ana, since, T0)).toEqual([]);
  });
});

describe('the sign-in index reader', () => {
  it('answers undefined until the indexer has written, and for a window older than the index', async () => {
    const { writer, reader } = await setUp(T0 - 3600_000);
    expect(await reader.eventsFor(ana, since, T0)).toBeUndefined();
    await writer.indexEvent(
      signIn(
        'e-1',
        '2026-11-23T11:30:00Z',
        { onBehalfOf: { userId: ANA_ID } },
        { UserName: 'ana@example.com' },
      ),
    );
    // Fed for an hour: a 24-hour window would miss what came before, so CloudTrail it is.
    expect(await reader.eventsFor(ana, since, T0)).toBeUndefined();
    expect((await reader.eventsFor(ana, T0 - 1800_000, T0))?.map((e) => e.EventId)).toEqual(['e-1']);
  });

  it('returns the events of every key inside the window, once each, newest first', async () => {
    const { writer, reader } = await setUp();
    const uid = { type: 'IdentityCenterUser', onBehalfOf: { userId: ANA_ID } };
    for (const [id, at, identity, extra] of [
      ['too-old', '2026-11-22T11:59:59Z', uid, { UserName: 'ana@example.com' }],
      ['first', '2026-11-22T12:00:00Z', uid, {}],
      ['by-name', '2026-11-23T06:00:00Z', { type: 'Unknown' }, { UserName: 'ana@example.com' }],
      ['both', '2026-11-23T09:00:00Z', uid, { UserName: 'ana@example.com' }],
      ['by-email', '2026-11-23T10:00:00Z', { type: 'Unknown', userName: 'ana.s@example.com' }, {}],
      ['last', '2026-11-23T12:00:00Z', uid, {}],
      ['too-new', '2026-11-23T12:00:01Z', uid, {}],
      ['someone-else', '2026-11-23T11:00:00Z', { onBehalfOf: { userId: 'other' } }, { UserName: 'bo@x.io' }],
    ] as const) {
      await writer.indexEvent(signIn(id, at, identity, extra));
    }
    const events = await reader.eventsFor(
      { userId: ANA_ID, names: ['ana@example.com', 'Ana.S@example.com', ''] },
      since,
      T0,
    );
    expect(events?.map((e) => e.EventId)).toEqual(['last', 'by-email', 'both', 'by-name', 'first']);
  });
});

describe('least privilege', () => {
  it('the writer sends only PutItem; the reader only GetItem and Query', async () => {
    const { tableName } = await setUp();
    const sent: string[] = [];
    const client = createDynamoDbClient({ region: 'us-east-1', endpoint: embedded.endpoint, credentials });
    client.middlewareStack.add(
      (next, context) => (args) => {
        sent.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize' },
    );
    try {
      const writer = new SignInIndexWriter({ ddb: client, tableName, clock: new ManualClock(since) });
      await writer.indexEvent(signIn('e-1', '2026-11-23T10:00:00Z', { onBehalfOf: { userId: ANA_ID } }));
      expect([...new Set(sent)]).toEqual(['PutItemCommand']);
      sent.length = 0;
      await new DynamoSignInIndex({ ddb: client, tableName }).eventsFor(ana, since, T0);
      expect([...new Set(sent)].sort()).toEqual(['GetItemCommand', 'QueryCommand']);
    } finally {
      client.destroy();
    }
  });
});

describe('the indexer Lambda handler', () => {
  it('indexes sign-in events and ignores anything else', async () => {
    const { writer, reader } = await setUp();
    const logger = createLogger({ level: 'silent' });
    const handle = buildIndexerHandler(writer, logger);
    const detail = signIn('e-eb', '2026-11-23T11:00:00Z', { onBehalfOf: { userId: ANA_ID } });
    expect(
      await handle({
        id: 'x',
        source: 'aws.signin',
        'detail-type': 'AWS Service Event via CloudTrail',
        detail,
      }),
    ).toEqual({ indexed: 1 });
    expect(
      await handle({
        id: 'y',
        source: 'aws.sso',
        detail: { eventSource: 'sso.amazonaws.com', eventID: 'z' },
      }),
    ).toEqual({ indexed: 0 });
    expect((await reader.eventsFor(ana, since, T0))?.map((e) => e.EventId)).toEqual(['e-eb']);
  });
});
