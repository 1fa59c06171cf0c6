import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { checkIdFrom } from '../card';
import type { ListenerDeps } from '../deps';

/** "It works now": the ticket is resolved (the worker checks it is the clicker's). */
export function handleItWorksNow(
  deps: ListenerDeps,
): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, action }) => {
    await ack();
    const checkId = checkIdFrom(action.value, body.message);
    if (checkId)
      await deps.queue.enqueue({
        kind: 'it-works',
        requestId: deps.newRequestId(),
        clickerId: body.user.id,
        checkId,
      });
  };
}
