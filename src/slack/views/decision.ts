import type { Ticket } from '../../tickets/types';
import type { DecisionOutcome, DecisionRefusal } from '../../workflow/types';
import { mentionOf } from './admin-request';

/** What the clicker is told when they may not decide. */
export function refusalText(refusal: DecisionRefusal): string {
  switch (refusal) {
    case 'not-an-approver':
      return 'Only configured approvers can approve or reject fixes. Nothing was changed.';
    case 'own-access':
      return 'You cannot approve a change to your own access; another approver has to. Nothing was changed.';
    case 'own-request':
      return 'You asked for this diagnosis, so another approver has to decide on the fix. Nothing was changed.';
    case 'same-approver-twice':
      return 'You already approved this once; this permission set needs a second, different approver.';
  }
}

/** Why a decision came too late, naming who was first. */
export function lateText(ticket: Ticket): string {
  const by = ticket.approval?.decidedBy ? ` by ${mentionOf(ticket.approval.decidedBy)}` : '';
  const at = ticket.approval?.decidedAt ? ` at ${ticket.approval.decidedAt.slice(11, 16)} UTC` : '';
  switch (ticket.state) {
    case 'approved':
    case 'fixing':
      return `Already approved${by}${at}; the fix is running.`;
    case 'resolved':
      return `Already resolved${by ? ` (approved${by}${at})` : ''}.`;
    case 'rejected':
      return `Already rejected${by}${at}.`;
    case 'expired':
      return 'This request expired before anyone approved it.';
    case 'fix-failed':
      return `Already approved${by}${at}; the fix failed and is being looked into.`;
    default:
      return 'This request is no longer waiting for approval.';
  }
}

/** The private answer to a decision, or undefined when the card itself shows what happened. */
export function decisionText(outcome: DecisionOutcome): string | undefined {
  switch (outcome.kind) {
    case 'done':
      return undefined;
    case 'not-found':
      return 'I cannot find that request any more.';
    case 'refused':
      return refusalText(outcome.refusal);
    case 'late':
      return lateText(outcome.ticket);
    case 'expired':
      return 'This request expired before anyone approved it; nothing was changed. The person can ask again.';
    case 'needs-picks':
      return `Pick ${[outcome.permissionSet ? 'a permission set' : '', outcome.account ? 'an account' : ''].filter(Boolean).join(' and ')} on the card first, then approve.`;
    case 'not-offered':
      return 'That choice is not one I offered; pick again from the list.';
    case 'guardrail':
      return `${outcome.reason} Nothing was changed.`;
    case 'blocked':
      return outcome.reason;
    case 'waiting-for-second-approver':
      return 'Noted. This permission set needs a second approver: another approver has to approve it too.';
  }
}
