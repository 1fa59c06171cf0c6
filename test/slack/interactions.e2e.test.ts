import { type BotHarness, startHarness } from './harness';

const textOf = (args: Record<string, unknown>) => JSON.stringify(args.blocks ?? []) + String(args.text ?? '');

/** The report message of a finished diagnosis, and the check id its buttons carry. */
async function reportFor(h: BotHarness, user: string, text = '') {
  h.slack.reset();
  await h.command(user, text);
  const update = await h.slack.waitFor('chat.update', (c) => textOf(c.args).includes('report_check_again'));
  await h.bot.queue.drain();
  const blocks = update.args.blocks as Array<{
    type: string;
    elements?: Array<{ action_id?: string; value?: string }>;
  }>;
  const checkId = blocks
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.action_id === 'report_check_again')?.value;
  if (!checkId) throw new Error('no check id on the report');
  return { update, checkId, blocks, channel: String(update.args.channel), ts: String(update.args.ts) };
}

describe('report buttons, the symptom menu, App Home and kindness limits', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startHarness({ DIAGNOSES_PER_MINUTE: '50' });
  });

  afterAll(async () => {
    await h.close();
  });

  it('Get a human posts the admin summary to the admin channel and tells the person', async () => {
    const { checkId, blocks, channel, ts } = await reportFor(
      h,
      'U0LENA',
      'Your request could not be completed.',
    );
    h.slack.reset();
    await h.action('U0LENA', {
      actions: [
        { action_id: 'report_get_human', block_id: 'report_actions', type: 'button', value: checkId },
      ],
      message: { ts, blocks },
      channelId: channel,
      messageTs: ts,
    });
    const adminPost = await h.slack.waitFor('chat.postMessage', (c) => c.args.channel === 'C0ADMINS');
    expect(textOf(adminPost.args)).toContain('no-assignments');
    expect(textOf(adminPost.args)).toContain('<@U0LENA>');
    const told = await h.slack.waitFor(
      'chat.postMessage',
      (c) => c.args.channel === channel && c.args.thread_ts === ts,
    );
    expect(textOf(told.args)).toMatch(/admin/i);
    expect((await h.bot.services.store.get(checkId))?.escalatedAt).toEqual(expect.any(String));
  });

  it('It works now resolves the check; someone else clicking it changes nothing', async () => {
    const { checkId, blocks, channel, ts } = await reportFor(h, 'U0BEN');
    await h.action('U0PRIYA', {
      actions: [{ action_id: 'report_it_works_now', type: 'button', value: checkId }],
      message: { ts, blocks },
    });
    await h.bot.queue.drain();
    expect((await h.bot.services.store.get(checkId))?.state).toBe('diagnosed');
    const told = h.slack
      .calls('chat.postMessage')
      .filter((c) => c.args.channel === 'D0PRIYA')
      .at(-1);
    expect(String(told?.args.text)).toMatch(/about someone else/);
    await h.action('U0BEN', {
      actions: [{ action_id: 'report_it_works_now', type: 'button', value: checkId }],
      message: { ts, blocks },
      channelId: channel,
    });
    await h.bot.queue.drain();
    expect((await h.bot.services.store.get(checkId))?.state).toBe('resolved');
  });

  it('Check again re-runs the diagnosis into the same message', async () => {
    const { checkId, blocks, channel, ts } = await reportFor(h, 'U0AMIR', 'data-lake');
    h.slack.reset();
    await h.action('U0AMIR', {
      actions: [{ action_id: 'report_check_again', type: 'button', value: checkId }],
      message: { ts, blocks },
    });
    const again = await h.slack.waitFor('chat.update', (c) => textOf(c.args).includes('report_check_again'));
    expect(again.args.channel).toBe(channel);
    expect(again.args.ts).toBe(ts);
    expect(h.slack.calls('chat.postMessage')).toHaveLength(0);
  });

  it('with no text the report offers symptoms, and a pick re-ranks the answer', async () => {
    const { checkId, blocks, ts } = await reportFor(h, 'U0PRIYA');
    expect(JSON.stringify(blocks)).toContain('report_pick_symptom');
    expect((await h.bot.services.store.get(checkId))?.primaryCause).toBeNull();
    h.slack.reset();
    await h.action('U0PRIYA', {
      actions: [
        {
          action_id: 'report_pick_symptom',
          type: 'static_select',
          selected_option: { value: 'symptom-redirect-loop', text: { type: 'plain_text', text: 'x' } },
        },
      ],
      message: { ts, blocks },
    });
    await h.slack.waitFor('chat.update', (c) => textOf(c.args).includes('report_check_again'));
    expect((await h.bot.services.store.get(checkId))?.primaryCause).toBe('symptom-redirect-loop');
  });

  it('App Home shows the person their recent checks, and an approver the open ones', async () => {
    await reportFor(h, 'U0GRETA', 'legacy-billing');
    h.slack.reset();
    await h.event({ type: 'app_home_opened', user: 'U0GRETA', channel: 'D0GRETA', tab: 'home' });
    const home = await h.slack.waitFor('views.publish', (c) => c.args.user_id === 'U0GRETA');
    expect(JSON.stringify(home.args.view)).toMatch(/legacy-billing|suspended|closed/i);
    await h.event({ type: 'app_home_opened', user: 'U0IRENE', channel: 'D0IRENE', tab: 'home' });
    const adminHome = await h.slack.waitFor('views.publish', (c) => c.args.user_id === 'U0IRENE');
    expect(JSON.stringify(adminHome.args.view)).toContain('greta.lindgren@northwind.example');
  });

  it('a person with no email on their Slack profile is told what was tried and what to do', async () => {
    h.slack.reset();
    await h.command('U0NOEMAIL');
    const answer = await h.slack.waitFor('response_url');
    expect(textOf(answer.args)).toMatch(/email/i);
  });
});

describe('asking again and again', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startHarness({ DIAGNOSES_PER_MINUTE: '2' });
  });

  afterAll(async () => {
    await h.close();
  });

  it('slows a person down kindly after the limit, without touching AWS', async () => {
    await h.command('U0BEN');
    await h.command('U0BEN');
    await h.bot.queue.drain();
    const callsBefore = h.bot.services.sandbox!.calls().length;
    const res = await h.command('U0BEN');
    const body = (await res.json()) as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(/\d+ seconds?/);
    await h.bot.queue.drain();
    expect(h.bot.services.sandbox!.calls().length).toBe(callsBefore);
  });
});
