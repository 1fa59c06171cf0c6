import type { types } from '@slack/bolt';
import type { DiagnosisReport } from '../../diagnosis/types';
import { summaryOf } from '../../explain';
import type { DryRun } from '../../fixes/dry-run';
import type { Ticket } from '../../tickets/types';
import type { CardStatus, PersonUpdate, ResolvedNote } from '../../workflow/types';
import { ACTIONS, BLOCKS, VIEWS } from '../ids';
import { LIMITS, limitBlocks } from '../safety';
import { mentionOf } from './admin-request';
import { bullets, button, code, context, divider, esc, fallback, header, plainText, section } from './blocks';
import type { MessageView } from './types';

/** Where an approval stands, as the card shows it (decided by the workflow). */
export type ApprovalCardStatus = CardStatus;

export interface ApprovalCardInput {
  ticket: Ticket;
  report: DiagnosisReport;
  dryRun: DryRun;
  status: ApprovalCardStatus;
  /** How the card's pickers load their options: `external` (type-ahead, needs the options load URL on
   * HTTP / Lambda) or `static` (the first 100 choices, for when options cannot load). */
  selects?: SelectMenus;
}

function statusLine(status: ApprovalCardStatus): string {
  switch (status.kind) {
    case 'pending':
      return status.waitingForSecondApprover
        ? `:hourglass_flowing_sand: Approved once by ${mentionOf(status.waitingForSecondApprover)}; this permission set needs a second, different approver.`
        : ':hourglass_flowing_sand: Waiting for an approver.';
    case 'refused':
      return `:no_entry: Nobody can approve this here: ${esc(status.reason)}`;
    case 'approved':
      return `:white_check_mark: Approved by ${mentionOf(status.by)}; starting the change.`;
    case 'fixing':
      return `:gear: Approved by ${mentionOf(status.by)}. ${esc(status.step)}`;
    case 'resolved':
      return `:tada: Fixed and verified (approved by ${mentionOf(status.by)}).`;
    case 'failed':
      return `:x: The fix did not work: ${esc(status.reason)}`;
    case 'rejected':
      return `:no_entry_sign: Rejected by ${mentionOf(status.by)}${status.reason ? `: “${esc(status.reason, 500)}”` : '.'}`;
    case 'expired':
      return ':alarm_clock: Nobody approved this in time; the request expired.';
    case 'superseded':
      return `:information_source: ${esc(status.reason)}`;
  }
}

/** The card in the admin channel: who asked, what is wrong, the exact change as a dry run, the risks,
 * and Approve / Reject (each button carries only the ticket id). */
