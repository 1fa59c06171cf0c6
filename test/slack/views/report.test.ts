import type { types } from '@slack/bolt';
import { isSymptomId } from '../../../src/diagnosis/causes';
import { employeeHeadline, explainForAdmin, explainForEmployee, summaryOf } from '../../../src/explain';
import { ACTIONS, BLOCKS } from '../../../src/slack/ids';
import { escapeMrkdwn, LIMITS } from '../../../src/slack/safety';
import { buildReportView } from '../../../src/slack/views/report';
import {
  ACCOUNT_ID,
  allText,
  attributesIncomplete,
  check,
  expectNoInjection,
  expectWithinLimits,
  findBlock,
  hugeReport,
  INJECTION,
  INSTANCE_ARN,
  mfaFailures,
  notProvisioned,
  PS_ARN,
  report,
  reportedNoAccounts,
  signinWorks,
  subject,
  USER_ID,
} from './fixtures';

const REPORT_ID = 'rep_01J9Z8Y7X6';

function textOf(block: types.KnownBlock | undefined): string {
  if (!block) return '';
  if (block.type === 'section') return block.text?.text ?? '';
  if (block.type === 'context') return block.elements.map((e) => ('text' in e ? e.text : '')).join('\n');
  return '';
}

function buttonsOf(blocks: readonly types.KnownBlock[]): types.Button[] {
  const actions = findBlock(blocks, 'actions', BLOCKS.reportActions);
  return (actions?.elements ?? []).filter((e): e is types.Button => e.type === 'button');
}

/** API operation names, ARNs, account ids and Identity Store ids: what an employee must never read. */
const API_WORDS =
  /\b(?:Provision|Create|Delete|Describe|List|Get|Update|Put|Lookup|Attach|Detach)[A-Z][A-Za-z]+\b|\b(?:sso|identitystore|cloudtrail|organizations|iam):[A-Za-z]+|arn:aws|\b\d{12}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-|\bd-[0-9a-f]{10}\b/;

describe('buildReportView for the employee', () => {
  const rep = report();
  const ctx = { subject: rep.subject, request: rep.request };
  const view = buildReportView({
    report: rep,
    audience: 'employee',
    reportId: REPORT_ID,
    offerSymptomMenu: false,
  });

  it('leads with the primary cause in employee words, headline in bold', () => {
    const primary = explainForEmployee(notProvisioned(), ctx);
    const first = textOf(view.blocks[0]);
    expect(first.startsWith(`*${escapeMrkdwn(primary.headline)}*\n`)).toBe(true);
    expect(first).toContain(escapeMrkdwn(primary.body));
    expect(view.text).toBe(escapeMrkdwn(primary.headline));
  });

  it('names the account and the permission set', () => {
    const words = allText(view);
    expect(words).toContain('staging');
    expect(words).toContain('DataReader');
  });

  it('lists what the person can do now and what happens next', () => {
    const primary = explainForEmployee(notProvisioned(), ctx);
    const words = allText(view);
    expect(words).toContain('*What you can do now*');
    for (const step of primary.nextSteps) expect(words).toContain(`• ${escapeMrkdwn(step)}`);
    expect(words).toContain(`*What happens next*\n${escapeMrkdwn(primary.whatHappensNext)}`);
  });

  it('folds the other blocking and warning findings below, skipping info and reported symptoms', () => {
    const others = view.blocks.map(textOf).find((t) => t.startsWith('*Other things I noticed*'));
    expect(others).toBeDefined();
    expect(others).toContain(escapeMrkdwn(employeeHeadline(mfaFailures(), ctx)));
    expect(others).toContain(escapeMrkdwn(employeeHeadline(attributesIncomplete(), ctx)));
    expect(others).not.toContain(escapeMrkdwn(employeeHeadline(signinWorks(), ctx)));
    expect(others).not.toContain(escapeMrkdwn(employeeHeadline(reportedNoAccounts(), ctx)));
    expect(others).not.toContain(escapeMrkdwn(employeeHeadline(notProvisioned(), ctx)));
    const otherIndex = view.blocks.findIndex((b) => textOf(b).startsWith('*Other things I noticed*'));
    const nextIndex = view.blocks.findIndex((b) => textOf(b).startsWith('*What happens next*'));
    expect(otherIndex).toBeGreaterThan(nextIndex);
  });

  it('says how many things were checked, how long it took, and how many could not be checked', () => {
    expect(allText(view)).toContain('Checked 5 things in 2.3 s · 1 could not be checked');
  });

  it('offers Check again, It works now and Get a human, each carrying only the report id', () => {
    const buttons = buttonsOf(view.blocks);
    expect(buttons.map((b) => b.action_id)).toEqual([
      ACTIONS.checkAgain,
      ACTIONS.itWorksNow,
      ACTIONS.getHuman,
    ]);
    expect(buttons.map((b) => b.text.text)).toEqual(['Check again', 'It works now', 'Get a human']);
    for (const b of buttons) expect(b.value).toBe(REPORT_ID);
    expect(buttons[1]?.style).toBe('primary');
    expect(view.blocks.at(-1)?.type).toBe('actions');
  });

  it('shows no symptom menu unless asked', () => {
    expect(findBlock(view.blocks, 'section', BLOCKS.symptomMenu)).toBeUndefined();
    expect(JSON.stringify(view)).not.toContain(ACTIONS.pickSymptom);
  });

  it('never shows API names, ARNs or ids to the employee', () => {
    expect(allText(view)).not.toMatch(API_WORDS);
    const noProblem = buildReportView({
      report: report({ primaryCause: null, findings: [attributesIncomplete()] }),
      audience: 'employee',
      reportId: REPORT_ID,
      offerSymptomMenu: true,
    });
    expect(allText(noProblem)).not.toMatch(API_WORDS);
  });

  it('is deterministic', () => {
    const again = buildReportView({
      report: rep,
      audience: 'employee',
      reportId: REPORT_ID,
      offerSymptomMenu: false,
    });
    expect(again).toEqual(view);
  });
});

