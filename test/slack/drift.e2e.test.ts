import type { DriftRecord } from '../../src/drift/store';
import type { Ticket } from '../../src/tickets/types';
import { type BotHarness, startHarness } from './harness';

const textOf = (args: Record<string, unknown>) => JSON.stringify(args.blocks ?? []) + String(args.text ?? '');
const ADMINS = 'C0ADMINS';
const TOMAS = 'U0TOMAS';
const IRENE = 'U0IRENE';
const SOFIA = 'U0SOFIA';
const AMIR = 'U0AMIR';
const DATA_LAKE = '215938470682';
const DATA_SCIENTIST = 'arn:aws:sso:::permissionSet/ssoins-6804a1c2e7b93f15/ps-34b9672b7041036e';

async function scan(h: BotHarness) {
  await h.bot.queue.enqueue({ kind: 'drift', action: 'scan', requestId: `scan-${Date.now()}` });
  await h.bot.queue.drain();
}

/** Digests Slack accepted (a refused call is recorded without a result). */
const digests = (h: BotHarness) =>
  h.slack.calls('chat.postMessage').filter((c) => c.args.channel === ADMINS && !c.args.thread_ts && c.result);
const cards = (h: BotHarness) =>
  h.slack.calls('chat.postMessage').filter((c) => c.args.channel === ADMINS && c.args.thread_ts);
const dmsTo = (h: BotHarness, user: string) =>
  h.slack.calls('chat.postMessage').filter((c) => c.args.channel === `D${user.slice(1)}`);

async function record(h: BotHarness, kind: string): Promise<DriftRecord> {
  const all = await h.bot.services.drift
    .homeBlocks(TOMAS)
    .then(() =>
      (
        h.bot.services.drift as unknown as { deps: { drifts: { all(): Promise<DriftRecord[]> } } }
      ).deps.drifts.all(),
    );
  const found = all.find((r) => r.drift.kind === kind);
  if (!found) throw new Error(`no ${kind} drift`);
  return found;
}

async function click(h: BotHarness, user: string, actionId: string, ticketId: string) {
  await h.action(user, {
    actions: [{ action_id: actionId, type: 'button', value: ticketId }],
    response_url: h.slack.responseUrl(`click-${user}-${actionId}`),
  });
  await h.bot.queue.drain();
}

async function ticketOf(h: BotHarness, r: DriftRecord): Promise<Ticket> {
  const t = await h.bot.services.store.get(r.ticketId!);
  if (!t) throw new Error('no ticket');
  return t;
}

