import { type BotHarness, signedHeaders, startHarness } from './harness';

const textOf = (args: Record<string, unknown>) => JSON.stringify(args.blocks ?? []) + String(args.text ?? '');

/** Signed requests that tried to break or misuse a running bot (issue 12 point 8, issue 13 point 7). */
describe('guards on a running bot (signed requests, fake Slack, sandbox AWS)', () => {
  let h: BotHarness;

  beforeEach(async () => {
    h = await startHarness({ DIAGNOSES_PER_MINUTE: '3' });
  });

  afterEach(async () => {
    await h.close();
  });

  async function cardFor(user: string, text: string) {
    await h.command(user, text);
    await h.slack.waitFor('chat.postMessage', (c) => c.args.channel === 'C0ADMINS');
    await h.bot.queue.drain();
    const ticket = (await h.bot.services.store.forSubject(user, 1))[0]!;
    const card = h.slack.calls('chat.postMessage').find((c) => c.args.channel === 'C0ADMINS')!;
    return { ticket, card };
  }

  it('answers a correctly signed payload=null with 400, and keeps serving', async () => {
    for (const body of ['payload=null', 'payload=3', 'payload=%5B%5D']) {
      const res = await fetch(h.url, { method: 'POST', headers: signedHeaders(body), body });
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    const res = await h.command('U0SOFIA', 'prod-us');
    expect(res.status).toBe(200);
  });

  it('opens Reject only for an approver who may decide; the subject is told privately and no dialog opens', async () => {
    const { ticket } = await cardFor('U0SOFIA', 'prod-us');
    h.slack.reset();
    for (const user of ['U0SOFIA', 'U0PRIYA']) {
      await h.action(user, {
        actions: [{ action_id: 'approval_reject', type: 'button', value: ticket.id }],
        trigger_id: `trigger-${user}`,
        response_url: h.slack.responseUrl(`reject-${user}`),
      });
    }
    await h.bot.queue.drain();
    // The refusal is sent after the ack, from the listener: wait for both.
    await h.slack.waitFor(
      'response_url',
      (c) => String(c.args.text).length > 0 && h.slack.calls('response_url').length >= 2,
    );
    expect(h.slack.calls('views.open')).toEqual([]);
    expect(h.slack.calls('response_url').map((c) => String(c.args.text))).toEqual([
      // Sofia (whose access it is) and Priya are not approvers; an approver who is the subject is refused
      // the same way by decisionRefusal (test/workflow: own-access).
      'Only configured approvers can approve or reject fixes. Nothing was changed.',
      'Only configured approvers can approve or reject fixes. Nothing was changed.',
    ]);
    await h.action('U0IRENE', {
      actions: [{ action_id: 'approval_reject', type: 'button', value: ticket.id }],
      trigger_id: 'trigger-irene',
    });
    await h.slack.waitFor('views.open');
  });

  it('lists the card choices only to someone who may decide', async () => {
    const { card } = await cardFor('U0LENA', '');
    const ask = async (user: string) => {
      const body = new URLSearchParams({
        payload: JSON.stringify({
          type: 'block_suggestion',
          action_id: 'approval_pick_permission_set',
          block_id: 'approval_picks',
          value: '',
          user: { id: user },
          team: { id: 'T0SANDBOX' },
          container: { type: 'message' },
          message: { blocks: card.args.blocks },
        }),
      }).toString();
      const res = await fetch(h.url, { method: 'POST', headers: signedHeaders(body), body });
      return ((await res.json()) as { options: unknown[] }).options.length;
    };
    expect(await ask('U0LENA')).toBe(0);
    expect(await ask('U0PRIYA')).toBe(0);
    expect(await ask('U0IRENE')).toBeGreaterThan(5);
  });

  it('shares the person’s rate limit across every costly button: 10 Check again clicks run at most the limit', async () => {
    await h.command('U0BEN');
    await h.slack.waitFor('chat.update', (c) => textOf(c.args).includes('report_check_again'));
    await h.bot.queue.drain();
    const ticket = (await h.bot.services.store.forSubject('U0BEN', 1))[0]!;
    const before = h.bot.services.sandbox!.calls({ operation: 'ListInstances' }).length;
    h.slack.reset();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        h.action('U0BEN', {
          actions: [{ action_id: 'report_check_again', type: 'button', value: ticket.id }],
          response_url: h.slack.responseUrl(`again-${i}`),
        }),
      ),
    );
    await h.bot.queue.drain();
    const diagnoses = h.bot.services.sandbox!.calls({ operation: 'ListInstances' }).length - before;
    // One token went to the command; two remain in the minute.
    expect(diagnoses).toBeLessThanOrEqual(2);
    const slowed = h.slack.calls('response_url').filter((c) => /try again in/i.test(String(c.args.text)));
    expect(slowed).toHaveLength(8);
  });
});