describe('the symptom menu', () => {
  const view = buildReportView({
    report: report(),
    audience: 'employee',
    reportId: REPORT_ID,
    offerSymptomMenu: true,
  });
  const menu = findBlock(view.blocks, 'section', BLOCKS.symptomMenu);
  const select = menu?.accessory?.type === 'static_select' ? menu.accessory : undefined;

  it('asks "What do you see?" with a static select', () => {
    expect(menu?.text?.text).toContain('What do you see?');
    expect(select?.action_id).toBe(ACTIONS.pickSymptom);
  });

  it('lists common symptoms in plain words, valued by symptom id', () => {
    const options = select?.options ?? [];
    expect(options.length).toBeGreaterThan(0);
    expect(options.length).toBeLessThanOrEqual(100);
    for (const o of options) {
      expect(isSymptomId(o.value ?? '')).toBe(true);
      expect(o.text.type).toBe('plain_text');
      expect(o.text.text.length).toBeLessThanOrEqual(LIMITS.optionText);
    }
    const byValue = new Map(options.map((o) => [o.value, o.text.text]));
    expect(byValue.get('symptom-no-accounts')).toBe('“No accounts available”');
    expect(byValue.get('symptom-request-not-completed')).toBe('“Your request could not be completed”');
    expect(byValue.get('symptom-mfa-not-verified')).toBe('“Your MFA device could not be verified”');
    expect(byValue.get('symptom-unexpected-error')).toBe('“An unexpected error has occurred”');
    expect(byValue.get('symptom-not-you-its-us')).toBe("“It's not you, it's us”");
    expect(byValue.get('symptom-redirect-loop')).toBe('The browser keeps redirecting');
    expect(byValue.get('symptom-access-denied-in-account')).toBe('Access denied inside the account');
    expect(byValue.get('symptom-no-emails')).toBe('Emails from AWS never arrive');
    expect(new Set(options.map((o) => o.value)).size).toBe(options.length);
  });

  it('keeps the buttons last', () => {
    expect(view.blocks.at(-1)?.type).toBe('actions');
    expect(buttonsOf(view.blocks)).toHaveLength(3);
  });
});

