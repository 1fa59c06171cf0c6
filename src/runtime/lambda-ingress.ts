import { AwsLambdaReceiver, webApi } from '@slack/bolt';
import { readJobsKey, SqsSender } from '../aws';
import { type AppConfig, ConfigError, loadConfig } from '../config/env';
import { systemClock } from '../lib/clock';
import { createLogger, type Logger, withLogContext } from '../log/logger';
import { createSlackApp } from '../slack/app';
import { Approvers } from '../slack/approvers';
import { slackBodyProblem } from '../slack/body-guard';
import { boltLogger } from '../slack/bolt-logger';
import { sealJob } from '../slack/job-auth';
import type { JobQueue, SlackJob } from '../slack/jobs';
import { PerPersonRateLimit } from '../slack/rate-limit';
import { newRequestId } from '../slack/worker';
import { openTicketStore } from '../tickets/open-store';
import type { TicketStore } from '../tickets/store';
import { slackCredentials } from './services';

type LambdaHandler = ReturnType<AwsLambdaReceiver['toHandler']>;

/** Ingress on Lambda: verifies Slack's signature, acks, and hands every job to SQS. It never calls AWS
 * Identity Center itself, because AwsLambdaReceiver answers Slack only once the listener returns. */
export async function buildIngressHandler(
  config: AppConfig,
  logger: Logger,
  queue?: JobQueue,
  store?: Pick<TicketStore, 'get'>,
  /** The key that seals jobs; read from JOBS_KEY_SECRET_ARN when not given. */
  jobKey?: Buffer,
): Promise<LambdaHandler> {
  const credentials = await slackCredentials(config, 'lambda');
  const receiver = new AwsLambdaReceiver({
    signingSecret: credentials.signingSecret ?? '',
    logger: boltLogger(logger),
  });
  let jobs = queue;
  if (!jobs) {
    if (!config.SLACK_JOBS_QUEUE_URL) {
      throw new ConfigError(
        'SLACK_JOBS_QUEUE_URL is required on Lambda: the SQS queue the worker reads',
        'SLACK_JOBS_QUEUE_URL',
      );
    }
    if (!jobKey && !config.JOBS_KEY_SECRET_ARN) {
      throw new ConfigError(
        'JOBS_KEY_SECRET_ARN is required on Lambda: the secret whose value signs queued jobs',
        'JOBS_KEY_SECRET_ARN',
      );
    }
    const key = jobKey ?? (await readJobsKey(config.JOBS_KEY_SECRET_ARN as string, config.AWS_REGION));
    const sender = new SqsSender(
      config.SLACK_JOBS_QUEUE_URL,
      config.AWS_REGION ? { region: config.AWS_REGION } : {},
    );
    // Every job is sealed: the worker acts only on jobs this function put on the queue.
    jobs = { enqueue: (job: SlackJob) => sender.send(sealJob(job, key, systemClock.now())) };
  }
  const tickets =
    store ??
    (await openTicketStore({
      ...(config.TICKETS_TABLE ? { tableName: config.TICKETS_TABLE } : {}),
      dataDir: config.DATA_DIR,
      ...(config.AWS_REGION ? { region: config.AWS_REGION } : {}),
      clock: systemClock,
      retention: { ticketDays: config.TICKET_RETENTION_DAYS, auditDays: config.AUDIT_RETENTION_DAYS },
    }));
  // Who may open the Reject dialog or see the card's choices: the configured approvers, checked here too.
  const approvers = new Approvers(
    new webApi.WebClient(credentials.botToken, {
      ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
      retryConfig: { retries: 1 },
    }),
    {
      ...(config.APPROVERS ? { userIds: config.APPROVERS } : {}),
      ...(config.APPROVER_GROUP_ID ? { groupId: config.APPROVER_GROUP_ID } : {}),
      clock: systemClock,
    },
  );
  createSlackApp({
    token: credentials.botToken,
    receiver,
    store: tickets,
    approvers,
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    queue: jobs,
    // The ack path must not hang on a slow Slack: a couple of quick retries, not Slack's 30-minute default.
    retries: 2,
    rateLimit: new PerPersonRateLimit(config.DIAGNOSES_PER_MINUTE, systemClock),
    logger,
    newRequestId,
  });
  const bolt = receiver.toHandler();
  // A body Bolt would fail on (a signed `payload=null`) is answered 400 before it reaches the receiver.
  return async (event, context) => {
    const raw = event.body
      ? event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body
      : '';
    const headers = (event.headers ?? {}) as Record<string, string | undefined>;
    const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
    const problem = slackBodyProblem(raw, contentType);
    if (problem) {
      logger.warn({ problem }, 'refused a Slack request Bolt cannot handle');
      return { statusCode: 400, body: '' };
    }
    return bolt(event, context);
  };
}

let cached: Promise<LambdaHandler> | undefined;
let coldStart = true;

/** The Lambda entry point (API Gateway HTTP API / Function URL events). Configuration is read once per
 * cold start (until it succeeds); a bad configuration fails the request with the one-line reason. */
export const handler: LambdaHandler = async (event, context) => {
  // A failed start-up is not kept: the next request tries again instead of failing until a recycle.
  cached ??= (async () => {
    const config = loadConfig(process.env);
    return buildIngressHandler(config, createLogger({ level: config.LOG_LEVEL, name: 'cant-login-ingress' }));
  })().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  const fields = {
    ...((context as { awsRequestId?: string } | undefined)?.awsRequestId
      ? { awsRequestId: (context as { awsRequestId: string }).awsRequestId }
      : {}),
    coldStart,
  };
  coldStart = false;
  const ready = await cached;
  return withLogContext(fields, () => ready(event, context));
};
