import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { webApi } from '@slack/bolt';
import { createDynamoDbClient, type DynamoDB } from '../../src/aws';
import { DIAGNOSIS_ACTIONS } from '../../src/aws/iam-actions';
import { type SandboxSession, startSandboxSession } from '../../src/cli/sandbox-session';
import { DOCTOR_CHECKS } from '../../src/doctor/checks';
import { DOCTOR_SCOPES, REQUIRED_SCOPES } from '../../src/doctor/checks/slack-token';
import { runDoctor } from '../../src/doctor/run';
import type { DoctorDeps, DoctorResult, DoctorSettings } from '../../src/doctor/types';
import { FakeSlack, type FakeSlackOptions, MANIFEST_SCOPES } from '../../src/sandbox/fake-slack/server';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../src/tickets/embedded';
import { TABLE_SHAPE } from '../../src/tickets/table';

const ROOT = resolve(__dirname, '../..');
const SAMPLE = resolve(ROOT, 'samples/sample-org.json');
const SNAPSHOT = JSON.parse(readFileSync(SAMPLE, 'utf8')) as {
  slack: FakeSlackOptions & { admins: string[] };
};
const TOKEN = 'xoxb-doctor-test';

describe('cant-login doctor checks (fake Slack over HTTP, sandbox AWS)', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function sandbox(snapshotPath = SAMPLE): Promise<SandboxSession> {
    const session = await startSandboxSession(snapshotPath, { quotaShare: 1 });
    cleanups.push(() => session.close());
    return session;
  }

  async function slack(
    options: FakeSlackOptions = {},
  ): Promise<{ fake: FakeSlack; client: webApi.WebClient }> {
    const fake = new FakeSlack({
      users: SNAPSHOT.slack.users ?? [],
      admins: SNAPSHOT.slack.admins,
      token: TOKEN,
      ...options,
    });
    await fake.listen();
    cleanups.push(() => fake.close());
    return {
      fake,
      client: new webApi.WebClient(TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }),
    };
  }

  async function run(
    settings: Partial<DoctorSettings>,
    parts: { slack?: webApi.WebClient; session?: SandboxSession; dynamodb?: DynamoDB } = {},
  ): Promise<Record<string, DoctorResult>> {
    const session = parts.session ?? (await sandbox());
    const deps: DoctorDeps = {
      slack: parts.slack,
      aws: session.clients,
      dynamodb: parts.dynamodb,
      settings: { region: session.region, sandbox: true, ...settings },
      now: () => session.sandbox.clock.now(),
    };
    const report = await runDoctor(deps);
    return Object.fromEntries(report.results.map((r) => [r.id, r]));
  }

  it('passes a complete setup on the sample, and never calls the untestable writes ok', async () => {
    const { client, fake } = await slack();
    const r = await run(
      { adminChannelId: 'C0ADMINS', notifyChannelId: 'C0NOTIFY', approverIds: ['U0IRENE', 'U0TOMAS'] },
      { slack: client },
    );
    expect(Object.keys(r)).toEqual(DOCTOR_CHECKS.map((c) => c.id));
    for (const id of [
      'slack-token',
      'admin-channel',
      'notify-channel',
      'approvers',
      'identity-center',
      'iam-read-actions',
      'tickets-table',
      'signin-evidence',
    ])
      expect([id, r[id]?.status]).toEqual([id, 'ok']);
    expect(r['iam-read-actions']?.summary).toBe(`All ${DIAGNOSIS_ACTIONS.length} read actions are allowed.`);
    expect(r['iam-fix-actions']?.status).toBe('warn');
    expect(r['iam-fix-actions']?.fix).toContain('aws iam simulate-principal-policy');
    expect(
      fake
        .calls('conversations.info')
        .map((c) => c.args.channel)
        .sort(),
    ).toEqual(['C0ADMINS', 'C0NOTIFY']);
    expect(
      fake
        .calls('users.info')
        .map((c) => c.args.user)
        .sort(),
    ).toEqual(['U0IRENE', 'U0TOMAS']);
  });

  it('names the scopes a token lacks, from the x-oauth-scopes header', async () => {
    const { client } = await slack({ scopes: MANIFEST_SCOPES.filter((s) => s !== 'users:read.email') });
    const r = await run({ adminChannelId: 'C0ADMINS', approverIds: ['U0IRENE'] }, { slack: client });
    expect(r['slack-token']).toMatchObject({ status: 'fail', details: ['missing scope users:read.email'] });
    expect(r['slack-token']?.fix).toContain('users:read.email');
  });

  it('warns (not fails) when only the scopes for the membership check are missing', async () => {
    const { client } = await slack({ scopes: [...REQUIRED_SCOPES] });
    const r = await run({ approverIds: ['U0IRENE'] }, { slack: client });
    expect(r['slack-token']?.status).toBe('warn');
    expect(r['slack-token']?.summary).toContain('channels:read, groups:read');
  });

  it('fails a token Slack refuses', async () => {
    const fake = new FakeSlack({ token: 'xoxb-the-real-one' });
    await fake.listen();
    cleanups.push(() => fake.close());
    const client = new webApi.WebClient(TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const r = await run({ approverIds: ['U0IRENE'] }, { slack: client });
    expect(r['slack-token']).toMatchObject({
      status: 'fail',
      summary: 'Slack refused the bot token (auth.test answered invalid_auth).',
    });
  });

  it('says to invite the bot to a channel it is not in, and to fix an id it cannot see', async () => {
    const { client } = await slack({
      channels: [
        { id: 'C0ADMINS', name: 'aws-admins', isMember: false },
        { id: 'G0NOTIFY', name: 'aws-notes', isMember: false, isPrivate: true },
      ],
    });
    const r = await run({ adminChannelId: 'C0ADMINS', notifyChannelId: 'G0NOTIFY' }, { slack: client });
    expect(r['admin-channel']).toMatchObject({
      status: 'fail',
      summary:
        'The bot is not a member of #aws-admins (ADMIN_CHANNEL_ID), so posting approval cards and "Get a human" requests will fail.',
    });
    expect(r['admin-channel']?.fix).toContain('/invite @cant-login');
    expect(r['notify-channel']?.status).toBe('fail');
    expect(r['notify-channel']?.summary).toContain('G0NOTIFY, which the bot cannot see');
  });

  it('warns when there is no admin channel, since nobody is then asked to approve', async () => {
    const { client } = await slack();
    const r = await run({ approverIds: ['U0IRENE'] }, { slack: client });
    expect(r['admin-channel']?.status).toBe('warn');
    expect(r['admin-channel']?.summary).toContain('ADMIN_CHANNEL_ID is not set');
  });

  it('reports approvers Slack does not know, and a user group with members', async () => {
    const { client } = await slack();
    const r = await run({ approverIds: ['U0IRENE', 'U0NOBODY'] }, { slack: client });
    expect(r.approvers).toMatchObject({
      status: 'warn',
      details: ['U0NOBODY: users.info answered user_not_found'],
    });
    const g = await run({ approverGroupId: 'S0ADMINS' }, { slack: client });
    expect(g.approvers).toMatchObject({
      status: 'ok',
      summary: 'Found 0 approver id(s) and 2 member(s) of S0ADMINS.',
    });
    const none = await run({ sandbox: false }, { slack: client });
    expect(none.approvers?.status).toBe('fail');
  });

  it('lists exactly the denied read actions, and fails the sign-in evidence when LookupEvents is denied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const snapshot = JSON.parse(readFileSync(SAMPLE, 'utf8')) as Record<string, unknown>;
    const denied = [
      'cloudtrail:LookupEvents',
      'identitystore:IsMemberInGroups',
      'sso:ListAccountAssignments',
    ];
    snapshot.faults = { ...(snapshot.faults as object | undefined), deny: denied };
    const path = join(dir, 'denied.json');
    writeFileSync(path, JSON.stringify(snapshot));
    const r = await run({}, { session: await sandbox(path) });
    expect(r['iam-read-actions']?.status).toBe('fail');
    expect(r['iam-read-actions']?.details).toEqual(
      DIAGNOSIS_ACTIONS.filter((a) => denied.includes(a)).map((a) => `denied: ${a}`),
    );
    expect(r['iam-read-actions']?.fix).toContain(
      'Allow sso:ListAccountAssignments, identitystore:IsMemberInGroups, cloudtrail:LookupEvents',
    );
    expect(r['signin-evidence']?.status).toBe('fail');
    expect(r['identity-center']?.status).toBe('ok');
  });

  it('fails an instance ARN that the region does not hold, and then does not claim the reads work', async () => {
    const r = await run({ instanceArn: 'arn:aws:sso:::instance/ssoins-0000000000000000' });
    expect(r['identity-center']?.status).toBe('fail');
    expect(r['identity-center']?.summary).toContain('is not among the instances');
    expect(r['iam-read-actions']?.status).toBe('warn');
  });

  describe('the tickets table (dynalite)', () => {
    let embedded: EmbeddedDynamo;
    let ddb: DynamoDB;
    beforeEach(async () => {
      embedded = await startEmbeddedDynamo();
      ddb = createDynamoDbClient({
        region: 'us-east-1',
        endpoint: embedded.endpoint,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
    });
    afterEach(async () => {
      ddb.destroy();
      await embedded.close();
    });

    const attr = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
    const keys = (hash: string, range: string) => [
      { AttributeName: hash, KeyType: 'HASH' as const },
      { AttributeName: range, KeyType: 'RANGE' as const },
    ];

    it('accepts the shape in src/tickets/table.ts and names what differs otherwise', async () => {
      await ddb.createTable({
        TableName: 'cant-login-tickets',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map(attr),
        KeySchema: keys(TABLE_SHAPE.partitionKey, TABLE_SHAPE.sortKey),
        GlobalSecondaryIndexes: TABLE_SHAPE.indexes.map((i) => ({
          IndexName: i.name,
          KeySchema: keys(i.partitionKey, i.sortKey),
          Projection: { ProjectionType: 'ALL' },
        })),
      });
      await ddb.createTable({
        TableName: 'wrong-table',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [attr('id')],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      });
      const ok = await run({ ticketsTable: 'cant-login-tickets', sandbox: false }, { dynamodb: ddb });
      expect(ok['tickets-table']).toMatchObject({ status: 'ok' });
      const wrong = await run({ ticketsTable: 'wrong-table', sandbox: false }, { dynamodb: ddb });
      expect(wrong['tickets-table']).toMatchObject({
        status: 'fail',
        details: [
          'key schema is id:HASH, expected pk:HASH,sk:RANGE',
          'index gsi1 is missing',
          'index gsi2 is missing',
        ],
      });
      const missing = await run({ ticketsTable: 'no-such-table', sandbox: false }, { dynamodb: ddb });
      expect(missing['tickets-table']?.status).toBe('fail');
      expect(missing['tickets-table']?.summary).toContain('ResourceNotFoundException');
    });
  });

  it('reports a check that throws as failed, never as ok', async () => {
    const session = await sandbox();
    const report = await runDoctor(
      {
        slack: undefined,
        aws: session.clients,
        dynamodb: undefined,
        settings: { region: session.region, sandbox: true },
        now: () => 0,
      },
      {
        checks: [
          {
            id: 'boom',
            title: 'Does it explode?',
            cheap: true,
            run: () => Promise.reject(new Error('kaboom')),
          },
        ],
      },
    );
    expect(report).toEqual({
      status: 'fail',
      results: [
        expect.objectContaining({ id: 'boom', status: 'fail', summary: 'The check could not run: kaboom' }),
      ],
    });
  });

  it('keeps the scopes it requires in step with manifest.yml and the fake Slack', () => {
    const manifest = readFileSync(resolve(ROOT, 'manifest.yml'), 'utf8');
    const bot = /bot:\n((?:\s+(?:-\s+\S+|#.*)\n)+)/.exec(manifest)?.[1] ?? '';
    const scopes = [...bot.matchAll(/-\s+(\S+)/g)].map((m) => m[1]);
    expect(scopes.sort()).toEqual([...REQUIRED_SCOPES, ...DOCTOR_SCOPES].sort());
    expect([...MANIFEST_SCOPES].sort()).toEqual(scopes.sort());
  });
});
