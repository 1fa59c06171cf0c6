import type { App } from '@slack/bolt';
import type { AppConfig } from '../config/env';
import { logStartupDoctor, startupDoctorDeps } from '../doctor/startup';
import type { Logger } from '../log/logger';
import { createSlackApp } from '../slack/app';
import { PerPersonRateLimit } from '../slack/rate-limit';
import { buildSamlSlackDeps } from '../slack/saml-listeners';
import { newRequestId } from '../slack/worker';
import { InProcessQueue } from './in-process-queue';
import { type BotServices, buildServices } from './services';

/** A running bot in this process (Socket Mode or HTTP), and how to stop it cleanly. */
export interface RunningBot {
  app: App;
  services: BotServices;
  queue: InProcessQueue;
  mode: 'socket' | 'http';
  /** The HTTP port, in HTTP mode. */
  port?: number;
  stop(): Promise<void>;
}

/** Starts the bot: Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP on PORT (Slack posts to /slack/events). */
export async function startBot(
  config: AppConfig,
  logger: Logger,
  options: { host?: string; slackRetries?: number } = {},
): Promise<RunningBot> {
  const mode = config.SLACK_APP_TOKEN ? 'socket' : 'http';
  const services = await buildServices(config, {
    logger,
    mode,
    ...(options.slackRetries !== undefined ? { slackRetries: options.slackRetries } : {}),
  });
  try {
    return await startWith(services, config, logger, mode, options);
  } catch (error) {
    // Close what was opened (the emulator's server, the store, sockets): left open, they keep the
    // process alive after a failed start, and it never exits.
    await services
      .close()
      .catch((e: unknown) => logger.warn({ err: e }, 'could not close after a failed start'));
    throw error;
  }
}

async function startWith(
  services: BotServices,
  config: AppConfig,
  logger: Logger,
  mode: 'socket' | 'http',
  options: { host?: string; slackRetries?: number },
): Promise<RunningBot> {
  const queue = new InProcessQueue((job) => services.worker.handle(job), logger);
  const app = createSlackApp({
    token: services.credentials.botToken,
    ...(mode === 'socket' && services.credentials.appToken
      ? { appToken: services.credentials.appToken }
      : {}),
    ...(services.credentials.signingSecret ? { signingSecret: services.credentials.signingSecret } : {}),
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    ...(options.slackRetries !== undefined ? { retries: options.slackRetries } : {}),
    queue,
    store: services.store,
    approvers: services.approvers,
    rateLimit: new PerPersonRateLimit(config.DIAGNOSES_PER_MINUTE, services.clock),
    logger,
    newRequestId,
    saml: buildSamlSlackDeps({
      approvers: services.approvers,
      clients: services.aws,
      clock: services.clock,
      settings: services.diagnosis.settings,
      logger,
      newRequestId,
    }),
  });
  let port: number | undefined;
  if (mode === 'socket') {
    await app.start();
  } else {
    const server = (await app.start({ port: config.PORT, host: options.host ?? '0.0.0.0' })) as {
      address(): unknown;
    };
    const address = server.address() as { port?: number } | null;
    port = address?.port ?? config.PORT;
  }
  // Start-up self-check (src/doctor): logs what is missing with its fix; never fails the start.
  await logStartupDoctor(
    startupDoctorDeps(config, {
      slack: services.slack,
      aws: services.aws,
      region: services.diagnosis.settings.region,
      sandbox: Boolean(services.sandbox),
      now: () => services.clock.now(),
    }),
    logger,
  );
  // The sweeper: expires approvals, reminds approvers, resumes fixes a crash left half done.
  const sweeper = setInterval(() => {
    queue
      .enqueue({ kind: 'sweep', requestId: newRequestId() })
      .catch((error: unknown) => logger.error({ err: error }, 'sweep failed'));
  }, config.SWEEP_INTERVAL_SECONDS * 1000);
  sweeper.unref();
  // The drift scan: one budgeted run per interval (resumed by the next), then the digest.
  const driftScans =
    config.DRIFT_SCAN_INTERVAL_MINUTES > 0
      ? setInterval(() => {
          queue
            .enqueue({ kind: 'drift', action: 'scan', requestId: newRequestId() })
            .catch((error: unknown) => logger.error({ err: error }, 'drift scan failed'));
        }, config.DRIFT_SCAN_INTERVAL_MINUTES * 60_000)
      : undefined;
  driftScans?.unref();
  logger.info({ mode, port, sandbox: Boolean(services.sandbox) }, 'cant-login is running');
  return {
    app,
    services,
    queue,
    mode,
    ...(port !== undefined ? { port } : {}),
    async stop() {
      clearInterval(sweeper);
      if (driftScans) clearInterval(driftScans);
      await app.stop();
      await queue.drain();
      await services.close();
    },
  };
}