export function buildApprovalCardView({
  ticket,
  report,
  dryRun,
  status,
  selects = 'external',
}: ApprovalCardInput): MessageView {
  const primary = report.findings.find((f) => f.cause === ticket.approval?.cause) ?? report.findings[0];
  const ctx = { subject: report.subject, request: report.request };
  const asker =
    ticket.requesterId === ticket.subjectSlackId
      ? `${mentionOf(ticket.subjectSlackId)} asked for help getting into AWS`
      : `${mentionOf(ticket.requesterId)} asked about ${mentionOf(ticket.subjectSlackId)}'s access`;
  const blocks: types.KnownBlock[] = [
    header('Approval needed: a fix for AWS access'),
    section(`${asker} (${esc(ticket.identifier, 200)}).`),
  ];
  if (primary) blocks.push(section(`*What is wrong:* ${esc(summaryOf(primary, ctx))}`));
  blocks.push(
    section(
      `*The change, exactly:* ${esc(dryRun.action)}\n${bullets(dryRun.lines.map((l) => `${esc(l.label)}: ${code(l.value)}`))}`,
    ),
  );
  if (dryRun.risks.length > 0)
    blocks.push(section(`*Risk:*\n${bullets(dryRun.risks.map((r) => `:warning: ${esc(r)}`))}`));
  const rails = [
    ...(ticket.approval?.needsSecondApprover ? ['This permission set needs two different approvers.'] : []),
    ...(ticket.approval?.guardrails ?? []),
  ];
  if (rails.length > 0) blocks.push(context([`Guardrails: ${rails.map((r) => esc(r, 300)).join(' ')}`]));
  const pending = status.kind === 'pending';
  if (pending && (dryRun.needs.permissionSet || dryRun.needs.account)) {
    blocks.push(...pickerBlocks(ticket, dryRun, selects));
  }
  blocks.push(divider(), section(statusLine(status)));
  if (pending) {
    blocks.push({
      type: 'actions',
      block_id: BLOCKS.approvalActions,
      elements: [
        button('Approve', ACTIONS.approve, ticket.id, 'primary'),
        button('Reject', ACTIONS.reject, ticket.id, 'danger'),
      ],
    });
    if (ticket.approval) {
      blocks.push(
        context([
          `Expires ${esc(ticket.approval.expiresAt.replace('T', ' ').slice(0, 16))} UTC · ticket ${esc(ticket.id, 80)}`,
        ]),
      );
    }
  } else {
    blocks.push(context([`ticket ${esc(ticket.id, 80)}`]));
  }
  return {
    text: fallback(`Approval needed for ${esc(ticket.identifier, 200)}: ${primary?.cause ?? 'a fix'}`),
    blocks: limitBlocks(blocks),
  };
}

/** The modal that asks for an optional reason when rejecting. */
export function buildRejectModalView({
  ticketId,
  subjectName,
}: {
  ticketId: string;
  subjectName: string;
}): types.ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.rejectReason,
    private_metadata: ticketId,
    title: plainText('Reject the fix', 24),
    submit: plainText('Reject', 24),
    close: plainText('Cancel', 24),
    blocks: [
      section(`The change for ${esc(subjectName, 200)} will not be made, and they will be told.`),
      {
        type: 'input',
        block_id: BLOCKS.rejectReason,
        optional: true,
        label: plainText('Reason (shown to them)', 2000),
        element: { type: 'plain_text_input', action_id: 'reason', multiline: true, max_length: 500 },
      },
    ],
  };
}

/** Options for a type-ahead select: at most 100 that match what the admin typed. */
export function buildPickOptions(
  choices: ReadonlyArray<{ value: string; label: string }>,
  typed: string,
): { options: Array<{ text: types.PlainTextElement; value: string }> } {
  const q = typed.trim().toLowerCase();
  const matches = choices.filter(
    (c) => !q || c.label.toLowerCase().includes(q) || c.value.toLowerCase().includes(q),
  );
  return {
    options: matches
      .slice(0, 100)
      .map((c) => ({ text: plainText(c.label, LIMITS.optionText), value: c.value })),
  };
}

/** What the person reads in their thread as the fix moves along. */
export function buildFixUpdateView(stage: PersonUpdate): MessageView {
  const text = (() => {
    switch (stage.kind) {
      case 'awaiting':
        return 'I have asked an administrator to approve a fix. I will tell you here as soon as they decide.';
      case 'approved':
        return 'An administrator approved the fix. I am making the change now.';
      case 'applying':
        return 'AWS is applying the change; this usually takes a minute or two.';
      case 'verifying':
        return 'The change is in. I am checking that it worked.';
      case 'resolved':
        return ':tada: Fixed! Your access should work now: open the AWS access portal again (sign out and in if it was already open).';
      case 'failed':
        return `The fix did not work: ${esc(stage.reasonForEmployee)} An administrator has been told and will look into it.`;
      case 'still-broken':
        return `The change worked, but something else still stands in your way: ${esc(stage.headline)}`;
      case 'rejected':
        return `An administrator decided not to make this change${stage.reason ? `: “${esc(stage.reason, 500)}”` : '.'} Press “Get a human” on the report if you need to talk it through.`;
      case 'expired':
        return 'Nobody approved the fix in time, so the request expired. Ask me again with /cant-login if you still cannot get in.';
    }
  })();
  return { text: fallback(text.replace(/:[a-z_]+: /g, '')), blocks: [section(text)] };
}

