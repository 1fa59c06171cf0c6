import { DIAGNOSIS_ACTIONS } from '../../src/aws/iam-actions';
import { type BotHarness, startHarness } from './harness';

/** Text of every block of a recorded message or ack, for assertions on what the person reads. */
function textOf(args: Record<string, unknown>): string {
  return JSON.stringify(args.blocks ?? []) + String(args.text ?? '');
}

describe('/cant-login help and doctor over real HTTP (signed requests, fake Slack, sandbox AWS)', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startHarness({ NOTIFY_CHANNEL_ID: 'C0NOTIFY' });
  });

  afterAll(async () => {
    await h.close();
  });

  beforeEach(async () => {
    await h.bot.queue.drain();
    h.slack.reset();
  });

  it.each(['help', '?', '-h', '--help', ' HELP '])(
    'answers `%s` privately in the ack with the usage, and runs no diagnosis',
    async (text) => {
      const res = await h.command('U0PRIYA', text);
      expect(res.status).toBe(200);
      const ack = (await res.json()) as Record<string, unknown>;
      expect(ack.response_type).toBe('ephemeral');
      const shown = textOf(ack);
      expect(shown).toContain('How to use `/cant-login`');
      expect(shown).toContain('/cant-login prod-us');
      expect(shown).not.toContain('For approvers');
      await h.bot.queue.drain();
      // No DM, no progress, no AWS: nothing but the approver lookup.
      expect(h.slack.calls().map((c) => c.method)).toEqual([]);
    },
  );

  it('shows approvers the admin forms, including doctor and saml', async () => {
    const res = await h.command('U0IRENE', 'help');
    const shown = textOf((await res.json()) as Record<string, unknown>);
    expect(shown).toContain('For approvers');
    for (const form of ['/cant-login @someone', '/cant-login doctor', '/cant-login saml'])
      expect(shown).toContain(form);
  });

  it('costs no rate-limit token: after five helps the person still gets a diagnosis', async () => {
    for (let i = 0; i < 5; i++) await h.command('U0DANA', 'help');
    const res = await h.command('U0DANA', '');
    const ack = (await res.json()) as Record<string, unknown>;
    expect(textOf(ack)).toContain('On it');
    await h.slack.waitFor('chat.update', (c) => textOf(c.args).includes('report_check_again'));
  });

  it('refuses `doctor` to a non-approver before anything else is said or checked', async () => {
    const res = await h.command('U0PRIYA', 'doctor');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const refusal = await h.slack.waitFor('response_url');
    expect(textOf(refusal.args)).toContain('Only Identity Center approvers can run');
    await h.bot.queue.drain();
    expect(h.slack.calls().map((c) => c.method)).toEqual(['response_url']);
  });

  it('runs the doctor for an approver and answers privately with each check and its fix', async () => {
    const res = await h.command('U0IRENE', 'doctor');
    expect(await res.text()).toBe('');
    const answer = await h.slack.waitFor('response_url');
    const shown = textOf(answer.args);
    expect(shown).toContain('Is the Slack bot token valid, with every scope the bot needs?');
    expect(shown).toContain('The bot is a member of #c0admins (ADMIN_CHANNEL_ID).');
    expect(shown).toContain(`All ${DIAGNOSIS_ACTIONS.length} read actions are allowed.`);
    expect(shown).toContain('aws iam simulate-principal-policy');
    expect(answer.args.response_type).toBe('ephemeral');
    expect(h.slack.calls('auth.test')).toHaveLength(1);
    expect(
      h.slack
        .calls('conversations.info')
        .map((c) => c.args.channel)
        .sort(),
    ).toEqual(['C0ADMINS', 'C0NOTIFY']);
    // Private to the approver: nothing posted in any channel.
    expect(h.slack.calls('chat.postMessage')).toHaveLength(0);
  });
});
