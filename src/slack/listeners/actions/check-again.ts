import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { checkIdFrom } from '../card';
import type { ListenerDeps } from '../deps';

/** "Check again" on a report: the same ticket is diagnosed afresh. */
export function handleCheckAgain(
  deps: ListenerDeps,
): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, action }) => {
    await ack();
    const checkId = checkIdFrom(action.value, body.message);
    if (!checkId) return;
    await deps.queue.enqueue({
      kind: 'diagnose',
      requestId: deps.newRequestId(),
      requesterId: body.user.id,
      targetId: body.user.id,
      text: '',
      checkId,
    });
  };
}
