import { type AppConfig, loadConfig } from '../config/env';
import { createLogger, type Logger } from '../log/logger';
import { parseJob } from '../slack/jobs';
import { type BotServices, buildServices } from './services';

/** The part of an SQS event the worker reads. */
export interface SqsEvent {
  Records: Array<{ messageId: string; body: string }>;
}

export interface SqsBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/** Runs the jobs the ingress queued. A malformed message is logged and dropped (retrying cannot help);
 * a job that throws is reported back so SQS retries it, then moves it to the dead-letter queue. */
export function buildWorkerHandler(services: Pick<BotServices, 'worker' | 'logger'>) {
  return async (event: SqsEvent): Promise<SqsBatchResponse> => {
    const failures: SqsBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      let job: ReturnType<typeof parseJob>;
      try {
        job = parseJob(record.body);
      } catch (error) {
        services.logger.error({ err: error, messageId: record.messageId }, 'dropped a malformed job message');
        continue;
      }
      try {
        await services.worker.handle(job);
      } catch (error) {
        services.logger.error(
          { err: error, messageId: record.messageId, requestId: job.requestId },
          'job failed',
        );
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  };
}

let cached: Promise<(event: SqsEvent) => Promise<SqsBatchResponse>> | undefined;

async function init(config: AppConfig, logger: Logger) {
  const services = await buildServices(config, { logger, mode: 'lambda' });
  return buildWorkerHandler(services);
}

/** The worker Lambda's entry point (SQS, with ReportBatchItemFailures). */
export const handler = async (event: SqsEvent): Promise<SqsBatchResponse> => {
  cached ??= (async () => {
    const config = loadConfig(process.env);
    return init(config, createLogger({ level: config.LOG_LEVEL, name: 'cant-login-worker' }));
  })();
  return (await cached)(event);
};
