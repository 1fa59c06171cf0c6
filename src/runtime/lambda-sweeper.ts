import { loadConfig } from '../config/env';
import { createLogger } from '../log/logger';
import { newRequestId } from '../slack/worker';
import { type BotServices, buildServices } from './services';

let cached: Promise<BotServices> | undefined;

/** The scheduled sweeper (EventBridge): expires approvals, sends reminders, resumes interrupted fixes. */
export const handler = async (): Promise<{ ok: true }> => {
  // A failed start-up is not kept: the next sweep tries again.
  cached ??= (async () => {
    const config = loadConfig(process.env);
    return buildServices(config, {
      logger: createLogger({ level: config.LOG_LEVEL, name: 'cant-login-sweeper' }),
      mode: 'lambda',
    });
  })().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  const services = await cached;
  await services.worker.handle({ kind: 'sweep', requestId: newRequestId() });
  return { ok: true };
};
