import { loadConfig } from '../config/env';
import { createLogger } from '../log/logger';
import type { DriftRunSummary } from '../slack/drift';
import { type BotServices, buildServices } from './services';

/** The Lambda's timeout and what a run leaves of it to save its cursor (as the inventory scan does). */
export const DRIFT_TIMEOUT_MS = 10 * 60_000;
export const DRIFT_MARGIN_MS = 60_000;

let cached: Promise<BotServices> | undefined;

/** The scheduled drift scan (EventBridge): one budgeted run, resumed by the next; a finished scan posts
 * its digest. Drift repairs are decided through the worker, like every other Slack job. */
export const handler = async (
  _event?: unknown,
  context?: { getRemainingTimeInMillis?: () => number },
): Promise<DriftRunSummary> => {
  cached ??= (async () => {
    const config = loadConfig(process.env);
    return buildServices(config, {
      logger: createLogger({ level: config.LOG_LEVEL, name: 'cant-login-drift' }),
      mode: 'lambda',
    });
  })().catch((error: unknown) => {
    cached = undefined; // a failed cold start is retried by the next invocation
    throw error;
  });
  const services = await cached;
  const remaining = context?.getRemainingTimeInMillis?.() ?? DRIFT_TIMEOUT_MS;
  const budgetMs = Math.max(0, Math.min(remaining, DRIFT_TIMEOUT_MS) - DRIFT_MARGIN_MS);
  await services.drift.flow.sweep();
  const summary = await services.drift.runScheduledScan({ budgetMs });
  services.logger.info({ drift: summary, budgetMs }, 'drift scan run');
  return summary;
};
