import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../deps';

/** Approve on a card: the button carries only the ticket id; the workflow re-checks everything. */
export function handleApprove(
  deps: ListenerDeps,
): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, action }) => {
    await ack();
    const ticketId = action.value;
    if (!ticketId) return;
    await deps.queue.enqueue({
      kind: 'approve',
      requestId: deps.newRequestId(),
      clickerId: body.user.id,
      ticketId,
      ...(body.response_url ? { responseUrl: body.response_url } : {}),
    });
  };
}
