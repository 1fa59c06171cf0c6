import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Snapshot } from '../../src/sandbox/snapshot/schema';
import { type BotHarness, SAMPLE_ORG, startHarness } from './harness';

/*
 * What a person reads in Slack when the bot could not see everything, over real Bolt and the fake
 * Slack: never "nothing wrong" on a partial read, and the admins' channel told once per setup failure.
 */

function textOf(args: Record<string, unknown>): string {
  return JSON.stringify(args.blocks ?? []) + String(args.text ?? '');
}

/** The sample with `count` newer sign-ins of colleagues, which push Ben's failures past the page cap. */
function floodedSample(count: number): string {
  const snapshot = JSON.parse(readFileSync(SAMPLE_ORG, 'utf8')) as Snapshot;
  const now = Date.parse(snapshot.now!);
  const events = Array.from({ length: count }, (_, i) => {
    const at = new Date(now - (i + 1) * 5_000).toISOString();
    return {
      EventId: `f100d000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      EventName: 'UserAuthentication',
      EventSource: 'signin.amazonaws.com',
      EventTime: at,
      Username: '',
      CloudTrailEvent: {
        eventTime: at,
        eventName: 'UserAuthentication',
        userIdentity: { type: 'IdentityCenterUser', onBehalfOf: { userId: `someone-else-${i}` } },
        additionalEventData: { UserName: `colleague${i}@northwind.example`, CredentialType: 'PASSWORD' },
        serviceEventDetails: { UserAuthentication: 'Success' },
      },
    };
  });
  snapshot.cloudTrail = { events: [...(snapshot.cloudTrail?.events ?? []), ...events] };
  const path = join(mkdtempSync(join(tmpdir(), 'cant-login-slack-flood-')), 'flooded.json');
  writeFileSync(path, JSON.stringify(snapshot));
  return path;
}

describe('Slack: a partial read is never "nothing wrong"', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startHarness({ AWS_QUOTA_SHARE: '1' }, floodedSample(600));
  });

  afterAll(async () => {
    await h.close();
  });

  beforeEach(async () => {
    await h.bot.queue.drain();
    h.slack.reset();
  });

  it('tells Ben what it could not check, blames no browser, and tells the admins once', async () => {
    await h.command('U0BEN', '');
    const report = await h.slack.waitFor('chat.update', (c) => textOf(c.args).includes('report_check_again'));
    const words = textOf(report.args);
    // The symptom menu lists what people see (one option mentions a browser); the answer itself must not.
    const answerText = JSON.stringify(
      ((report.args.blocks ?? []) as Array<{ type: string; accessory?: unknown }>).filter(
        (b) => b.type === 'section' && !b.accessory,
      ),
    );
    expect(answerText).not.toMatch(/browser/i);
    expect(words).toContain('I found nothing wrong in what I could check, but I could not check everything.');
    expect(words).toContain('I could not check: your recent sign-in attempts.');
    expect(words).toContain('The administrators have been told what stopped me.');
    expect(words).toMatch(/could not be checked/);
    await h.bot.queue.drain();
    const notes = h.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'C0ADMINS');
    expect(notes).toHaveLength(1);
    expect(textOf(notes[0]!.args)).toContain('cloudtrail:LookupEvents');
    expect(textOf(notes[0]!.args)).toContain('sign-in index');

    const ticket = await h.bot.services.store.get(String(buttonValue(report.args)));
    expect(ticket?.headline).toBe(
      'I found nothing wrong in what I could check, but I could not check everything.',
    );
    expect(ticket?.report?.coverage.complete).toBe(false);

    // A second person hits the same gap: their answer says so, the admins are not told again.
    h.slack.reset();
    await h.command('U0PRIYA', '');
    await h.slack.waitFor('chat.update', (c) => textOf(c.args).includes('report_check_again'));
    await h.bot.queue.drain();
    expect(h.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'C0ADMINS')).toHaveLength(0);
  });

  it('says it cannot check at all when AWS is unreachable, and tells the admins why', async () => {
    await h.bot.services.sandbox?.close();
    await h.command('U0SOFIA', 'prod-us');
    const answer = await h.slack.waitFor('chat.update', (c) =>
      textOf(c.args).includes("can't check your AWS access"),
    );

    expect(textOf(answer.args)).toContain('The administrators have been told.');
    expect(textOf(answer.args)).not.toMatch(/nothing wrong|look fine/i);
    await h.bot.queue.drain();
    const notes = h.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'C0ADMINS');
    expect(notes).toHaveLength(1);
    expect(textOf(notes[0]!.args)).toContain('cannot reach Identity Center');
    // The instance is cached from the first test: the person's user record is the first live read.
    expect(textOf(notes[0]!.args)).toContain('`identitystore:GetUserId`: ECONNREFUSED');
    expect(textOf(notes[0]!.args)).toContain('get no answer');
  });
});

function buttonValue(args: Record<string, unknown>): string | undefined {
  for (const block of (args.blocks ?? []) as Array<{
    elements?: Array<{ action_id?: string; value?: string }>;
  }>) {
    const button = block.elements?.find((e) => e.action_id === 'report_check_again');
    if (button) return button.value;
  }
  return undefined;
}