describe('drift in Slack, end to end (real Bolt over signed HTTP, fake Slack, sandbox AWS)', () => {
  let h: BotHarness;

  beforeEach(async () => {
    h = await startHarness({
      AWS_QUOTA_SHARE: '1',
      DRIFT_SCAN_INTERVAL_MINUTES: '0',
      NOTIFY_AFFECTED: 'true',
      APPROVERS: `${TOMAS},${IRENE},${AMIR}`,
    });
    h.bot.services.sandbox!.setFaults({ provisioningDelayMs: 200 });
  });

  afterEach(async () => {
    await h.close();
  });

  it('posts one digest with the blast radius and a card per repair, and never announces a drift twice', async () => {
    await scan(h);
    expect(digests(h)).toHaveLength(1);
    const digest = textOf(digests(h)[0]!.args);
    for (const part of [
      'Access drift across the organisation',
      '6 new problems',
      'sofia.brennan@northwind.example',
      'production: prod-eu (856431207719), prod-us (902716384451)',
      'legacy-billing',
      'No repair the bot can make',
    ])
      expect(digest).toContain(part);
    // Four drifts have a repair: Elena's repoint and three provisionings; each card is in the digest's thread.
    expect(cards(h)).toHaveLength(4);
    expect(new Set(cards(h).map((c) => c.args.thread_ts)).size).toBe(1);
    expect(cards(h).every((c) => textOf(c.args).includes('drift_approve'))).toBe(true);
    // Every affected person is told once.
    for (const u of ['U0SOFIA', 'U0AMIR', 'U0ELENA', 'U0YUSUF', 'U0GRETA', 'U0MILO'])
      expect(dmsTo(h, u)).toHaveLength(1);

    await scan(h);
    await scan(h);
    expect(digests(h)).toHaveLength(1);
    expect(cards(h)).toHaveLength(4);
    expect(dmsTo(h, 'U0SOFIA')).toHaveLength(1);
  });

  it('one approval repairs the drift, exactly once, verified; the person hears; the next digest says resolved', async () => {
    await scan(h);
    const amir = await record(h, 'permission-set-outdated');
    expect(amir.ticketId).toBeDefined();
    const provisions = () => h.bot.services.sandbox!.calls({ operation: 'ProvisionPermissionSet' }).length;

    // Refused: not an approver; an approver whose own access it is.
    await click(h, SOFIA, 'drift_approve', amir.ticketId!);
    expect(String(h.slack.calls('response_url').at(-1)?.args.text)).toMatch(/Only configured approvers/);
    await click(h, AMIR, 'drift_approve', amir.ticketId!);
    expect(String(h.slack.calls('response_url').at(-1)?.args.text)).toMatch(/your own access/);
    expect((await ticketOf(h, amir)).state).toBe('awaiting-approval');
    expect(provisions()).toBe(0);

    await click(h, TOMAS, 'drift_approve', amir.ticketId!);
    const done = await ticketOf(h, amir);
    expect(done.state).toBe('resolved');
    expect(done.approval?.decidedBy).toBe(TOMAS);
    expect(h.bot.services.sandbox!.state.provisioned.get(`${DATA_LAKE}|${DATA_SCIENTIST}`)).toBe(
      'LATEST_PERMISSION_SET_PROVISIONED',
    );
    expect(provisions()).toBe(1);
    const card = done.approval!.card!;
    const updates = h.slack.calls('chat.update').filter((c) => c.args.ts === card.ts);
    expect(textOf(updates.at(-1)!.args)).toContain('Repaired and verified');
    expect(dmsTo(h, AMIR).map((c) => String(c.args.text))).toEqual([
      expect.stringContaining('Heads-up'),
      expect.stringContaining('has been repaired'),
    ]);

    // A second click is late, and changes nothing.
    await click(h, IRENE, 'drift_approve', amir.ticketId!);
    expect(String(h.slack.calls('response_url').at(-1)?.args.text)).toMatch(/Already repaired/);
    expect(provisions()).toBe(1);

    // The next scan no longer sees it: one more digest, saying only that it was resolved.
    await scan(h);
    expect(digests(h)).toHaveLength(2);
    const second = textOf(digests(h)[1]!.args);
    expect(second).toContain('Resolved since the last digest');
    expect(second).toContain('DataScientist');
    expect(second).not.toContain('new problem');
    expect(cards(h)).toHaveLength(4);
    expect(dmsTo(h, AMIR)).toHaveLength(2);
    await scan(h);
    expect(digests(h)).toHaveLength(2);
  });

  it('a digest Slack refused is announced by the next run, once', async () => {
    h.slack.failNext('chat.postMessage', 'internal_error');
    await scan(h);
    expect(digests(h)).toHaveLength(0);
    await scan(h);
    expect(digests(h)).toHaveLength(1);
    expect(textOf(digests(h)[0]!.args)).toContain('6 new problems');
    await scan(h);
    expect(digests(h)).toHaveLength(1);
  });

  it('App Home lists the open drifts to approvers only', async () => {
    await scan(h);
    await h.event({ type: 'app_home_opened', user: TOMAS, tab: 'home' });
    await h.event({ type: 'app_home_opened', user: SOFIA, tab: 'home' });
    await h.bot.queue.drain();
    const homes = h.slack.calls('views.publish');
    const forTomas = homes.find((c) => c.args.user_id === TOMAS)!;
    const forSofia = homes.find((c) => c.args.user_id === SOFIA)!;
    expect(JSON.stringify(forTomas.args.view)).toContain('Access drift: 6 open problems');
    expect(JSON.stringify(forSofia.args.view)).not.toContain('Access drift');
  });
});
