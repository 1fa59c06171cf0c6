import { loadConfig } from '../config/env';
import { createLogger, withLogContext } from '../log/logger';
import { newRequestId } from '../slack/worker';
import { type BotServices, buildServices } from './services';

let cached: Promise<BotServices> | undefined;
let coldStart = true;

/** The scheduled sweeper (EventBridge): expires approvals, sends reminders, resumes interrupted fixes. Its
 * log lines carry the invocation's awsRequestId and whether it was a cold start. */
export const handler = async (
  _event?: unknown,
  context: { awsRequestId?: string } = {},
): Promise<{ ok: true }> => {
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
  const requestId = newRequestId();
  const fields = { ...(context.awsRequestId ? { awsRequestId: context.awsRequestId } : {}), coldStart };
  coldStart = false;
  await withLogContext(fields, () =>
    services.worker.handle({ kind: 'sweep', requestId }, services.logger.child({ requestId, job: 'sweep' })),
  );
  return { ok: true };
};
