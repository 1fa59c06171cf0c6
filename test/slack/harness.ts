import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../src/config/env';
import { createLogger, silentLogger } from '../../src/log/logger';
import { type RunningBot, startBot } from '../../src/runtime/start';
import { signedHeaders as driverSignedHeaders, SlackDriver } from '../../src/sandbox/fake-slack/driver';
import { FakeSlack } from '../../src/sandbox/fake-slack/server';
import type { Snapshot } from '../../src/sandbox/snapshot/schema';

export const SAMPLE_ORG = resolve(__dirname, '../../samples/sample-org.json');
export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-token';

export function signedHeaders(
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
  secret = SIGNING_SECRET,
) {
  return driverSignedHeaders(body, secret, timestamp);
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
    DATA_DIR: ':memory:',
    ...env,
  });
  const bot = await startBot(
    config,
    process.env.TEST_LOG ? createLogger({ level: 'warn' }) : silentLogger(),
    {
      host: '127.0.0.1',
      slackRetries: 0,
    },
  );
  const url = `http://127.0.0.1:${bot.port}/slack/events`;
  const driver = new SlackDriver({
    eventsUrl: url,
    signingSecret: SIGNING_SECRET,
    responseUrl: (id) => slack.responseUrl(id),
  });
  return {
    bot,
    slack,
    url,
    command: (user, text = '', options = {}) => driver.command(user, text, options),
    action: (user, payload) =>
      driver.action(user, payload as Record<string, unknown> & { channelId?: string; messageTs?: string }),
    event: (event) => driver.event(event),
    async close() {
      await bot.stop();
      await slack.close();
    },
  };
}
