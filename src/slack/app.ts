import { App, type Receiver } from '@slack/bolt';
import type { Logger } from '../log/logger';
import { boltLogger } from './bolt-logger';
import { ACTIONS, COMMAND } from './ids';
import type { JobQueue } from './jobs';
import type { PerPersonRateLimit } from './rate-limit';
import { buildAckView, buildErrorView, buildRateLimitedView } from './views/notices';

/** Everything the Slack app needs; one factory serves Socket Mode, HTTP and Lambda. */
export interface SlackAppOptions {
  token: string;
  signingSecret?: string;
  /** Socket Mode when set. */
  appToken?: string;
  /** A receiver of the caller's choosing (AwsLambdaReceiver on Lambda). */
  receiver?: Receiver;
  /** The Web API base URL (a fake in tests and the demo). */
  slackApiUrl?: string;
  queue: JobQueue;
  rateLimit: PerPersonRateLimit;
  logger: Logger;
  newRequestId: () => string;
  /** Set both to skip Bolt's auth.test call at start-up. */
  botId?: string;
  botUserId?: string;
  /** The Web API client's retries (Slack's default retries for about 30 minutes). */
  retries?: number;
}

/** A button's value is only the check id; read it back from the first button of the clicked message. */
function checkIdFrom(body: {
  actions?: Array<{ value?: string }>;
  message?: { blocks?: unknown[] };
}): string | undefined {
  const direct = body.actions?.[0]?.value;
  if (direct && !direct.startsWith('symptom-')) return direct;
  for (const block of (body.message?.blocks ?? []) as Array<{
    type?: string;
    elements?: Array<{ value?: string; action_id?: string }>;
  }>) {
    if (block.type !== 'actions') continue;
    const button = block.elements?.find((e) => e.action_id === ACTIONS.checkAgain);
    if (button?.value) return button.value;
  }
  return undefined;
}

/**
 * Builds the Bolt app. Listeners only parse, acknowledge, and hand work to the queue: the ack always
 * comes before any AWS call, whatever AWS does (Bolt-JS has no lazy listeners).
 */
export function createSlackApp(options: SlackAppOptions): App {
  const { queue, rateLimit, logger, newRequestId } = options;
  const app = new App({
    token: options.token,
    ...(options.receiver
      ? { receiver: options.receiver }
      : options.appToken
        ? { socketMode: true, appToken: options.appToken }
        : { signingSecret: options.signingSecret ?? '' }),
    ...(options.botId && options.botUserId ? { botId: options.botId, botUserId: options.botUserId } : {}),
    clientOptions: {
      ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
      ...(options.retries !== undefined ? { retryConfig: { retries: options.retries } } : {}),
    },
    logger: boltLogger(logger),
  });

  app.command(COMMAND, async ({ command, ack }) => {
    const requestId = newRequestId();
    const log = logger.child({ requestId, user: command.user_id });
    const limit = rateLimit.take(command.user_id);
    if (!limit.allowed) {
      log.info('rate limited');
      await ack({
        response_type: 'ephemeral',
        ...buildRateLimitedView({ retryAfterSeconds: limit.retryAfterSeconds }),
      });
      return;
    }
    const mention = /^\s*<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/.exec(command.text ?? '');
    const forSomeoneElse = mention && mention[1] !== command.user_id ? (mention[2] ?? 'them') : undefined;
    await ack({ response_type: 'ephemeral', ...buildAckView(forSomeoneElse ? { forSomeoneElse } : {}) });
    try {
      await queue.enqueue({
        kind: 'diagnose',
        requestId,
        requesterId: command.user_id,
        targetId: mention?.[1] ?? command.user_id,
        text: command.text ?? '',
        ...(command.response_url ? { responseUrl: command.response_url } : {}),
      });
    } catch (error) {
      log.error({ err: error }, 'could not queue the diagnosis');
      await app.client.chat
        .postEphemeral({
          channel: command.channel_id,
          user: command.user_id,
          ...buildErrorView({ reference: requestId }),
        })
        .catch((e: unknown) => log.error({ err: e }, 'could not tell the person'));
    }
  });

  app.action(ACTIONS.checkAgain, async ({ ack, body }) => {
    await ack();
    const checkId = checkIdFrom(body as never);
    if (!checkId) return;
    await queue.enqueue({
      kind: 'diagnose',
      requestId: newRequestId(),
      requesterId: body.user.id,
      targetId: body.user.id,
      text: '',
      checkId,
    });
  });

  app.action(ACTIONS.pickSymptom, async ({ ack, body, action }) => {
    await ack();
    const checkId = checkIdFrom(body as never);
    const symptom = (action as { selected_option?: { value?: string } }).selected_option?.value;
    if (!checkId || !symptom) return;
    await queue.enqueue({
      kind: 'diagnose',
      requestId: newRequestId(),
      requesterId: body.user.id,
      targetId: body.user.id,
      text: '',
      checkId,
      symptom,
    });
  });

  app.action(ACTIONS.itWorksNow, async ({ ack, body }) => {
    await ack();
    const checkId = checkIdFrom(body as never);
    if (checkId)
      await queue.enqueue({ kind: 'it-works', requestId: newRequestId(), clickerId: body.user.id, checkId });
  });

  app.action(ACTIONS.getHuman, async ({ ack, body }) => {
    await ack();
    const checkId = checkIdFrom(body as never);
    if (checkId)
      await queue.enqueue({ kind: 'get-human', requestId: newRequestId(), clickerId: body.user.id, checkId });
  });

  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await queue.enqueue({ kind: 'publish-home', requestId: newRequestId(), userId: event.user });
  });

  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a Slack listener');
  });

  return app;
}
