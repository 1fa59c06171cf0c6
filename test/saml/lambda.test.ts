import { loadConfig } from '../../src/config/env';
import { systemClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/log/logger';
import { buildIngressHandler } from '../../src/runtime/lambda-ingress';
import { signedHeaders } from '../../src/sandbox/fake-slack/driver';
import { FakeSlack } from '../../src/sandbox/fake-slack/server';
import type { SlackJob } from '../../src/slack/jobs';
import { InMemoryTicketStore } from '../../src/tickets/memory-store';

const SECRET = 'test-signing-secret';

describe('/cant-login saml where the analyser is not wired (the Lambda ingress)', () => {
  it('is refused privately and never queued as a diagnosis, so a pasted response reaches no ticket', async () => {
    const slack = new FakeSlack();
    await slack.listen();
    try {
      const jobs: SlackJob[] = [];
      const handler = await buildIngressHandler(
        loadConfig({
          SLACK_BOT_TOKEN: 'xoxb-test',
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_API_URL: slack.apiUrl,
        }),
        silentLogger(),
        { enqueue: async (job) => void jobs.push(job) },
        new InMemoryTicketStore(systemClock),
      );
      const body = new URLSearchParams({
        team_id: 'T0SANDBOX',
        channel_id: 'C0GENERAL',
        user_id: 'U0IRENE',
        command: '/cant-login',
        text: 'saml PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM=',
        response_url: 'https://hooks.slack.example/commands/1',
        trigger_id: 't-1',
      }).toString();
      const res = await handler(
        {
          version: '2.0',
          routeKey: '$default',
          rawPath: '/slack/events',
          rawQueryString: '',
          headers: signedHeaders(body, SECRET),
          requestContext: { http: { method: 'POST', path: '/slack/events' }, requestId: 'r-1' },
          body: Buffer.from(body).toString('base64'),
          isBase64Encoded: true,
        } as never,
        {},
      );
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(res.body).text).toMatch(/^This deployment doesn't analyse SAML responses in Slack/);
      expect(jobs).toEqual([]);
    } finally {
      await slack.close();
    }
  });
});
