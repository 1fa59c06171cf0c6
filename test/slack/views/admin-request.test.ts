import { explainForAdmin, summaryOf } from '../../../src/explain';
import { escapeMrkdwn, LIMITS } from '../../../src/slack/safety';
import { buildHumanRequestView, mentionOf } from '../../../src/slack/views/admin-request';
import {
  ACCOUNT_ID,
  allText,
  attributesIncomplete,
  expectNoInjection,
  expectWithinLimits,
  hugeReport,
  INJECTION,
  mfaFailures,
  notProvisioned,
  PS_ARN,
  report,
  subject,
} from './fixtures';

const REPORT_ID = 'rep_01J9Z8Y7X6';

describe('buildHumanRequestView', () => {
  const rep = report();
  const ctx = { subject: rep.subject, request: rep.request };
  const view = buildHumanRequestView({
    requesterId: 'U0ALICE',
    subjectName: 'Alice Example',
    report: rep,
    reportId: REPORT_ID,
  });
  const words = allText(view);

  it('says who asked, with a real mention', () => {
    expect(words).toContain('*<@U0ALICE> asked for help getting into AWS*');
    expect(view.text.startsWith('<@U0ALICE> asked for help getting into AWS: ')).toBe(true);
    expect(words).toContain('For Alice Example');
  });

  it('carries the admin summary of the primary cause', () => {
    const admin = explainForAdmin(notProvisioned(), ctx);
    expect(words).toContain(`*${escapeMrkdwn(admin.headline)}*`);
    expect(words).toContain(`\`${PS_ARN}\``);
    expect(words).toContain(ACCOUNT_ID);
    expect(words).toContain('*Proposed fix:* `provision-permission-set`');
    expect(view.text).toContain(escapeMrkdwn(admin.headline));
  });

  it('lists the other findings', () => {
    expect(words).toContain(
      `\`mfa-code-failures\` ${escapeMrkdwn(summaryOf(mfaFailures(), ctx)).slice(0, 30)}`,
    );
    expect(words).toContain('`user-attributes-incomplete`');
  });

  it('names the report', () => {
    expect(words).toContain(`report ${REPORT_ID}`);
  });

  it.each(['<!channel>', 'U123> <!here', 'u0lower', '', 'B0BOT'])(
    'prints a requester id that is not a user id (%j) as text',
    (id) => {
      expect(mentionOf(id)).toBe(escapeMrkdwn(id));
      const bad = buildHumanRequestView({
        requesterId: id,
        subjectName: 'Alice',
        report: rep,
        reportId: REPORT_ID,
      });
      expectNoInjection(bad);
    },
  );

  it('accepts W ids (Enterprise Grid users)', () => {
    expect(mentionOf('W012ABC')).toBe('<@W012ABC>');
  });

  it('escapes the subject name, the typed text and AWS text', () => {
    const hostile = report(
      {
        subject: subject({ displayName: INJECTION }),
        findings: [
          notProvisioned({
            context: { accountId: ACCOUNT_ID, accountName: INJECTION },
            evidence: { errorMessage: INJECTION },
          }),
          attributesIncomplete({ context: { groupName: INJECTION } }),
        ],
      },
      { symptom: INJECTION, account: INJECTION },
    );
    const v = buildHumanRequestView({
      requesterId: 'U0ALICE',
      subjectName: INJECTION,
      report: hostile,
      reportId: REPORT_ID,
    });
    expectNoInjection(v, ['<@U0ALICE>']);
    expect(allText(v)).toContain(`For ${escapeMrkdwn(INJECTION)}`);
  });

  it('says when nothing was found', () => {
    const fine = buildHumanRequestView({
      requesterId: 'U0ALICE',
      subjectName: 'Alice',
      report: report({ primaryCause: null, findings: [] }),
      reportId: REPORT_ID,
    });
    expect(allText(fine)).toContain('The diagnosis found nothing wrong.');
  });

  it('stays within limits for 80 findings and 10,000-character texts', () => {
    const v = buildHumanRequestView({
      requesterId: 'U0ALICE',
      subjectName: '<!channel>'.repeat(1000),
      report: hugeReport(),
      reportId: REPORT_ID,
    });
    expectWithinLimits(v, LIMITS.blocksPerMessage);
    expectNoInjection(v, ['<@U0ALICE>']);
  });
});
