import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../deps';

/** App Home opened: the worker publishes it (admins see pending approvals). */
export function handleAppHomeOpened(
  deps: ListenerDeps,
): Middleware<SlackEventMiddlewareArgs<'app_home_opened'>> {
  return async ({ event }) => {
    if (event.tab !== 'home') return;
    await deps.queue.enqueue({ kind: 'publish-home', requestId: deps.newRequestId(), userId: event.user });
  };
}