describe('a report with nothing wrong', () => {
  const complete = [check('user-disabled', 'pass'), check('signin-works', 'pass')];
  const view = buildReportView({
    report: report({ primaryCause: null, findings: [signinWorks()], checks: complete }),
    audience: 'employee',
    reportId: REPORT_ID,
    offerSymptomMenu: false,
  });

  it('says so kindly and says what to try', () => {
    expect(textOf(view.blocks[0])).toMatch(/^\*I couldn't find anything wrong/);
    const words = allText(view);
    expect(words).toMatch(/sign in again/i);
    expect(words).toMatch(/another browser/);
    expect(words).toContain('awsapps.com/start');
    expect(view.text).toMatch(/couldn't find anything wrong/);
    expect(words).not.toContain('Other things I noticed');
  });

  it('keeps the same buttons', () => {
    const buttons = buttonsOf(view.blocks);
    expect(buttons.map((b) => b.action_id)).toEqual([
      ACTIONS.checkAgain,
      ACTIONS.itWorksNow,
      ACTIONS.getHuman,
    ]);
    for (const b of buttons) expect(b.value).toBe(REPORT_ID);
  });

  it('still mentions warnings it noticed', () => {
    const withWarning = buildReportView({
      report: report({ primaryCause: null, findings: [attributesIncomplete()] }),
      audience: 'employee',
      reportId: REPORT_ID,
      offerSymptomMenu: false,
    });
    const rep = report();
    expect(allText(withWarning)).toContain(
      escapeMrkdwn(employeeHeadline(attributesIncomplete(), { subject: rep.subject, request: rep.request })),
    );
  });
});

describe('buildReportView for an admin', () => {
  const rep = report();
  const ctx = { subject: rep.subject, request: rep.request };
  const view = buildReportView({
    report: rep,
    audience: 'admin',
    reportId: REPORT_ID,
    offerSymptomMenu: false,
    forSomeoneElse: { name: 'Alice Example' },
  });
  const words = allText(view);

  it('puts "Diagnosis of <name>" on top', () => {
    expect(textOf(view.blocks[0])).toBe('*Diagnosis of Alice Example*');
  });

  it('explains the primary cause in admin words, with ids and ARNs in code', () => {
    const admin = explainForAdmin(notProvisioned(), ctx);
    expect(words).toContain(`*${escapeMrkdwn(admin.headline)}*`);
    expect(words).toContain(`\`${PS_ARN}\``);
    expect(words).toContain(ACCOUNT_ID);
    expect(words).toContain(USER_ID);
    expect(words).toContain(`*Remedy:*`);
    if (admin.consolePath) expect(words).toContain(escapeMrkdwn(admin.consolePath));
    if (admin.apiAction) expect(words).toContain(`\`${admin.apiAction}\``);
  });

  it('shows the proposed fix with its parameters', () => {
    expect(words).toContain('*Proposed fix:* `provision-permission-set`');
    expect(words).toContain(`instanceArn: \`${INSTANCE_ARN}\``);
    expect(words).toContain(`accountId: \`${ACCOUNT_ID}\``);
    expect(words).toContain(`permissionSetArn: \`${PS_ARN}\``);
  });

  it('lists the other findings by their summaries', () => {
    for (const f of [mfaFailures(), attributesIncomplete(), signinWorks(), reportedNoAccounts()]) {
      expect(words).toContain(`\`${f.cause}\``);
      // ids in the summary are set in code, so compare without the backticks
      expect(words.replace(/`/g, '')).toContain(escapeMrkdwn(summaryOf(f, ctx)));
    }
  });

  it('marks every check compactly', () => {
    const marks = view.blocks.find(
      (b) => b.type === 'context' && textOf(b).includes('Is user-disabled fine?'),
    );
    const text = textOf(marks);
    expect(text).toContain('✓ Is user-disabled fine?');
    expect(text).toContain('✗ Is permission-set-not-provisioned fine?');
    expect(text).toContain('! Is user-attributes-incomplete fine?');
    expect(text).toContain('– Is principal-recreated fine? — no memory of earlier principals');
    expect(text).toContain(
      '? Is scim-sync-errors fine? — AWS denied the call (needs `cloudtrail:LookupEvents`)',
    );
  });

  it('offers Check again only, carrying the report id', () => {
    const buttons = buttonsOf(view.blocks);
    expect(buttons.map((b) => b.action_id)).toEqual([ACTIONS.checkAgain]);
    expect(buttons[0]?.value).toBe(REPORT_ID);
  });

  it('says when nothing is wrong, only when every check was complete', () => {
    const fine = buildReportView({
      report: report({ primaryCause: null, findings: [], checks: [check('user-disabled', 'pass')] }),
      audience: 'admin',
      reportId: REPORT_ID,
      offerSymptomMenu: false,
    });
    expect(allText(fine)).toContain('No problem found');
    const partial = buildReportView({
      report: report({ primaryCause: null, findings: [] }),
      audience: 'admin',
      reportId: REPORT_ID,
      offerSymptomMenu: false,
    });
    const words = allText(partial);
    expect(words).not.toContain('No problem found');
    expect(words).toContain('this is not an all-clear');
    expect(words).toContain('Could not check');
    expect(words).toContain('`scim-sync-errors` AWS denied the call');
  });
});

describe('a report with nothing found but gaps', () => {
  const gaps = [
    check('user-disabled', 'pass'),
    check('password-failures', 'incomplete', {
      reason: 'CloudTrail events: read 500 of the organisation',
      notCovered: true,
    }),
    check('no-assignments', 'error', {
      reason: 'AWS denied sso:ListAccountAssignmentsForPrincipal',
      missingAction: 'sso:ListAccountAssignmentsForPrincipal',
      notCovered: true,
    }),
  ];
  const view = (adminsTold: boolean) =>
    buildReportView({
      report: report({ primaryCause: null, findings: [], checks: gaps }),
      audience: 'employee',
      reportId: REPORT_ID,
      offerSymptomMenu: false,
      adminsTold,
    });

  it('says what it could not check instead of "nothing wrong", and never blames the browser', () => {
    const words = allText(view(true));
    expect(textOf(view(true).blocks[0])).toBe(
      '*I found nothing wrong in what I could check, but I could not check everything.*\n' +
        'I could not check: your recent sign-in attempts; which AWS accounts you have access to. ' +
        'So this is not an all-clear: the problem may be in what I could not see. The administrators have been told what stopped me.',
    );
    expect(words).not.toMatch(/browser/i);
    expect(words).not.toMatch(/couldn't find anything wrong/);
    expect(words).not.toMatch(/ListAccountAssignments|LookupEvents|CloudTrail/);
    expect(words).toContain('2 could not be checked');
  });

  it('does not claim the admins were told when nobody was', () => {
    const words = allText(view(false));
    expect(words).not.toContain('administrators have been told');
    expect(words).toContain('Get a human');
  });
});

describe('escaping outside text', () => {
  const hostile = report(
    {
      subject: subject({ displayName: INJECTION, userName: INJECTION }),
      findings: [
        notProvisioned({
          context: {
            accountId: ACCOUNT_ID,
            accountName: INJECTION,
            permissionSetArn: PS_ARN,
            permissionSetName: INJECTION,
          },
          evidence: { errorMessage: INJECTION },
        }),
        attributesIncomplete({ context: { groupName: INJECTION }, evidence: { errorMessage: INJECTION } }),
        mfaFailures({ evidence: { count: 3, errorMessage: INJECTION } }),
      ],
      checks: [
        {
          id: 'scim-sync-errors',
          title: 'Did SCIM sync?',
          status: 'error',
          durationMs: 5,
          findings: [],
          reason: INJECTION,
        },
      ],
    },
    { symptom: INJECTION, account: INJECTION, user: INJECTION },
  );

  it.each(['employee', 'admin'] as const)('leaves no live mention or link in the %s report', (audience) => {
    const view = buildReportView({
      report: hostile,
      audience,
      reportId: REPORT_ID,
      offerSymptomMenu: true,
      forSomeoneElse: { name: INJECTION },
    });
    expectNoInjection(view);
    expect(allText(view)).toContain('&lt;!channel&gt;');
    expect(allText(view)).toContain('&lt;http://evil.example|click here&gt;');
  });

  it('shows what the person typed, escaped', () => {
    const view = buildReportView({
      report: hostile,
      audience: 'employee',
      reportId: REPORT_ID,
      offerSymptomMenu: false,
    });
    expect(allText(view)).toContain(
      `You said “${escapeMrkdwn(INJECTION)}” about the account “${escapeMrkdwn(INJECTION)}”`,
    );
  });

  it('shows the evidence error message to admins, escaped', () => {
    const view = buildReportView({
      report: hostile,
      audience: 'admin',
      reportId: REPORT_ID,
      offerSymptomMenu: false,
    });
    expect(allText(view)).toContain(`errorMessage: \`${escapeMrkdwn(INJECTION)}\``);
  });

  it('shows a picked symptom by its label', () => {
    const picked = report({}, { symptom: 'symptom-no-accounts' });
    const view = buildReportView({
      report: picked,
      audience: 'employee',
      reportId: REPORT_ID,
      offerSymptomMenu: false,
    });
    expect(allText(view)).toContain('You picked “No accounts available”');
  });
});

describe('limits', () => {
  const huge = hugeReport();

  it.each([
    ['employee', false],
    ['employee', true],
    ['admin', true],
  ] as const)('holds for 80 findings and 10,000-character texts (%s, menu %s)', (audience, menu) => {
    const view = buildReportView({
      report: huge,
      audience,
      reportId: REPORT_ID,
      offerSymptomMenu: menu,
      forSomeoneElse: { name: 'x'.repeat(10_000) },
    });
    expectWithinLimits(view, LIMITS.blocksPerMessage);
    expectNoInjection(view);
    expect(view.blocks.at(-1)?.type).toBe('actions');
    for (const b of buttonsOf(view.blocks)) expect(b.value).toBe(REPORT_ID);
  });
});
