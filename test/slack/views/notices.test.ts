import { escapeMrkdwn } from '../../../src/slack/safety';
import {
  buildAckView,
  buildErrorView,
  buildHumanRequestedView,
  buildNoEmailView,
  buildNoMatchView,
  buildRateLimitedView,
  buildRefusalView,
  buildThanksView,
} from '../../../src/slack/views/notices';
import type { MessageView } from '../../../src/slack/views/types';
import { allText, expectNoInjection, expectWithinLimits, INJECTION } from './fixtures';

describe('notices', () => {
  it('acknowledges at once', () => {
    expect(buildAckView({}).text).toBe("On it — I'll send you the answer in a direct message.");
    expect(buildAckView().blocks).toHaveLength(1);
  });

  it('names the person being checked for someone else, escaped', () => {
    const view = buildAckView({ forSomeoneElse: INJECTION });
    expect(allText(view)).toContain(`checking ${escapeMrkdwn(INJECTION)}'s access`);
    expectNoInjection(view);
  });

  it.each([
    [30, '30 seconds'],
    [1, 'a second'],
    [60, 'a minute'],
    [90, '2 minutes'],
    [0, 'a moment'],
    [Number.NaN, 'a moment'],
  ])('asks kindly to wait %s s', (seconds, phrase) => {
    const view = buildRateLimitedView({ retryAfterSeconds: seconds });
    expect(view.text).toBe(`Please try again in ${phrase}.`);
    expect(allText(view)).not.toMatch(/too many|spam|abuse|stop/i);
  });

  it('refuses to check someone else for a non-approver', () => {
    const view = buildRefusalView({ reason: 'not-an-approver' });
    expect(allText(view)).toContain("Only Identity Center approvers can check someone else's access");
    expect(allText(view)).toContain('`/cant-login`');
  });

  it('explains what to do without a Slack email', () => {
    const words = allText(buildNoEmailView());
    expect(words).toMatch(/email address on your Slack profile/);
    expect(words).toMatch(/try `\/cant-login` again/);
  });

  it('lists what it tried when nobody matched, escaped', () => {
    const view = buildNoMatchView({ tried: ['alice@example.com', INJECTION, ''] });
    const words = allText(view);
    expect(words).toContain("I couldn't find you in AWS IAM Identity Center.");
    expect(words).toContain(`I tried: \`alice@example.com\`, \`${escapeMrkdwn(INJECTION)}\`.`);
    expect(words).toMatch(/Ask IT to/);
    expectNoInjection(view);
  });

  it('does not say "I tried" when nothing was tried', () => {
    expect(allText(buildNoMatchView({ tried: [] }))).not.toContain('I tried');
  });

  it('gives the reference when something broke', () => {
    expect(allText(buildErrorView({ reference: 'req-42' }))).toContain('`req-42`');
    expect(buildErrorView({ reference: 'req-42' }).text).toContain('req-42');
    expectNoInjection(buildErrorView({ reference: INJECTION }));
  });

  it('confirms the admins were asked, and thanks', () => {
    expect(allText(buildHumanRequestedView())).toMatch(/asked the AWS admins/);
    expect(allText(buildThanksView())).toMatch(/Glad it works now/);
  });

  it.each<[string, () => MessageView]>([
    ['ack', () => buildAckView({ forSomeoneElse: 'x'.repeat(10_000) })],
    ['rate limited', () => buildRateLimitedView({ retryAfterSeconds: 1e12 })],
    ['refusal', () => buildRefusalView({ reason: 'not-an-approver' })],
    ['no email', () => buildNoEmailView()],
    [
      'no match',
      () => buildNoMatchView({ tried: Array.from({ length: 50 }, () => '<!channel>'.repeat(1000)) }),
    ],
    ['error', () => buildErrorView({ reference: 'r'.repeat(10_000) })],
    ['human requested', () => buildHumanRequestedView()],
    ['thanks', () => buildThanksView()],
  ])('%s stays within limits with a fallback text', (_name, build) => {
    const view = build();
    expectWithinLimits(view, 50);
    expectNoInjection(view);
    expect(view.text.trim()).not.toBe('');
  });
});
