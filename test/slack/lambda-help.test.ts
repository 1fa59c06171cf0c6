import { loadConfig } from '../../src/config/env';
import { systemClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/log/logger';
import { buildIngressHandler } from '../../src/runtime/lambda-ingress';
import { signedHeaders } from '../../src/sandbox/fake-slack/driver';
import { FakeSlack } from '../../src/sandbox/fake-slack/server';
import type { SlackJob } from '../../src/slack/jobs';
import { InMemoryTicketStore } from '../../src/tickets/memory-store';
import { BOT_TOKEN, SIGNING_SECRET } from './harness';

function event(user: string, text: string) {
  const body = new URLSearchParams({
    team_id: 'T0SANDBOX',
    channel_id: 'C0GENERAL',
    user_id: user,
    command: '/cant-login',
    text,
    response_url: 'https://hooks.slack.example/commands/1',
    trigger_id: 't-1',
  }).toString();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/slack/events',
    rawQueryString: '',
    headers: signedHeaders(body, SIGNING_SECRET),
    requestContext: { http: { method: 'POST', path: '/slack/events' }, requestId: 'r-1' },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  };
}

describe('help and doctor on the Lambda ingress', () => {
  const jobs: SlackJob[] = [];
  const slack = new FakeSlack({ admins: ['U0IRENE'] });
  let handler: Awaited<ReturnType<typeof buildIngressHandler>>;

  beforeAll(async () => {
    await slack.listen();
    handler = await buildIngressHandler(
      loadConfig({
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        APPROVER_GROUP_ID: 'S0ADMINS',
        LOG_LEVEL: 'silent',
      }),
      silentLogger(),
      { enqueue: async (job) => void jobs.push(job) },
      new InMemoryTicketStore(systemClock),
    );
  });
  afterAll(async () => {
    await slack.close();
  });

  it('answers help in the ack, with the approver forms for a member of APPROVER_GROUP_ID, and queues nothing', async () => {
    const res = await handler(event('U0IRENE', 'help') as never, {});
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body).toContain('/cant-login doctor');
    const other = await handler(event('U0PRIYA', '--help') as never, {});
    expect(other.body).toContain('How to use');
    expect(other.body).not.toContain('/cant-login doctor');
    expect(jobs).toEqual([]);
    expect(slack.calls('usergroups.users.list').map((c) => c.args.usergroup)).toEqual(['S0ADMINS']);
  });

  it('queues doctor for the worker with an empty ack', async () => {
    const res = await handler(event('U0PRIYA', 'doctor') as never, {});
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(jobs).toEqual([
      expect.objectContaining({
        kind: 'doctor',
        requesterId: 'U0PRIYA',
        responseUrl: 'https://hooks.slack.example/commands/1',
      }),
    ]);
  });
});
