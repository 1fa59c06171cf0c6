import { readJobsKey } from '../aws';
import { type AppConfig, ConfigError, loadConfig } from '../config/env';
import type { Clock } from '../lib/clock';
import { systemClock } from '../lib/clock';
import { errorCodeOf, isRetryable } from '../lib/errors';
import { createLogger, type Logger, withLogContext } from '../log/logger';
import { JOB_REFUSED_EVENT, JobRefusedError, openJob } from '../slack/job-auth';
import type { SlackJob } from '../slack/jobs';
import type { TicketStore } from '../tickets/store';
import { buildServices } from './services';

/** The part of an SQS event the worker reads. */
export interface SqsEvent {
  Records: Array<{ messageId: string; body: string }>;
}

export interface SqsBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/** The part of the Lambda context the logs carry. */
export interface LambdaContextLike {
  awsRequestId?: string;
}

export { JOB_REFUSED_EVENT };

export interface WorkerHandlerDeps {
  worker: { handle(job: SlackJob, logger?: Logger): Promise<void> };
  logger: Logger;
  /** The key that seals jobs (the ingress seals with the same one). */
  jobKey: Buffer;
  /** Jobs already handled, so a job sent again is refused. */
  ledger: Pick<TicketStore, 'jobSeen' | 'rememberJob'>;
  clock?: Clock;
}

let coldStart = true;

/** Runs the jobs the ingress queued. Each job is verified first (MAC, age, not seen before): a refused
 * one is dropped with an alarm-worthy log line. A job that fails with a retryable error (throttled,
 * unavailable, a lost race) is reported back so SQS retries it, and the dead-letter queue keeps what
 * never succeeds; a permanent failure was already answered with an apology by the worker. */
export function buildWorkerHandler(deps: WorkerHandlerDeps) {
  const clock = deps.clock ?? systemClock;
  return async (event: SqsEvent, context: LambdaContextLike = {}): Promise<SqsBatchResponse> => {
    const failures: SqsBatchResponse['batchItemFailures'] = [];
    const invocation = { ...(context.awsRequestId ? { awsRequestId: context.awsRequestId } : {}), coldStart };
    coldStart = false;
    // Every line logged while a record is handled (by any logger) carries these fields.
    for (const record of event.Records) {
      await withLogContext({ ...invocation, messageId: record.messageId }, () => handleRecord(record));
    }
    return { batchItemFailures: failures };

    async function handleRecord(record: SqsEvent['Records'][number]): Promise<void> {
      const log = deps.logger;
      let job: SlackJob;
      try {
        job = openJob(record.body, deps.jobKey, clock.now());
        if (await deps.ledger.jobSeen(job.requestId)) {
          throw new JobRefusedError('job-replayed', `job ${job.requestId} was already handled`);
        }
      } catch (error) {
        if (!(error instanceof JobRefusedError)) {
          log.error({ err: error }, 'could not check a job; the queue will retry it');
          failures.push({ itemIdentifier: record.messageId });
          return;
        }
        // Dropped, never retried: a forged or replayed job stays so. Someone may be attacking the queue.
        log.error({ event: JOB_REFUSED_EVENT, code: error.code, reason: error.message }, 'refused a job');
        return;
      }
      const jobLog = log.child({ requestId: job.requestId, job: job.kind });
      try {
        await deps.worker.handle(job, jobLog);
        await deps.ledger.rememberJob(job.requestId);
      } catch (error) {
        jobLog.warn(
          { err: error, code: errorCodeOf(error), retryable: isRetryable(error) },
          'job failed; SQS will retry it',
        );
        failures.push({ itemIdentifier: record.messageId });
      }
    }
  };
}

async function init(config: AppConfig, logger: Logger) {
  if (!config.JOBS_KEY_SECRET_ARN) {
    throw new ConfigError(
      'JOBS_KEY_SECRET_ARN is required on Lambda: the secret whose value signs queued jobs',
      'JOBS_KEY_SECRET_ARN',
    );
  }
  const jobKey = await readJobsKey(config.JOBS_KEY_SECRET_ARN, config.AWS_REGION);
  const services = await buildServices(config, { logger, mode: 'lambda', jobRetries: 'queue' });
  return buildWorkerHandler({ worker: services.worker, logger, jobKey, ledger: services.store });
}

let cached: Promise<ReturnType<typeof buildWorkerHandler>> | undefined;

/** The worker Lambda's entry point (SQS, with ReportBatchItemFailures). A failed start-up is not kept:
 * the next invocation tries again instead of failing until the container is recycled. */
export const handler = async (
  event: SqsEvent,
  context: LambdaContextLike = {},
): Promise<SqsBatchResponse> => {
  cached ??= (async () => {
    const config = loadConfig(process.env);
    return init(config, createLogger({ level: config.LOG_LEVEL, name: 'cant-login-worker' }));
  })().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return (await cached)(event, context);
};
