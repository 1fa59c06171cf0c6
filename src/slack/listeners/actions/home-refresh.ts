import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../deps';

/** Refresh on App Home. */
export function handleHomeRefresh(
  deps: ListenerDeps,
): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body }) => {
    await ack();
    await deps.queue.enqueue({ kind: 'publish-home', requestId: deps.newRequestId(), userId: body.user.id });
  };
}
