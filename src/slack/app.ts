import { App, type Receiver } from '@slack/bolt';
import type { Logger } from '../log/logger';
import type { TicketStore } from '../tickets/store';
import { boltLogger } from './bolt-logger';
import { registerDriftListeners } from './drift-listeners';
import { ACTIONS, BLOCKS, COMMAND, VIEWS } from './ids';
import type { JobQueue } from './jobs';
import type { PerPersonRateLimit } from './rate-limit';
import { buildPickOptions, buildRejectModalView } from './views/approval';
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
  /** Read (never written) by listeners that must answer inside Slack's 3 s: the card's type-ahead options. */
  store: Pick<TicketStore, 'get'>;
  rateLimit: PerPersonRateLimit;
  logger: Logger;
  newRequestId: () => string;
  /** Set both to skip Bolt's auth.test call at start-up. */
  botId?: string;
  botUserId?: string;
  /** The Web API client's retries (Slack's default retries for about 30 minutes). */
  retries?: number;
}

/** The ticket id an approval card carries on its Approve button (every element of the card is on the
 * same ticket, so a select reads it from there). */
function ticketIdFromCard(body: {
  actions?: Array<{ value?: string; action_id?: string }>;
  message?: { blocks?: unknown[] };
}): string | undefined {
  for (const block of (body.message?.blocks ?? []) as Array<{
    block_id?: string;
    elements?: Array<{ value?: string; action_id?: string }>;
  }>) {
    const approve = block.elements?.find((e) => e.action_id === ACTIONS.approve);
    if (approve?.value) return approve.value;
  }
  return undefined;
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

  app.action(ACTIONS.approve, async ({ ack, body, action }) => {
    await ack();
    const ticketId = (action as { value?: string }).value;
    if (!ticketId) return;
    const responseUrl = (body as { response_url?: string }).response_url;
    await queue.enqueue({
      kind: 'approve',
      requestId: newRequestId(),
      clickerId: body.user.id,
      ticketId,
      ...(responseUrl ? { responseUrl } : {}),
    });
  });

  app.action(ACTIONS.reject, async ({ ack, body, action, client }) => {
    await ack();
    const ticketId = (action as { value?: string }).value;
    const triggerId = (body as { trigger_id?: string }).trigger_id;
    if (!ticketId || !triggerId) return;
    const ticket = await options.store.get(ticketId);
    // Opening a modal is a Slack call that must use the trigger within 3 s; the decision itself is queued.
    await client.views.open({
      trigger_id: triggerId,
      view: buildRejectModalView({ ticketId, subjectName: ticket?.subjectName ?? 'this person' }),
    });
  });

  app.view(VIEWS.rejectReason, async ({ ack, body, view }) => {
    await ack();
    const reason = view.state.values[BLOCKS.rejectReason]?.reason?.value ?? undefined;
    await queue.enqueue({
      kind: 'reject',
      requestId: newRequestId(),
      clickerId: body.user.id,
      ticketId: view.private_metadata,
      ...(reason ? { reason } : {}),
    });
  });

  for (const [actionId, what] of [
    [ACTIONS.pickPermissionSet, 'permission-set'],
    [ACTIONS.pickAccount, 'account'],
  ] as const) {
    app.action(actionId, async ({ ack, body, action }) => {
      await ack();
      const ticketId = ticketIdFromCard(body as never);
      const selected = (action as { selected_option?: { value?: string; text?: { text?: string } } })
        .selected_option;
      if (!ticketId || !selected?.value) return;
      const responseUrl = (body as { response_url?: string }).response_url;
      await queue.enqueue({
        kind: 'pick',
        requestId: newRequestId(),
        clickerId: body.user.id,
        ticketId,
        what,
        value: selected.value,
        label: selected.text?.text ?? selected.value,
        ...(responseUrl ? { responseUrl } : {}),
      });
    });

    // Type-ahead: answered from the choices stored with the ticket, so no Identity Center call is needed.
    app.options(actionId, async ({ ack, body, payload }) => {
      const ticketId = ticketIdFromCard(body as never);
      const ticket = ticketId ? await options.store.get(ticketId) : undefined;
      const choices =
        what === 'permission-set'
          ? ticket?.approval?.choices?.permissionSets
          : ticket?.approval?.choices?.accounts;
      await ack(buildPickOptions(choices ?? [], (payload as { value?: string }).value ?? ''));
    });
  }

  app.action(ACTIONS.homeRefresh, async ({ ack, body }) => {
    await ack();
    await queue.enqueue({ kind: 'publish-home', requestId: newRequestId(), userId: body.user.id });
  });

  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await queue.enqueue({ kind: 'publish-home', requestId: newRequestId(), userId: event.user });
  });

  registerDriftListeners(app, { queue, newRequestId });

  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a Slack listener');
  });

  return app;
}
