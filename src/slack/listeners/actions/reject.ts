import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decisionRefusal } from '../../../workflow/workflow';
import { buildRejectModalView } from '../../views/approval';
import { refusalText } from '../../views/decision';
import type { ListenerDeps } from '../deps';

/** Reject on a card opens the reason dialog, but only for someone who may decide (an approver who is
 * neither the subject nor the requester); anyone else is told why, privately. The decision is queued
 * when the dialog is submitted. */
export function handleReject(
  deps: ListenerDeps,
): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, action, client, respond }) => {
    await ack();
    const ticketId = action.value;
    if (!ticketId) return;
    const ticket = await deps.store.get(ticketId);
    if (!ticket) return;
    const refusal = await decisionRefusal(ticket, body.user.id, deps.approvers);
    if (refusal) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: refusalText(refusal),
      }).catch((error: unknown) => deps.logger.warn({ err: error }, 'could not tell the clicker'));
      return;
    }
    // Opening a modal must use the trigger within 3 s.
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildRejectModalView({ ticketId, subjectName: ticket.subjectName }),
    });
  };
}
