import { loadConfig } from '../../src/config/env';
import { systemClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/log/logger';
import { buildIngressHandler } from '../../src/runtime/lambda-ingress';
import { buildWorkerHandler } from '../../src/runtime/lambda-worker';
import { buildServices } from '../../src/runtime/services';
import { signedHeaders } from '../../src/sandbox/fake-slack/driver';
import { FakeSlack } from '../../src/sandbox/fake-slack/server';
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

describe('AWS Lambda worker (SQS)', () => {
  it('runs queued jobs, drops malformed messages, and reports failed ones for retry', async () => {
    const slack = new FakeSlack({
      users: [
        { id: 'U0SOFIA', real_name: 'Sofia Brennan', profile: { email: 'sofia.brennan@northwind.example' } },
      ],
    });
    await slack.listen();
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SANDBOX_SNAPSHOT: SAMPLE_ORG,
      AWS_QUOTA_SHARE: '1',
      DATA_DIR: ':memory:',
    });
    const services = await buildServices(config, { logger: silentLogger(), mode: 'lambda', slackRetries: 0 });
    const throwing = { ...services, worker: { handle: async () => Promise.reject(new Error('boom')) } };
    try {
      const job: SlackJob = {
        kind: 'diagnose',
        requestId: 'req-1',
        requesterId: 'U0SOFIA',
        targetId: 'U0SOFIA',
        text: 'prod-us',
      };
      const out = await buildWorkerHandler(services)({
        Records: [
          { messageId: 'm1', body: JSON.stringify(job) },
          { messageId: 'm2', body: 'not json' },
        ],
      });
      expect(out.batchItemFailures).toEqual([]);
      const report = slack
        .calls('chat.update')
        .find((c) => JSON.stringify(c.args.blocks).includes('report_check_again'));
      expect(JSON.stringify(report?.args.blocks)).toContain('BillingViewer');
      const failed = await buildWorkerHandler(throwing as never)({
        Records: [{ messageId: 'm3', body: JSON.stringify(job) }],
      });
      expect(failed.batchItemFailures).toEqual([{ itemIdentifier: 'm3' }]);
    } finally {
      await services.close();
      await slack.close();
    }
  });
});
