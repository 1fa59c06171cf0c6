import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/env';
import { createLogger, silentLogger } from '../log/logger';
import { startBot } from '../runtime/start';
import { SlackDriver } from '../sandbox/fake-slack/driver';
import { FakeSlack } from '../sandbox/fake-slack/server';
import { blocksToText } from '../sandbox/fake-slack/transcript';
import { loadSnapshotFile } from '../sandbox/snapshot/load';
import { runDriftDemo } from './demo-drift';
import type { CliIo } from './io';
import { showSamlSample } from './saml';
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
  const dataDir = await mkdtemp(join(tmpdir(), 'cant-login-demo-'));
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-demo',
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    SANDBOX_SNAPSHOT: snapshotPath,
    PORT: '0',
    ADMIN_CHANNEL_ID: 'C0ADMINS',
    NOTIFY_CHANNEL_ID: 'C0NOTIFY',
    DATA_DIR: dataDir,
    // The emulator is local: nobody's AWS quota to share, so the demo may use all of it.
    AWS_QUOTA_SHARE: '1',
    DIAGNOSES_PER_MINUTE: '100',
    LOG_LEVEL: 'silent',
  });
  const bot = await startBot(config, io.env.DEMO_LOG ? createLogger({ level: 'warn' }) : silentLogger(), {
    host: '127.0.0.1',
    slackRetries: 0,
  });
  // Keep the demo brisk: AWS's asynchronous provisioning finishes in half a second here.
  bot.services.sandbox?.setFaults({ ...bot.services.sandbox.getFaults(), provisioningDelayMs: 500 });
  const driver = new SlackDriver({
    eventsUrl: `http://127.0.0.1:${bot.port}/slack/events`,
    signingSecret,
    responseUrl: (id) => slack.responseUrl(id),
  });
  const results: Array<{ name: string; expected: string | null; actual: string | null | undefined }> = [];
  try {
    io.out(`cant-login demo: ${snapshot.description ?? snapshotPath}`);
    io.out(
      `The bot is running over HTTP on the AWS emulator (${bot.services.sandbox?.url}, region ${config.AWS_REGION ?? snapshot.region}), ` +
        `a fake Slack API (${slack.url}) and an embedded DynamoDB-compatible store (${dataDir}). Clock: ${snapshot.now ?? 'now'}.\n`,
    );
    for (const s of scenarios) {
      const name = names.get(s.slackUserId) ?? s.slackUserId;
      const mark = lastSeq(slack);
      io.out(`── ${name} types: /cant-login${s.typed ? ` ${s.typed}` : ''}`);
      const res = await driver.command(s.slackUserId, s.typed);
      const ack = (await res.json().catch(() => ({}))) as { text?: string };
      io.out(`   (only ${name.split(' ')[0]} sees) ${ack.text ?? `HTTP ${res.status}`}`);
      const report = await slack.waitFor('chat.update', (c) => c.seq > mark && isReport(c.args), 30_000);
      await bot.queue.drain();
      const checkId = JSON.stringify(report.args.blocks).match(
        /"report_check_again","value":"([^"]+)"|"value":"([^"]+)","action_id":"report_check_again"/,
      );
      const record = checkId ? await bot.services.store.get(checkId[1] ?? checkId[2] ?? '') : undefined;
      io.out('   cant-login, in a direct message:');
      io.out(indent(blocksToText(report.args.blocks, String(report.args.text ?? '')), '   │ '));
      const actual = record?.primaryCause;
      const ok = actual === s.expectedPrimaryCause;
      io.out(
        `   primary cause: ${actual ?? 'none'} ${ok ? '(as intended)' : `(intended: ${s.expectedPrimaryCause ?? 'none'})`}`,
      );
      if (record?.state === 'awaiting-approval')
        io.out(`   an approval card for ${record.approval?.fix.fix} went to the admin channel`);
      io.out('');
      results.push({ name, expected: s.expectedPrimaryCause, actual });
    }

    const admin = snapshot.slack?.admins?.[0];
    const someone = scenarios.find((s) => s.expectedPrimaryCause === 'permission-set-not-provisioned');
    if (admin && someone) {
      const mark = lastSeq(slack);
      io.out(
        `── ${names.get(admin)} (an approver) types: /cant-login <@${someone.slackUserId}> ${someone.typed}`,
      );
      await driver.command(
        admin,
        `<@${someone.slackUserId}|${someone.slackUserId.toLowerCase()}> ${someone.typed}`,
      );
      const report = await slack.waitFor('chat.update', (c) => c.seq > mark && isReport(c.args), 30_000);
      await bot.queue.drain();
      io.out('   cant-login, in a direct message (admin wording):');
      io.out(indent(blocksToText(report.args.blocks, String(report.args.text ?? '')), '   │ '));
      io.out('');
    }

    await runDriftDemo(io, { bot, slack, driver, names, admin: snapshot.slack?.admins ?? [] });
    await runApprovals(io, { bot, slack, driver, names, admin: snapshot.slack?.admins ?? [] });

    const right = results.filter((r) => r.actual === r.expected).length;
    io.out('Summary');
    for (const r of results) {
      io.out(`  ${r.actual === r.expected ? '✓' : '✗'} ${r.name.padEnd(20)} ${r.actual ?? 'nothing wrong'}`);
    }
    const calls = bot.services.aws.calls;
    io.out(
      `\n${right} of ${results.length} answers as intended. ${calls.count()} AWS calls through the emulator, ${calls.throttled()} throttled; ` +
        `${slack.calls().length} Slack API calls.`,
    );
    io.out('');
    await showSamlSample(io, bot.services.diagnosis, {
      sampleDir: resolve(snapshotPath, '..', 'saml'),
      atIso: snapshot.now,
    });
    return right === results.length ? 0 : 1;
  } finally {
    await bot.stop();
    await slack.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const lastSeq = (slack: FakeSlack) => slack.calls().at(-1)?.seq ?? 0;
const isReport = (args: Record<string, unknown>) =>
  JSON.stringify(args.blocks ?? []).includes('report_check_again');

/** The latest version of a message, whether it was posted or updated since. */
function cardMessage(slack: FakeSlack, card: { channel: string; ts: string }) {
  return [...slack.calls('chat.postMessage'), ...slack.calls('chat.update')]
    .filter((c) => c.args.channel === card.channel && (c.args.ts ?? c.result?.ts) === card.ts)
    .sort((a, b) => a.seq - b.seq)
    .pop();
}

/** The approval loop for every ticket waiting for approval: the card, a refused self-approval, picks
 * where the fix needs them, the approval, the fix, its verification, and the notification. */
async function runApprovals(
  io: CliIo,
  ctx: {
    bot: Awaited<ReturnType<typeof startBot>>;
    slack: FakeSlack;
    driver: SlackDriver;
    names: Map<string, string>;
    admin: string[];
  },
): Promise<void> {
  const { bot, slack, driver, names } = ctx;
  if (ctx.admin.length === 0) return;
  /** Clicks Approve as `user` and returns what they were told privately. */
  const clickApprove = async (user: string, ticketId: string): Promise<string> => {
    const before = slack.calls().length;
    await driver.action(user, {
      actions: [{ action_id: 'approval_approve', type: 'button', value: ticketId }],
    });
    await bot.queue.drain();
    const answer = slack
      .calls()
      .slice(before)
      .find((c) => c.method === 'chat.postEphemeral' || c.method === 'response_url');
    return String(answer?.args.text ?? '(refused)');
  };
  const waiting = (await bot.services.store.inState('awaiting-approval', 50))
    .filter((t) => !t.drift)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  io.out(`══ The approval loop: ${waiting.length} fixes wait for an approver in the admin channel\n`);
  let first = true;
  for (const ticket of waiting) {
    const card = ticket.approval?.card;
    if (!card) continue;
    const who = names.get(ticket.subjectSlackId) ?? ticket.subjectSlackId;
    // Never the person whose access changes, nor the person who asked for the diagnosis.
    const approver = ctx.admin.find((a) => a !== ticket.subjectSlackId && a !== ticket.requesterId);
    if (!approver) continue;
    const cardCall = cardMessage(slack, card);
    io.out(`── Approval card for ${who} (#admins):`);
    io.out(indent(blocksToText(cardCall?.args.blocks, String(cardCall?.args.text ?? '')), '   │ '));
    if (ctx.admin.includes(ticket.requesterId) && ticket.requesterId !== ticket.subjectSlackId) {
      const refusal = await clickApprove(ticket.requesterId, ticket.id);
      io.out(
        `   ${names.get(ticket.requesterId)}, who asked for this diagnosis, clicks Approve → privately: ${refusal}`,
      );
    } else if (first) {
      first = false;
      const refusal = await clickApprove(ticket.subjectSlackId, ticket.id);
      io.out(`   ${who} clicks Approve on their own fix → privately: ${refusal}`);
    }
    const needs = JSON.stringify(cardCall?.args.blocks ?? []);
    for (const [actionId, what, prefer] of [
      ['approval_pick_permission_set', 'permission set', /ReadOnly/i],
      ['approval_pick_account', 'account', /sandbox/i],
    ] as const) {
      if (!needs.includes(actionId)) continue;
      const options =
        (what === 'account'
          ? ticket.approval?.choices?.accounts
          : ticket.approval?.choices?.permissionSets) ?? [];
      const choice = options.find((c) => prefer.test(c.label)) ?? options[0];
      if (!choice) continue;
      await driver.action(approver, {
        actions: [
          {
            action_id: actionId,
            type: 'external_select',
            selected_option: { value: choice.value, text: { type: 'plain_text', text: choice.label } },
          },
        ],
        message: { blocks: cardCall?.args.blocks },
      });
      await bot.queue.drain();
      io.out(`   ${names.get(approver)} picks the ${what} ${choice.label}`);
    }
    const mark = slack.calls().length;
    await driver.action(approver, {
      actions: [{ action_id: 'approval_approve', type: 'button', value: ticket.id }],
    });
    await bot.queue.drain();
    let after = await bot.services.store.get(ticket.id);
    io.out(`   ${names.get(approver)} clicks Approve → the ticket is now ${after?.state}`);
    // An AdministratorAccess-like permission set needs a second, different approver (a guardrail).
    const second = ctx.admin.find(
      (a) => a !== approver && a !== ticket.subjectSlackId && a !== ticket.requesterId,
    );
    if (after?.state === 'awaiting-approval' && after.approval?.firstApproval && second) {
      await driver.action(second, {
        actions: [{ action_id: 'approval_approve', type: 'button', value: ticket.id }],
      });
      await bot.queue.drain();
      after = await bot.services.store.get(ticket.id);
      io.out(`   ${names.get(second)} approves too (a second approver) → the ticket is now ${after?.state}`);
    }
    for (const step of after?.fixRun?.steps ?? []) {
      io.out(
        `     AWS ${step.action} ${step.status}${step.requestId ? ` (request ${step.requestId})` : ''}${step.failureReason ? `: ${step.failureReason}` : ''}`,
      );
    }
    const since = slack.calls().slice(mark);
    for (const c of since.filter(
      (m) => m.method === 'chat.postMessage' && m.args.thread_ts && m.args.channel !== 'C0ADMINS',
    )) {
      io.out(
        `   to ${names.get(ticket.requesterId) ?? who}, in the thread: ${blocksToText(c.args.blocks, String(c.args.text ?? '')).replace(/\n/g, ' ')}`,
      );
    }
    for (const c of since.filter((m) => m.method === 'chat.postMessage' && m.args.channel === 'C0NOTIFY')) {
      io.out(`   #notify: ${blocksToText(c.args.blocks, String(c.args.text ?? '')).replace(/\n/g, ' ')}`);
    }
    io.out('');
  }
}