/** The one note the notify channel gets when a ticket is resolved. */
export function buildResolvedNoteView(input: ResolvedNote): MessageView {
  const how =
    input.resolution === 'fix-verified'
      ? `fixed with ${code(input.fix ?? 'a fix')}${input.approverId ? `, approved by ${mentionOf(input.approverId)}` : ''}`
      : 'they said it works now';
  const access = input.access ? ` (${esc(input.access, 200)})` : '';
  const text = `:white_check_mark: ${mentionOf(input.subjectId)} can get into AWS again${access}. Cause: ${code(input.cause ?? 'none found')}; ${how}. Time to resolve: ${input.minutes < 1 ? 'under a minute' : `${Math.round(input.minutes)} min`}.`;
  return { text: fallback(`Resolved: ${input.cause ?? 'AWS access'}`), blocks: [section(text)] };
}

// --- the card's pickers ----------------------------------------------------------------------------

/** How the card's pickers get their options. */
export type SelectMenus = 'external' | 'static';

/** Slack's limit on a static select's options. */
const STATIC_OPTIONS = 100;

/** The pickers the fix still needs. External selects search every choice as the admin types; where
 * options cannot load (an HTTP app without the options load URL), static selects carry the first 100
 * choices stored with the ticket, and a hint says what to do when the one wanted is not among them. */
function pickerBlocks(ticket: Ticket, dryRun: DryRun, selects: SelectMenus): types.KnownBlock[] {
  const wanted = [
    ...(dryRun.needs.permissionSet
      ? [
          {
            actionId: ACTIONS.pickPermissionSet,
            placeholder: 'Pick a permission set',
            noun: 'permission sets',
            choices: ticket.approval?.choices?.permissionSets ?? [],
          },
        ]
      : []),
    ...(dryRun.needs.account
      ? [
          {
            actionId: ACTIONS.pickAccount,
            placeholder: 'Pick an account',
            noun: 'accounts',
            choices: ticket.approval?.choices?.accounts ?? [],
          },
        ]
      : []),
  ];
  if (selects === 'external') {
    const elements: types.ExternalSelect[] = wanted.map((w) => ({
      type: 'external_select',
      action_id: w.actionId,
      placeholder: plainText(w.placeholder, LIMITS.optionText),
      min_query_length: 0,
    }));
    return [{ type: 'actions', block_id: BLOCKS.approvalPicks, elements }];
  }
  const elements: types.StaticSelect[] = wanted
    .filter((w) => w.choices.length > 0)
    .map((w) => ({
      type: 'static_select',
      action_id: w.actionId,
      placeholder: plainText(w.placeholder, LIMITS.optionText),
      options: buildPickOptions(w.choices, '').options.slice(0, STATIC_OPTIONS),
    }));
  const hints = wanted.flatMap((w) =>
    w.choices.length === 0
      ? [`No ${w.noun} could be listed here; ask for the fix again once the bot can read them.`]
      : w.choices.length > STATIC_OPTIONS
        ? [
            `Only the first ${STATIC_OPTIONS} of ${w.choices.length} ${w.noun} are listed (type in the menu to filter them). ` +
              `Not there? Set the options load URL (README, "HTTP and Lambda") so the menu searches all of them${w.noun === 'accounts' ? `, or ask about the account by name: \`/cant-login @${esc(ticket.subjectName, 80)} <account>\`` : ''}.`,
          ]
        : [],
  );
  return [
    ...(elements.length > 0 ? [{ type: 'actions' as const, block_id: BLOCKS.approvalPicks, elements }] : []),
    ...(hints.length > 0 ? [context(hints)] : []),
  ];
}
