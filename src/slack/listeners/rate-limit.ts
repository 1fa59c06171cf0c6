import type {
  BlockAction,
  Middleware,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';
import { BLOCKS } from '../ids';
import { buildRateLimitedView } from '../views/notices';
import type { ListenerDeps } from './deps';

/** Listener middleware: a click that costs AWS calls or posts to a channel takes one of the person's
 * tokens (the same budget as the slash command); over it, they get the same clear answer and nothing is
 * queued. */
export function limitActionsPerPerson(
  deps: ListenerDeps,
): Middleware<SlackActionMiddlewareArgs<BlockAction>> {
  return async ({ body, ack, respond, next }) => {
    const limit = deps.rateLimit.take(body.user.id);
    if (limit.allowed) return next();
    await ack();
    deps.logger.info({ user: body.user.id }, 'rate limited');
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      ...buildRateLimitedView({ retryAfterSeconds: limit.retryAfterSeconds }),
    }).catch((error: unknown) => deps.logger.warn({ err: error }, 'could not tell the person to slow down'));
  };
}

/** The same for a modal submission: the modal stays open and says when to try again. */
export function limitViewsPerPerson(deps: ListenerDeps): Middleware<SlackViewMiddlewareArgs> {
  return async ({ body, ack, next }) => {
    const limit = deps.rateLimit.take(body.user.id);
    if (limit.allowed) return next();
    deps.logger.info({ user: body.user.id }, 'rate limited');
    await ack({
      response_action: 'errors',
      errors: { [BLOCKS.rejectReason]: `Too many requests; try again in ${limit.retryAfterSeconds} s.` },
    });
  };
}
