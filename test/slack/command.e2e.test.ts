import { type BotHarness, signedHeaders, startHarness } from './harness';

/** Text of every block of a recorded message, for assertions on what the person reads. */
function textOf(args: Record<string, unknown>): string {
  return JSON.stringify(args.blocks ?? []) + String(args.text ?? '');
}

describe('/cant-login over real HTTP (signed requests, fake Slack, sandbox AWS)', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.close();
  });

  beforeEach(async () => {
    await h.bot.queue.drain();
    h.slack.reset();
  });

  it('acks with a private message, then DMs progress and the report with buttons', async () => {
    const res = await h.command('U0SOFIA', 'prod-us');
    expect(res.status).toBe(200);
    const ack = (await res.json()) as { response_type: string; text: string };
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toMatch(/direct message/i);

    const report = await h.slack.waitFor('chat.update', (c) => textOf(c.args).includes('report_check_again'));
    const progress = h.slack.calls('chat.postMessage')[0]!;
    expect(progress.args.channel).toBe(report.args.channel);
    expect(textOf(progress.args)).toMatch(/Checked|Getting started/);
    const text = textOf(report.args);
    expect(text).toContain('BillingViewer');
    expect(text).toContain('prod-us');
    for (const action of ['report_check_again', 'report_it_works_now', 'report_get_human'])
      expect(text).toContain(action);
    const record = await h.bot.services.store.get(String(findButtonValue(report.args)));
    expect(record?.primaryCause).toBe('permission-set-not-provisioned');
  });

  it('refuses a bad signature with 401 and does nothing', async () => {
    const body = 'command=%2Fcant-login&user_id=U0SOFIA&text=';
    const headers = { ...signedHeaders(body), 'x-slack-signature': 'v0=deadbeef' };
    const res = await fetch(h.url, { method: 'POST', headers, body });
    expect(res.status).toBe(401);
    expect(h.slack.calls()).toHaveLength(0);
  });

  it('refuses a correctly signed request whose timestamp is more than five minutes old', async () => {
    const res = await h.command('U0SOFIA', '', { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(res.status).toBe(401);
    await h.bot.queue.drain();
    expect(h.slack.calls()).toHaveLength(0);
  });

  it('refuses /cant-login @someone from a person who is not an approver', async () => {
    const res = await h.command('U0PRIYA', '<@U0BEN|ben>');
    expect(res.status).toBe(200);
    // The refusal is the acknowledgement itself: never "On it — checking ben's access" first.
    const ack = JSON.stringify(await res.json());
    expect(ack).toMatch(/Only Identity Center approvers can check someone else/);
    expect(ack).not.toMatch(/On it/);
    await h.bot.queue.drain();
    expect(h.slack.calls('response_url')).toEqual([]);
    expect(h.slack.calls('users.info').map((c) => c.args.user)).not.toContain('U0BEN');
  });

  it('lets an approver diagnose someone else, in admin words', async () => {
    await h.command('U0IRENE', '<@U0SOFIA|sofia> prod-us');
    const report = await h.slack.waitFor('chat.update', (c) => textOf(c.args).includes('report_check_again'));
    const text = textOf(report.args);
    expect(text).toContain('arn:aws:sso:::permissionSet/');
    expect(text).toMatch(/Sofia/);
  });

  it('renders <!channel>, mentions and links in the typed text harmless', async () => {
    await h.command('U0PRIYA', '<!channel> <http://evil.example|click me> help');
    await h.bot.queue.drain();
    const posted = [...h.slack.calls('chat.postMessage'), ...h.slack.calls('chat.update')];
    expect(posted.length).toBeGreaterThan(0);
    for (const call of posted) {
      const json = JSON.stringify(call.args.blocks ?? []);
      expect(json).not.toContain('<!channel>');
      expect(json).not.toContain('<http://evil.example');
    }
  });
});

function findButtonValue(args: Record<string, unknown>): string | undefined {
  for (const block of (args.blocks ?? []) as Array<{
    type: string;
    elements?: Array<{ action_id?: string; value?: string }>;
  }>) {
    const button = block.elements?.find((e) => e.action_id === 'report_check_again');
    if (button) return button.value;
  }
  return undefined;
}
