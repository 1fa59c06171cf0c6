import { DescribeOrganizationCommand } from '../../src/aws';
import { loadConfig } from '../../src/config/env';
import { systemClock } from '../../src/lib/clock';
import { createLogger, silentLogger } from '../../src/log/logger';
import { buildIngressHandler } from '../../src/runtime/lambda-ingress';
import { buildWorkerHandler } from '../../src/runtime/lambda-worker';
import { type BotServices, buildServices } from '../../src/runtime/services';
import { signedHeaders } from '../../src/sandbox/fake-slack/driver';
import { FakeSlack } from '../../src/sandbox/fake-slack/server';
import { sealJob } from '../../src/slack/job-auth';
import type { SlackJob } from '../../src/slack/jobs';
import { InMemoryTicketStore } from '../../src/tickets/memory-store';
import { BOT_TOKEN, SAMPLE_ORG, SIGNING_SECRET } from './harness';

/** An API Gateway HTTP API (payload 2.0) / Lambda Function URL event carrying a Slack request. */
function functionUrlEvent(body: string, headers: Record<string, string>) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/slack/events',
    rawQueryString: '',
    headers,
    requestContext: { http: { method: 'POST', path: '/slack/events' }, requestId: 'r-1' },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  };
}

function commandBody(user: string, text: string): string {
  return new URLSearchParams({
    token: 'unused',
    team_id: 'T0SANDBOX',
    channel_id: 'C0GENERAL',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/cant-login',
    text,
    response_url: 'https://hooks.slack.example/commands/1',
    trigger_id: 't-1',
  }).toString();
}

describe('AWS Lambda ingress', () => {
  const jobs: SlackJob[] = [];
  let handler: Awaited<ReturnType<typeof buildIngressHandler>>;
  const slack = new FakeSlack();

  beforeAll(async () => {
    await slack.listen();
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      LOG_LEVEL: 'silent',
    });
    handler = await buildIngressHandler(
      config,
      silentLogger(),
      {
        enqueue: async (job) => {
          jobs.push(job);
        },
      },
      new InMemoryTicketStore(systemClock),
    );
  });

  afterAll(async () => {
    await slack.close();
  });

  it('acks a signed Function URL event and hands the work to the queue without calling AWS', async () => {
    const body = commandBody('U0SOFIA', 'prod-us');
    const res = await handler(functionUrlEvent(body, signedHeaders(body, SIGNING_SECRET)) as never, {});
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ response_type: 'ephemeral' });
    expect(jobs).toEqual([
      expect.objectContaining({
        kind: 'diagnose',
        requesterId: 'U0SOFIA',
        targetId: 'U0SOFIA',
        text: 'prod-us',
      }),
    ]);
  });

  it('refuses a bad signature and a stale timestamp with 401', async () => {
    jobs.length = 0;
    const body = commandBody('U0SOFIA', '');
    const bad = await handler(
      functionUrlEvent(body, {
        ...signedHeaders(body, SIGNING_SECRET),
        'x-slack-signature': 'v0=00',
      }) as never,
      {},
    );
    expect(bad.statusCode).toBe(401);
    const stale = await handler(
      functionUrlEvent(
        body,
        signedHeaders(body, SIGNING_SECRET, Math.floor(Date.now() / 1000) - 3600),
      ) as never,
      {},
    );
    expect(stale.statusCode).toBe(401);
    expect(jobs).toEqual([]);
  });

  it('refuses to start without a queue URL, naming the variable', async () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET });
    await expect(buildIngressHandler(config, silentLogger())).rejects.toThrow(
      /^SLACK_JOBS_QUEUE_URL is required/,
    );
  });
});

const KEY = Buffer.from('k'.repeat(48));

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) });
  return { logger, lines };
}

