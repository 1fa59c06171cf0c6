import type { BlockAction, ExternalSelectAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ticketIdFromCard } from '../card';
import type { ListenerDeps } from '../deps';

/** A permission set or an account picked on a grant card: the workflow checks who picked and what. */
export function handlePickChoice(
  deps: ListenerDeps,
  what: 'permission-set' | 'account',
): Middleware<SlackActionMiddlewareArgs<BlockAction<ExternalSelectAction>>> {
  return async ({ ack, body, action }) => {
    await ack();
    const ticketId = ticketIdFromCard(body.message);
    const selected = action.selected_option;
    if (!ticketId || !selected?.value) return;
    await deps.queue.enqueue({
      kind: 'pick',
      requestId: deps.newRequestId(),
      clickerId: body.user.id,
      ticketId,
      what,
      value: selected.value,
      label: selected.text?.text ?? selected.value,
      ...(body.response_url ? { responseUrl: body.response_url } : {}),
    });
  };
}
