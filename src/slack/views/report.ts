import type { types } from '@slack/bolt';
import { isSymptomId } from '../../diagnosis/causes';
import { reportCoverage } from '../../diagnosis/runner';
import type { DiagnosisReport, Finding } from '../../diagnosis/types';
import { employeeHeadline, explainForAdmin, explainForEmployee } from '../../explain';
import { adminNothingFound, explainNothingFound } from '../../explain/coverage';
import type { ExplainContext } from '../../explain/types';
import { ACTIONS, BLOCKS } from '../ids';
import { LIMITS } from '../safety';
import {
  bullets,
  button,
  capped,
  code,
  context,
  divider,
  esc,
  fallback,
  plainText,
  section,
  withTail,
} from './blocks';
import {
  adminFindingBlocks,
  adminOtherFindingsText,
  askedLine,
  checkMarksBlock,
  contextOf,
  primaryFinding,
  SYMPTOM_MENU,
  statsLine,
  subjectLine,
} from './report-parts';
import type { MessageView, ReportAudience } from './types';

export interface ReportViewInput {
  report: DiagnosisReport;
  audience: ReportAudience;
  /** The only thing the buttons carry; listeners load everything else from the store. */
  reportId: string;
  /** Ask what the person sees, when they did not say and the diagnosis could use the hint. */
  offerSymptomMenu: boolean;
  /** Set when the person diagnosed is not the one reading. */
  forSomeoneElse?: { name: string };
  /** Whether an admin channel hears about what the bot could not read (the employee is told so). */
  adminsTold?: boolean;
  /** Set when an approver's lookup was attached to the open ticket of the person, who asked first. */
  attachedTo?: { name: string; askedAt: string };
  /** Set when no admin channel is configured: a fix cannot be sent for approval, so the report must not
   * say that an administrator was asked. */
  nobodyToAsk?: boolean;
}

/** What happens next when a fix needs approval but there is nobody the bot can ask. */
export const NOBODY_NOTIFIED =
  "I haven't been able to tell anyone: no admin channel is set up for me to send fixes for approval. " +
  'Pass this message to your IT help desk or your AWS administrators: my report tells them exactly what to fix.';

/** The answer to one diagnosis: the primary cause first, in the reader's words, then the rest. */
export function buildReportView(input: ReportViewInput): MessageView {
  switch (input.audience) {
    case 'employee':
      return employeeReport(input);
    case 'admin':
      return adminReport(input);
  }
}

function employeeReport(input: ReportViewInput): MessageView {
  const { report } = input;
  const ctx = contextOf(report);
  const primary = primaryFinding(report);
  const body: types.KnownBlock[] = [];
  if (input.forSomeoneElse) body.push(section(`*Diagnosis of ${esc(input.forSomeoneElse.name, 200)}*`));

  let text: string;
  if (primary) {
    const explanation = explainForEmployee(primary, ctx);
    text = explanation.headline;
    body.push(section(`*${esc(explanation.headline, 500)}*\n${esc(explanation.body, 2000)}`));
    if (explanation.nextSteps.length > 0) {
      const steps = capped(
        explanation.nextSteps.map((s) => esc(s, 400)),
        8,
      );
      body.push(section(`*What you can do now*\n${bullets(steps)}`));
    }
    // The explanation says an administrator was asked whenever the finding has a fix; without an admin
    // channel nobody was, so say that and how to get help instead.
    const next = primary.fix && input.nobodyToAsk ? NOBODY_NOTIFIED : explanation.whatHappensNext;
    if (next.trim()) {
      body.push(section(`*What happens next*\n${esc(next, 1500)}`));
    }
  } else {
    const nothing = explainNothingFound(reportCoverage(report), { adminsTold: input.adminsTold ?? false });
    text = nothing.headline;
    body.push(section(`*${esc(nothing.headline, 500)}*\n${esc(nothing.body, 2000)}`));
    // Browser tips only on a complete read: with gaps, the cause may be in what was not read.
    if (nothing.complete)
      body.push(section(`*What you can try*\n${bullets(thingsToTry(input.offerSymptomMenu))}`));
    else body.push(section(`*What you can do now*\n${bullets([gapNextStep(input.offerSymptomMenu)])}`));
  }

  const others = employeeOtherLines(report, primary, ctx);
  if (others.length > 0) {
    body.push(divider(), section(`*Other things I noticed*\n${bullets(capped(others, 5))}`));
  }
  body.push(context(footerLines(report)));
  if (input.offerSymptomMenu) body.push(symptomMenuBlock());

  return {
    text: fallback(esc(text, 500)),
    blocks: withTail(body, [actionsBlock(input.reportId, 'employee')]),
  };
}

