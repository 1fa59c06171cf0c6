import { ACTIONS } from '../../../src/slack/ids';
import { escapeMrkdwn, LIMITS } from '../../../src/slack/safety';
import { buildHomeView } from '../../../src/slack/views/home';
import type { RecentCheck } from '../../../src/slack/views/types';
import { allText, expectNoInjection, expectWithinLimits, INJECTION } from './fixtures';

function recent(overrides: Partial<RecentCheck> = {}): RecentCheck {
  return {
    id: 'rep_1',
    slackUserId: 'U0ALICE',
    subject: 'alice@example.com',
    primaryCause: 'permission-set-not-provisioned',
    headline: 'Your DataReader access to staging has not been set up in that account yet.',
    status: 'open',
    at: '2026-03-02T10:00:00Z',
    ...overrides,
  };
}

/** The home view without the Slack date tokens the view adds itself. */
function withoutDates(json: string): string {
  return json.replace(/<!date\^\d+\^\{date_short_pretty\} \{time\}\|[^>]*>/g, '');
}

describe('buildHomeView', () => {
  it('explains how to use /cant-login when there are no checks yet', () => {
    const view = buildHomeView({ isAdmin: false, recentChecks: [], openItems: [] });
    expect(view.type).toBe('home');
    const words = allText(view);
    expect(words).toContain('Your recent checks');
    expect(words).toMatch(/haven't run any checks yet/);
    expect(words).toContain('`/cant-login`');
    expect(words).not.toContain('Open requests');
    expect(JSON.stringify(view)).toContain(ACTIONS.homeRefresh);
  });

  it('lists recent checks with date, status and headline', () => {
    const view = buildHomeView({
      isAdmin: false,
      recentChecks: [recent(), recent({ id: 'rep_2', status: 'resolved', headline: 'All looks fine' })],
      openItems: [recent({ subject: 'bob@example.com' })],
    });
    const words = allText(view);
    const unix = Date.parse('2026-03-02T10:00:00Z') / 1000;
    expect(words).toContain(`<!date^${unix}^{date_short_pretty} {time}|2026-03-02 10:00 UTC> · Open\n`);
    expect(words).toContain('Your DataReader access to staging has not been set up in that account yet.');
    expect(words).toContain('Resolved ✓\nAll looks fine');
    expect(words).not.toContain('bob@example.com');
  });

  it('shows admins the open requests too', () => {
    const view = buildHomeView({
      isAdmin: true,
      recentChecks: [],
      openItems: [recent({ subject: 'bob@example.com', status: 'escalated' })],
    });
    const words = allText(view);
    expect(words).toContain('Open requests');
    expect(words).toContain('*bob@example.com* · ');
    expect(words).toContain('With the admins');
  });

  it('tells admins when nothing is open', () => {
    expect(allText(buildHomeView({ isAdmin: true, recentChecks: [], openItems: [] }))).toContain(
      'No open requests',
    );
  });

  it('escapes headlines and subjects, and prints a bad date as text', () => {
    const view = buildHomeView({
      isAdmin: true,
      recentChecks: [recent({ headline: INJECTION, at: INJECTION })],
      openItems: [recent({ subject: INJECTION, headline: INJECTION })],
    });
    expect(allText(view)).toContain(escapeMrkdwn(INJECTION));
    expectNoInjection(JSON.parse(withoutDates(JSON.stringify(view))));
  });

  it('stays within 100 blocks and the text limits with hundreds of long items', () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      recent({ id: `rep_${i}`, subject: 'x'.repeat(10_000), headline: '<!channel>'.repeat(1000) }),
    );
    const view = buildHomeView({ isAdmin: true, recentChecks: many, openItems: many });
    expectWithinLimits(view, LIMITS.blocksPerView);
    expect(allText(view)).toContain('Open requests');
    expect(allText(view)).toMatch(/…and \d+ more/);
  });
});
