import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../src/config/env';
import { createLogger } from '../../src/log/logger';
import { startBot } from '../../src/runtime/start';
import { FakeSlack, MANIFEST_SCOPES } from '../../src/sandbox/fake-slack/server';

const SAMPLE = resolve(__dirname, '../../samples/sample-org.json');
const users = (JSON.parse(readFileSync(SAMPLE, 'utf8')) as { slack: { users: [] } }).slack.users;

describe('start-up self-check', () => {
  it('logs each missing piece with its fix once the bot is up, and still starts', async () => {
    const slack = new FakeSlack({
      users,
      token: 'xoxb-test',
      scopes: MANIFEST_SCOPES.filter((s) => s !== 'usergroups:read'),
    });
    await slack.listen();
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    const bot = await startBot(
      loadConfig({
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: slack.apiUrl,
        SANDBOX_SNAPSHOT: SAMPLE,
        PORT: '0',
        DATA_DIR: ':memory:',
        NOTIFY_CHANNEL_ID: 'C0NOTIFY',
      }),
      logger,
      { host: '127.0.0.1', slackRetries: 0 },
    );
    try {
      const byCheck = Object.fromEntries(lines.filter((l) => l.check).map((l) => [l.check, l]));
      expect(byCheck['slack-token']).toMatchObject({
        level: 50,
        status: 'fail',
        msg: 'The token works (cant-login in T0SANDBOX) but lacks usergroups:read.',
      });
      expect(byCheck['admin-channel']).toMatchObject({ level: 40, status: 'warn' });
      expect(String(byCheck['admin-channel']?.fix)).toContain('Set ADMIN_CHANNEL_ID');
      // Only the cheap checks run at start-up; the notify channel is fine and not logged.
      expect(Object.keys(byCheck).sort()).toEqual(['admin-channel', 'approvers', 'slack-token']);
      expect(slack.calls('conversations.info').map((c) => c.args.channel)).toEqual(['C0NOTIFY']);
      expect(lines.some((l) => l.msg === 'cant-login is running')).toBe(true);
    } finally {
      await bot.stop();
      await slack.close();
    }
  });
});
