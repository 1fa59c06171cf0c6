import { App, HTTPReceiver, type Receiver } from '@slack/bolt';
import type { Logger } from '../log/logger';
import type { TicketStore } from '../tickets/store';
import type { ApproverDirectory } from '../workflow/types';
import { guardRequestListener } from './body-guard';
import { boltLogger } from './bolt-logger';
import { registerDriftListeners } from './drift-listeners';
import type { JobQueue } from './jobs';
import { type CommandRoute, registerListeners } from './listeners';
import { builtInRoutes } from './listeners/commands/routes';
import type { PerPersonRateLimit } from './rate-limit';
import { registerSamlListeners, type SamlSlackDeps } from './saml-listeners';

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
  /** Who may decide on fixes: the Reject dialog and the type-ahead options are for them only. */
  approvers: ApproverDirectory;
  rateLimit: PerPersonRateLimit;
  logger: Logger;
  newRequestId: () => string;
  /** More sub-commands of the slash command, tried after the built-in help, doctor and saml. */
  routes?: readonly CommandRoute[];
  /** `/cant-login saml` for approvers; without it the command is refused (never diagnosed). */
  saml?: SamlSlackDeps;
  /** Set both to skip Bolt's auth.test call at start-up. */
  botId?: string;
  botUserId?: string;
  /** The Web API client's retries (Slack's default retries for about 30 minutes). */
  retries?: number;
}

/** Bolt's HTTP receiver behind a guard that answers 400 to a body Bolt would crash on. */
function guardedHttpReceiver(signingSecret: string, logger: Logger): HTTPReceiver {
  const receiver = new HTTPReceiver({ signingSecret, logger: boltLogger(logger) });
  receiver.requestListener = guardRequestListener(receiver.requestListener, logger);
  return receiver;
}

/**
 * Builds the Bolt app. Listeners (src/slack/listeners, one file per callback) only parse, check,
 * acknowledge, and hand work to the queue: the ack always comes before any AWS call, whatever AWS does
 * (Bolt-JS has no lazy listeners).
 */
export function createSlackApp(options: SlackAppOptions): App {
  const { logger } = options;
  const app = new App({
    token: options.token,
    ...(options.receiver
      ? { receiver: options.receiver }
      : options.appToken
        ? { socketMode: true, appToken: options.appToken }
        : { receiver: guardedHttpReceiver(options.signingSecret ?? '', logger) }),
    ...(options.botId && options.botUserId ? { botId: options.botId, botUserId: options.botUserId } : {}),
    clientOptions: {
      ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
      ...(options.retries !== undefined ? { retryConfig: { retries: options.retries } } : {}),
    },
    logger: boltLogger(logger),
  });

  const deps = {
    queue: options.queue,
    store: options.store,
    approvers: options.approvers,
    rateLimit: options.rateLimit,
    logger,
    newRequestId: options.newRequestId,
  };
  registerListeners(app, deps, [...builtInRoutes(deps, options.saml), ...(options.routes ?? [])]);
  if (options.saml) registerSamlListeners(app, options.saml);

  registerDriftListeners(app, { queue: options.queue, newRequestId: options.newRequestId });

  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a Slack listener');
  });

  return app;
}
