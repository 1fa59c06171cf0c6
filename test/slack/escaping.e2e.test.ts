import { type BotHarness, startHarness } from './harness';

const textOf = (args: Record<string, unknown>) => JSON.stringify(args.blocks ?? []) + String(args.text ?? '');

describe('what the person reads: escaping once, and no admin channel (real Bolt, fake Slack)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    // No ADMIN_CHANNEL_ID: nobody can be asked to approve.
    h = await startHarness({ ADMIN_CHANNEL_ID: '' });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(async () => {
    await h.bot.queue.drain();
    h.slack.reset();
  });

  it('shows text Slack already escaped escaped exactly once (Tom &amp; Jerry, never &amp;amp;)', async () => {
    // What Slack sends for "Tom & Jerry <3" with should_escape.
    await h.command('U0PRIYA', 'Tom &amp; Jerry &lt;3');
    const progress = await h.slack.waitFor('chat.postMessage');
    const shown = textOf(progress.args);
    expect(shown).toContain('You said “Tom &amp; Jerry &lt;3”');
    expect(shown).not.toContain('&amp;amp;');
    expect(shown).not.toContain('&amp;lt;');
  });

  it('says nobody was notified (and how to get help) instead of "an administrator has been asked"', async () => {
    await h.command('U0SOFIA', 'prod-us');
    const report = await h.slack.waitFor('chat.update', (c) => textOf(c.args).includes('report_check_again'));
    const shown = textOf(report.args);
    expect(shown).toContain("I haven't been able to tell anyone: no admin channel is set up");
    expect(shown).toContain('Pass this message to your IT help desk');
    expect(shown).not.toMatch(/administrator has been asked/i);
    await h.bot.queue.drain();
    expect(h.slack.calls('chat.postMessage').map((c) => c.args.channel)).not.toContain('C0ADMINS');
    const ticket = await h.bot.services.store.openFor('U0SOFIA');
    expect(ticket?.primaryCause).toBe('permission-set-not-provisioned');
  });
});
