import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '../config/env';
import { silentLogger } from '../log/logger';
import { startBot } from '../runtime/start';
import { SlackDriver } from '../sandbox/fake-slack/driver';
import { FakeSlack } from '../sandbox/fake-slack/server';
import { blocksToText } from '../sandbox/fake-slack/transcript';
import { loadSnapshotFile } from '../sandbox/snapshot/load';
import type { CliIo } from './io';
import { SAMPLE_SNAPSHOT } from './sandbox-session';

/** One sample employee: what they type, and the answer the sample organisation is built to produce. */
interface Scenario {
  slackUserId: string;
  user: string;
  typed: string;
  expectedPrimaryCause: string | null;
  story: string;
}

const indent = (text: string, prefix: string) =>
  text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');

/**
 * `npm run demo`: the whole product on embedded defaults. The bot runs over real HTTP on the AWS
 * emulator (the sample organisation) and a fake Slack API; every sample employee types /cant-login,
 * and the transcript shows what they typed and what the bot answered.
 */
export async function runDemo(io: CliIo, snapshotPath = SAMPLE_SNAPSHOT): Promise<number> {
  const snapshot = await loadSnapshotFile(snapshotPath);
  const scenarios = JSON.parse(
    await readFile(resolve(snapshotPath, '..', 'sample-org.scenarios.json'), 'utf8'),
  ) as Scenario[];
  const names = new Map((snapshot.slack?.users ?? []).map((u) => [u.id, u.real_name ?? u.name ?? u.id]));
  const slack = new FakeSlack({ users: snapshot.slack?.users ?? [], admins: snapshot.slack?.admins ?? [] });
  await slack.listen();
  const signingSecret = randomBytes(16).toString('hex');
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-demo',
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    SANDBOX_SNAPSHOT: snapshotPath,
    PORT: '0',
    ADMIN_CHANNEL_ID: 'C0ADMINS',
    // The emulator is local: nobody's AWS quota to share, so the demo may use all of it.
    AWS_QUOTA_SHARE: '1',
    DIAGNOSES_PER_MINUTE: '100',
    LOG_LEVEL: 'silent',
  });
  const bot = await startBot(config, silentLogger(), { host: '127.0.0.1', slackRetries: 0 });
  const driver = new SlackDriver({
    eventsUrl: `http://127.0.0.1:${bot.port}/slack/events`,
    signingSecret,
    responseUrl: (id) => slack.responseUrl(id),
  });
  const results: Array<{ name: string; expected: string | null; actual: string | null | undefined }> = [];
  try {
    io.out(`cant-login demo: ${snapshot.description ?? snapshotPath}`);
    io.out(
      `The bot is running over HTTP on the AWS emulator (${bot.services.sandbox?.url}, region ${config.AWS_REGION ?? snapshot.region}) ` +
        `and a fake Slack API (${slack.url}). Clock: ${snapshot.now ?? 'now'}.\n`,
    );
    for (const s of scenarios) {
      const name = names.get(s.slackUserId) ?? s.slackUserId;
      slack.reset();
      io.out(`── ${name} types: /cant-login${s.typed ? ` ${s.typed}` : ''}`);
      const res = await driver.command(s.slackUserId, s.typed);
      const ack = (await res.json().catch(() => ({}))) as { text?: string };
      io.out(`   (only ${name.split(' ')[0]} sees) ${ack.text ?? `HTTP ${res.status}`}`);
      const report = await slack.waitFor(
        'chat.update',
        (c) => JSON.stringify(c.args.blocks ?? []).includes('report_check_again'),
        30_000,
      );
      const checkId = JSON.stringify(report.args.blocks).match(
        /"report_check_again","value":"([^"]+)"|"value":"([^"]+)","action_id":"report_check_again"/,
      );
      const record = checkId ? await bot.services.store.get(checkId[1] ?? checkId[2] ?? '') : undefined;
      io.out('   cant-login, in a direct message:');
      io.out(indent(blocksToText(report.args.blocks, String(report.args.text ?? '')), '   │ '));
      const actual = record?.primaryCause;
      const ok = actual === s.expectedPrimaryCause;
      io.out(
        `   primary cause: ${actual ?? 'none'} ${ok ? '(as intended)' : `(intended: ${s.expectedPrimaryCause ?? 'none'})`}\n`,
      );
      results.push({ name, expected: s.expectedPrimaryCause, actual });
    }

    const admin = snapshot.slack?.admins?.[0];
    const someone = scenarios.find((s) => s.expectedPrimaryCause === 'permission-set-not-provisioned');
    if (admin && someone) {
      slack.reset();
      io.out(
        `── ${names.get(admin)} (an approver) types: /cant-login <@${someone.slackUserId}> ${someone.typed}`,
      );
      await driver.command(
        admin,
        `<@${someone.slackUserId}|${someone.slackUserId.toLowerCase()}> ${someone.typed}`,
      );
      const report = await slack.waitFor(
        'chat.update',
        (c) => JSON.stringify(c.args.blocks ?? []).includes('report_check_again'),
        30_000,
      );
      io.out('   cant-login, in a direct message (admin wording):');
      io.out(indent(blocksToText(report.args.blocks, String(report.args.text ?? '')), '   │ '));
      io.out('');
    }

    const right = results.filter((r) => r.actual === r.expected).length;
    io.out('Summary');
    for (const r of results) {
      io.out(`  ${r.actual === r.expected ? '✓' : '✗'} ${r.name.padEnd(20)} ${r.actual ?? 'nothing wrong'}`);
    }
    const calls = bot.services.aws.calls;
    io.out(
      `\n${right} of ${results.length} answers as intended. ${calls.count()} AWS calls through the emulator, ${calls.throttled()} throttled; ` +
        `${slack.calls().length} Slack API calls in the last conversation.`,
    );
    return right === results.length ? 0 : 1;
  } finally {
    await bot.stop();
    await slack.close();
  }
}
