import type { Middleware, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildAckView, buildErrorView, buildRateLimitedView, buildRefusalView } from '../../views/notices';
import type { ListenerDeps } from '../deps';

/** A sub-command of `/cant-login` (help, doctor, saml…): tried in order before the diagnosis. */
export interface CommandRoute {
  /** Whether this route handles the text typed after the command. */
  matches(text: string): boolean;
  /** Whether it costs AWS calls or posts (and so takes a rate-limit token). */
  costly: boolean;
  handle: Middleware<SlackCommandMiddlewareArgs>;
}

/** `/cant-login [account | error text | @someone]`: refuses first (rate limit, someone else's access for a
 * non-approver), then acknowledges, then queues the diagnosis. No AWS call before the ack. */
export function handleCantLoginCommand(
  deps: ListenerDeps,
  routes: readonly CommandRoute[] = [],
): Middleware<SlackCommandMiddlewareArgs> {
  return async (args) => {
    const { command, ack, client } = args;
    const text = command.text ?? '';
    const route = routes.find((r) => r.matches(text));
    const requestId = deps.newRequestId();
    const log = deps.logger.child({ requestId, user: command.user_id });
    if (!route || route.costly) {
      const limit = deps.rateLimit.take(command.user_id);
      if (!limit.allowed) {
        log.info('rate limited');
        await ack({
          response_type: 'ephemeral',
          ...buildRateLimitedView({ retryAfterSeconds: limit.retryAfterSeconds }),
        });
        return;
      }
    }
    if (route) return route.handle(args);
    const mention = /^\s*<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/.exec(text);
    const forSomeoneElse = mention && mention[1] !== command.user_id ? (mention[2] ?? 'them') : undefined;
    // The refusal comes before any "On it": only approvers may look into someone else.
    if (forSomeoneElse && !(await deps.approvers.isApprover(command.user_id))) {
      log.info({ targetId: mention?.[1] }, 'refused: only approvers may diagnose someone else');
      await ack({ response_type: 'ephemeral', ...buildRefusalView({ reason: 'not-an-approver' }) });
      return;
    }
    await ack({ response_type: 'ephemeral', ...buildAckView(forSomeoneElse ? { forSomeoneElse } : {}) });
    try {
      await deps.queue.enqueue({
        kind: 'diagnose',
        requestId,
        requesterId: command.user_id,
        targetId: mention?.[1] ?? command.user_id,
        text,
        ...(command.response_url ? { responseUrl: command.response_url } : {}),
      });
    } catch (error) {
      log.error({ err: error }, 'could not queue the diagnosis');
      await client.chat
        .postEphemeral({
          channel: command.channel_id,
          user: command.user_id,
          ...buildErrorView({ reference: requestId }),
        })
        .catch((e: unknown) => log.error({ err: e }, 'could not tell the person'));
    }
  };
}
