import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../src/config/env';
import { silentLogger } from '../../src/log/logger';
import { type RunningBot, startBot } from '../../src/runtime/start';
import { FakeSlack } from '../../src/sandbox/fake-slack/server';
import type { Snapshot } from '../../src/sandbox/snapshot/schema';

export const SAMPLE_ORG = resolve(__dirname, '../../samples/sample-org.json');
export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-token';

/** Slack's request signature: v0=HMAC-SHA256(secret, "v0:<timestamp>:<body>"). */
export function signature(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function signedHeaders(
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
  secret = SIGNING_SECRET,
) {
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature(body, timestamp, secret),
  };
}

/** A bot running over real HTTP on the sandbox, talking to a fake Slack Web API. */
export interface BotHarness {
  bot: RunningBot;
  slack: FakeSlack;
  url: string;
  command(
    user: string,
    text?: string,
    options?: { channel?: string; headers?: Record<string, string>; timestamp?: number },
  ): Promise<Response>;
  action(user: string, payload: Record<string, unknown>): Promise<Response>;
  event(event: Record<string, unknown>): Promise<Response>;
  close(): Promise<void>;
}

let counter = 0;

export async function startHarness(
  env: Record<string, string> = {},
  snapshotPath = SAMPLE_ORG,
): Promise<BotHarness> {
  const snapshot = JSON.parse(readFileSync(snapshotPath, 'utf8')) as Snapshot;
  const slack = new FakeSlack({
    users: snapshot.slack?.users ?? [],
    admins: snapshot.slack?.admins ?? [],
    token: BOT_TOKEN,
  });
  await slack.listen();
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SANDBOX_SNAPSHOT: snapshotPath,
    PORT: '0',
    ADMIN_CHANNEL_ID: 'C0ADMINS',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const bot = await startBot(config, silentLogger(), { host: '127.0.0.1', slackRetries: 0 });
  const url = `http://127.0.0.1:${bot.port}/slack/events`;
  const post = (body: string, headers: Record<string, string> = signedHeaders(body)) =>
    fetch(url, { method: 'POST', headers, body });
  return {
    bot,
    slack,
    url,
    command(user, text = '', options = {}) {
      counter += 1;
      const body = new URLSearchParams({
        token: 'legacy-verification-token',
        team_id: 'T0SANDBOX',
        team_domain: 'northwind',
        channel_id: options.channel ?? 'C0GENERAL',
        channel_name: 'general',
        user_id: user,
        user_name: user.toLowerCase(),
        command: '/cant-login',
        text,
        api_app_id: 'A0CANTLOGIN',
        response_url: slack.responseUrl(`cmd-${counter}`),
        trigger_id: `trigger-${counter}`,
      }).toString();
      return post(body, options.headers ?? signedHeaders(body, options.timestamp));
    },
    action(user, payload) {
      const body = new URLSearchParams({
        payload: JSON.stringify({
          type: 'block_actions',
          team: { id: 'T0SANDBOX', domain: 'northwind' },
          user: { id: user, username: user.toLowerCase(), team_id: 'T0SANDBOX' },
          api_app_id: 'A0CANTLOGIN',
          token: 'legacy-verification-token',
          trigger_id: `trigger-a-${++counter}`,
          container: {
            type: 'message',
            channel_id: payload.channelId ?? 'D0',
            message_ts: payload.messageTs ?? '1.1',
          },
          channel: { id: payload.channelId ?? 'D0', name: 'directmessage' },
          ...payload,
        }),
      }).toString();
      return post(body);
    },
    event(event) {
      const body = JSON.stringify({
        token: 'legacy-verification-token',
        team_id: 'T0SANDBOX',
        api_app_id: 'A0CANTLOGIN',
        type: 'event_callback',
        event_id: `Ev${++counter}`,
        event_time: Math.floor(Date.now() / 1000),
        event,
      });
      return post(body, { ...signedHeaders(body), 'content-type': 'application/json' });
    },
    async close() {
      await bot.stop();
      await slack.close();
    },
  };
}
