import { type BotHarness, startHarness } from './harness';

const textOf = (args: Record<string, unknown>) => JSON.stringify(args.blocks ?? []) + String(args.text ?? '');

describe('the ack never waits on AWS, and progress shows while checks run', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startHarness({ AWS_QUOTA_SHARE: '1' });
  });

  afterAll(async () => {
    await h.close();
  });

  it('answers the slash command before AWS has answered anything, even when every AWS call takes a second', async () => {
    const sandbox = h.bot.services.sandbox!;
    sandbox.setFaults({ latencyMs: 1000 });
    sandbox.resetCalls();
    try {
      const res = await h.command('U0PRIYA', 'staging');
      expect(res.status).toBe(200);
      const ack = (await res.json()) as { text: string };
      // Ordering, not timing: when the ack is in hand, the emulator has not finished a single call.
      expect(sandbox.calls()).toHaveLength(0);
      expect(ack.text).toMatch(/direct message/);
      await h.slack.waitFor('chat.update', (c) => textOf(c.args).includes('report_check_again'), 60_000);
      expect(sandbox.calls().length).toBeGreaterThan(0);
    } finally {
      sandbox.setFaults({});
    }
  }, 90_000);

  it('updates the progress message as checks finish, then replaces it with the report', async () => {
    const sandbox = h.bot.services.sandbox!;
    sandbox.setFaults({ latencyMs: 400 });
    h.slack.reset();
    try {
      await h.command('U0SOFIA', 'prod-us');
      const report = await h.slack.waitFor(
        'chat.update',
        (c) => textOf(c.args).includes('report_check_again'),
        60_000,
      );
      const progress = h.slack.calls('chat.postMessage')[0]!;
      const updates = h.slack
        .calls('chat.update')
        .filter((c) => c.args.ts === report.args.ts && c.seq < report.seq)
        .map((c) => String(c.args.text));
      expect(String(progress.args.text)).toMatch(/Getting started|Checked 0 of/);
      expect(updates.length).toBeGreaterThan(0);
      for (const text of updates) expect(text).toMatch(/Checked \d+ of 26/);
      const counts = updates.map((t) => Number(/Checked (\d+)/.exec(t)?.[1]));
      expect([...counts].sort((a, b) => a - b)).toEqual(counts);
    } finally {
      sandbox.setFaults({});
    }
  }, 90_000);
});