function adminReport(input: ReportViewInput): MessageView {
  const { report } = input;
  const ctx = contextOf(report);
  const primary = primaryFinding(report);
  const body: types.KnownBlock[] = [];
  if (input.forSomeoneElse) body.push(section(`*Diagnosis of ${esc(input.forSomeoneElse.name, 200)}*`));
  if (input.attachedTo) body.push(context([attachedLine(input.attachedTo)]));
  body.push(context([subjectLine(report)]));

  let text: string;
  if (primary) {
    text = explainForAdmin(primary, ctx).headline;
    body.push(...adminFindingBlocks(primary, ctx));
  } else {
    const coverage = reportCoverage(report);
    text = adminNothingFound(coverage);
    body.push(section(`*${esc(text, 500)}*`));
    if (!coverage.complete) {
      const gaps = coverage.gaps.map((g) => `${code(g.check, 100)} ${esc(g.reason, 300)}`);
      body.push(section(`*Could not check*\n${bullets(capped(gaps, 10))}`));
    }
  }
  const othersText = adminOtherFindingsText(
    report.findings.filter((f) => f !== primary),
    ctx,
  );
  if (othersText) body.push(divider(), section(othersText));
  const marks = checkMarksBlock(report.checks);
  if (marks) body.push(marks);
  body.push(context(adminFooterLines(report, input.reportId)));
  if (input.offerSymptomMenu) body.push(symptomMenuBlock());

  const who = input.forSomeoneElse ? `${input.forSomeoneElse.name}: ` : '';
  return {
    text: fallback(esc(`${who}${text}`, 500)),
    blocks: withTail(body, [actionsBlock(input.reportId, 'admin')]),
  };
}

/** Short employee lines for everything else worth knowing: blocking and warning findings that are not
 * the primary cause, not what the person reported themselves, and not a repeat of a line already shown. */
function employeeOtherLines(report: DiagnosisReport, primary: Finding | null, ctx: ExplainContext): string[] {
  const seen = new Set<string>();
  if (primary) seen.add(employeeHeadline(primary, ctx));
  const lines: string[] = [];
  for (const f of report.findings) {
    if (f === primary || f.severity === 'info' || isSymptomId(f.cause)) continue;
    const headline = employeeHeadline(f, ctx);
    if (seen.has(headline)) continue;
    seen.add(headline);
    lines.push(esc(headline, 300));
  }
  return lines;
}

/** An approver's lookup on a person who already asked: one ticket, one card, one resolution. */
function attachedLine(attached: { name: string; askedAt: string }): string {
  const at = Date.parse(attached.askedAt);
  const when = Number.isNaN(at)
    ? ''
    : ` (<!date^${Math.floor(at / 1000)}^{date_short_pretty} {time}|${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC>)`;
  return `${esc(attached.name, 200)} already asked${when}: this check is attached to their open request, so any fix goes through its one approval card and they are the one told when it is fixed.`;
}

function gapNextStep(menuShown: boolean): string {
  return menuShown
    ? 'Press “Check again” in a few minutes, tell me below what you see, or press “Get a human”.'
    : 'Press “Check again” in a few minutes, or press “Get a human”.';
}

function thingsToTry(menuShown: boolean): string[] {
  return [
    'Sign out of the AWS access portal, close the tab, and sign in again.',
    'Try a private window or another browser: an old session or blocked cookies can get in the way.',
    'Open the portal from its own address (it ends in awsapps.com/start), not from an old bookmark to a console page.',
    menuShown
      ? 'Still stuck? Tell me below what you see, or press “Get a human”.'
      : 'Still stuck? Press “Get a human” and an admin will take a look.',
  ];
}

function footerLines(report: DiagnosisReport): string[] {
  const asked = askedLine(report.request);
  return asked ? [asked, statsLine(report)] : [statsLine(report)];
}

function adminFooterLines(report: DiagnosisReport, reportId: string): string[] {
  const lines = [footerLines(report).join(' · ')];
  lines.push(
    `${report.stats.awsCalls} AWS calls, ${report.stats.throttledCalls} throttled · sign-in evidence from the last ${report.windowHours} h · report ${esc(reportId, 100)}`,
  );
  return lines;
}

function symptomMenuBlock(): types.SectionBlock {
  return {
    type: 'section',
    block_id: BLOCKS.symptomMenu,
    text: {
      type: 'mrkdwn',
      text: '*What do you see?* Picking the message on your screen helps me look in the right place.',
    },
    accessory: {
      type: 'static_select',
      action_id: ACTIONS.pickSymptom,
      placeholder: plainText('What do you see?', LIMITS.headerText),
      options: SYMPTOM_MENU.slice(0, 100).map((s) => ({
        text: plainText(s.label, LIMITS.optionText),
        value: s.id,
      })),
    },
  };
}

function actionsBlock(reportId: string, audience: ReportAudience): types.ActionsBlock {
  const elements: types.Button[] = [button('Check again', ACTIONS.checkAgain, reportId)];
  if (audience === 'employee') {
    elements.push(
      button('It works now', ACTIONS.itWorksNow, reportId, 'primary'),
      button('Get a human', ACTIONS.getHuman, reportId),
    );
  }
  return { type: 'actions', block_id: BLOCKS.reportActions, elements };
}