describe('AWS Lambda worker (SQS)', () => {
  let slack: FakeSlack;
  let services: BotServices;

  beforeEach(async () => {
    slack = new FakeSlack({
      users: [
        { id: 'U0SOFIA', real_name: 'Sofia Brennan', profile: { email: 'sofia.brennan@northwind.example' } },
      ],
      admins: ['U0IRENE'],
    });
    await slack.listen();
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SANDBOX_SNAPSHOT: SAMPLE_ORG,
      AWS_QUOTA_SHARE: '1',
      DATA_DIR: ':memory:',
      ADMIN_CHANNEL_ID: 'C0ADMINS',
    });
    services = await buildServices(config, {
      logger: silentLogger(),
      mode: 'lambda',
      slackRetries: 0,
      jobRetries: 'queue',
    });
  });

  afterEach(async () => {
    await services.close();
    await slack.close();
  });

  const diagnoseJob: SlackJob = {
    kind: 'diagnose',
    requestId: 'req-1',
    requesterId: 'U0SOFIA',
    targetId: 'U0SOFIA',
    text: 'prod-us',
  };

  it('runs sealed jobs, and refuses malformed, unsealed, forged, expired and replayed ones with a log line', async () => {
    const { logger, lines } = capturingLogger();
    const handler = buildWorkerHandler({
      worker: services.worker,
      logger,
      jobKey: KEY,
      ledger: services.store,
    });
    const now = Date.now();
    const sealed = sealJob(diagnoseJob, KEY, now);
    const out = await handler(
      {
        Records: [
          { messageId: 'm1', body: sealed },
          { messageId: 'm2', body: 'not json' },
          { messageId: 'm3', body: JSON.stringify({ ...diagnoseJob, requestId: 'req-2' }) },
          {
            messageId: 'm4',
            body: sealJob({ ...diagnoseJob, requestId: 'req-3' }, Buffer.from('x'.repeat(48)), now),
          },
          { messageId: 'm5', body: sealJob({ ...diagnoseJob, requestId: 'req-4' }, KEY, now - 6 * 3600_000) },
          { messageId: 'm6', body: sealed },
        ],
      },
      { awsRequestId: 'lambda-req-1' },
    );
    expect(out.batchItemFailures).toEqual([]);
    const report = slack
      .calls('chat.update')
      .filter((c) => JSON.stringify(c.args.blocks).includes('report_check_again'));
    // Exactly one diagnosis ran: the sealed job, once.
    expect(report).toHaveLength(1);
    expect(JSON.stringify(report[0]?.args.blocks)).toContain('BillingViewer');
    const refused = lines.filter((l) => l.event === 'job-refused');
    expect(refused.map((l) => [l.messageId, l.code])).toEqual([
      ['m2', 'job-malformed'],
      ['m3', 'job-forged'],
      ['m4', 'job-forged'],
      ['m5', 'job-expired'],
      ['m6', 'job-replayed'],
    ]);
    // Every line of the invocation carries the Lambda request id, the cold-start flag and the message id.
    for (const line of refused) {
      expect(line).toMatchObject({ awsRequestId: 'lambda-req-1', coldStart: expect.any(Boolean) });
    }
    expect(JSON.stringify(lines)).not.toContain(BOT_TOKEN);
  });

  it('rethrows a throttled AWS read so SQS retries it (no apology), and the retry applies the fix once', async () => {
    const { logger, lines } = capturingLogger();
    const handler = buildWorkerHandler({
      worker: services.worker,
      logger,
      jobKey: KEY,
      ledger: services.store,
    });
    await handler({ Records: [{ messageId: 'd1', body: sealJob(diagnoseJob, KEY, Date.now()) }] });
    const ticket = await services.store.get('req-1');
    expect(ticket?.state).toBe('awaiting-approval');
    const approve = sealJob(
      { kind: 'approve', requestId: 'req-approve', clickerId: 'U0IRENE', ticketId: 'req-1' },
      KEY,
      Date.now(),
    );
    // Organizations throttles everything (the emulator's token bucket, burst spent first): the decision's
    // fresh read of the management account fails after the SDK's own retries.
    const sandbox = services.sandbox!;
    sandbox.setFaults({ throttle: { organizations: 0.0001 } });
    await services.aws.organizations.send(new DescribeOrganizationCommand({})).catch(() => undefined);
    const failed = await handler({ Records: [{ messageId: 'a1', body: approve }] });
    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: 'a1' }]);
    expect((await services.store.get('req-1'))?.state).toBe('awaiting-approval');
    const sorry = slack.calls('chat.postMessage').filter((c) => String(c.args.text).startsWith('Sorry'));
    expect(sorry).toEqual([]);
    expect(lines.find((l) => l.msg === 'job failed; SQS will retry it')).toMatchObject({
      messageId: 'a1',
      code: 'throttled',
      retryable: true,
      err: expect.objectContaining({ stack: expect.any(String) }),
    });
    // SQS delivers the same message again once AWS answers.
    sandbox.setFaults({});
    const retried = await handler({ Records: [{ messageId: 'a1', body: approve }] });
    expect(retried.batchItemFailures).toEqual([]);
    expect((await services.store.get('req-1'))?.state).toBe('resolved');
    expect(sandbox.calls({ operation: 'ProvisionPermissionSet', outcome: 'ok' })).toHaveLength(1);
  }, 60_000);
});
