import type { startBot } from '../runtime/start';
import type { SlackDriver } from '../sandbox/fake-slack/driver';
import type { FakeSlack } from '../sandbox/fake-slack/server';
import { blocksToText } from '../sandbox/fake-slack/transcript';
import type { CliIo } from './io';

const indent = (text: string, prefix: string) =>
  text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');

/**
 * The demo's last part: the scheduled drift scan runs once over the whole sample organisation, its digest
 * lands in the admin channel, and an approver repairs one drift with one click.
 */
export async function runDriftDemo(
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
  io.out('══ Before anyone asks: the scheduled drift scan of the whole organisation\n');
  const mark = slack.calls().length;
  await bot.queue.enqueue({ kind: 'drift', action: 'scan', requestId: 'demo-drift-scan' });
  await bot.queue.drain();
  const posted = slack
    .calls()
    .slice(mark)
    .filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0ADMINS');
  const digest = posted.find((c) => !c.args.thread_ts);
  if (!digest) {
    io.out('   No drift: nothing to announce.\n');
    return;
  }
  io.out('── The digest (#admins):');
  io.out(indent(blocksToText(digest.args.blocks, String(digest.args.text ?? '')), '   │ '));
  io.out(`   …with ${posted.length - 1} approval card(s) in its thread, one per repair.\n`);
  const records = await bot.services.drift.store.all();
  const repairable = records.find((r) => r.ticketId && r.state === 'open');
  if (!repairable?.ticketId) return;
  const affected = new Set(repairable.drift.affectedUsers.map((u) => u.userName));
  const approver = ctx.admin.find((a) => !affected.has(names.get(a)));
  if (!approver) return;
  const ticket = await bot.services.store.get(repairable.ticketId);
  const card = [...slack.calls('chat.postMessage')].find((c) => c.result?.ts === ticket?.approval?.card?.ts);
  io.out('── One approval card:');
  io.out(indent(blocksToText(card?.args.blocks, String(card?.args.text ?? '')), '   │ '));
  await driver.action(approver, {
    actions: [{ action_id: 'drift_approve', type: 'button', value: repairable.ticketId }],
  });
  await bot.queue.drain();
  const after = await bot.services.store.get(repairable.ticketId);
  io.out(`   ${names.get(approver) ?? approver} clicks Approve → the repair is ${after?.state}`);
  for (const step of after?.fixRun?.steps ?? [])
    io.out(`     AWS ${step.action} ${step.status}${step.failureReason ? `: ${step.failureReason}` : ''}`);
  io.out('');
}
