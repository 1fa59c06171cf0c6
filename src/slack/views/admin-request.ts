import type { types } from '@slack/bolt';
import type { DiagnosisReport } from '../../diagnosis/types';
import { explainForAdmin } from '../../explain';
import { LIMITS, limitBlocks } from '../safety';
import { context, divider, esc, fallback, section } from './blocks';
import {
  adminFindingBlocks,
  adminOtherFindingsText,
  askedLine,
  contextOf,
  primaryFinding,
  statsLine,
  subjectLine,
} from './report-parts';
import type { MessageView } from './types';

export interface HumanRequestViewInput {
  /** The Slack user id of the person who pressed "Get a human". */
  requesterId: string;
  /** The diagnosed person's name, as Slack or Identity Center knows it. */
  subjectName: string;
  report: DiagnosisReport;
  reportId: string;
}

const SLACK_USER_ID = /^[UW][A-Z0-9]+$/;

/** A mention only for something that is certainly a Slack user id; anything else is printed as text. */
export function mentionOf(userId: string): string {
  return SLACK_USER_ID.test(userId) ? `<@${userId}>` : esc(userId, 100);
}

/** The post in the admin channel when someone asks for a human: who, and what the bot already knows. */
export function buildHumanRequestView(input: HumanRequestViewInput): MessageView {
  const { report } = input;
  const ctx = contextOf(report);
  const primary = primaryFinding(report);
  const who = mentionOf(input.requesterId);
  const title = `${who} asked for help getting into AWS`;

  const body: types.KnownBlock[] = [
    section(`*${title}*\nFor ${esc(input.subjectName, 200)}`),
    context([subjectLine(report)]),
  ];
  const asked = askedLine(report.request);
  if (asked) body.push(context([asked]));

  let summary: string;
  if (primary) {
    summary = explainForAdmin(primary, ctx).headline;
    body.push(...adminFindingBlocks(primary, ctx));
  } else {
    summary = 'The diagnosis found nothing wrong.';
    body.push(
      section(
        "*The diagnosis found nothing wrong.* Sign-in and access look healthy from the bot's side; " +
          'the trouble may be in the browser, the link used, or something the bot cannot see.',
      ),
    );
  }
  const others = adminOtherFindingsText(
    report.findings.filter((f) => f !== primary),
    ctx,
  );
  if (others) body.push(divider(), section(others));
  body.push(context([`${statsLine(report)} · report ${esc(input.reportId, 100)}`]));

  return {
    text: fallback(`${title}: ${esc(summary, 500)}`),
    blocks: limitBlocks(body, LIMITS.blocksPerMessage),
  };
}
