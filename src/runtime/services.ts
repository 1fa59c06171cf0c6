import { webApi } from '@slack/bolt';
import { SetupAlerts } from '../alerts/setup-alerts';
import {
  type AwsClients,
  assumedRole,
  createAwsClients,
  createDynamoDbClient,
  readManagementAccountId,
  readPermissionSet,
  readSlackSecrets,
  resolveDefaultRegion,
} from '../aws';
import { type AppConfig, ConfigError } from '../config/env';
import type { DiagnoseDeps } from '../diagnosis/diagnose';
import { diagnose } from '../diagnosis/diagnose';
import { DEFAULT_SETTINGS } from '../diagnosis/facts/facts';
import { SharedMetadataCache } from '../diagnosis/facts/shared-metadata';
import { chooseSignInSource } from '../diagnosis/facts/signin-sources/choose';
import { doctorSettingsFrom } from '../doctor/settings';
import { DEFAULT_POLL } from '../fixes/types';
import { openInventoryStore } from '../inventory/inventory-store';
import { type Clock, systemClock } from '../lib/clock';
import { SingleFlight } from '../lib/single-flight';
import { TtlCache } from '../lib/ttl-cache';
import type { Logger } from '../log/logger';
import { SandboxAws } from '../sandbox/emulator/server';
import { knownPrincipalsOf } from '../sandbox/snapshot/known-principals';
import { loadSnapshotFile } from '../sandbox/snapshot/load';
import { DynamoSignInIndex } from '../signin-index/reader';
import { Approvers } from '../slack/approvers';
import type { DriftSlack } from '../slack/drift';
import { buildDriftSlack } from '../slack/drift-services';
import { SlackNotifier } from '../slack/notifier';
import { buildSetupFailureView } from '../slack/views/notices';
import { respondViaUrl, SlackWorker } from '../slack/worker';
import { openTicketStore } from '../tickets/open-store';
import type { TicketStore } from '../tickets/store';
import { AwsFixRunner, type FixSession, fixSession } from '../workflow/aws-fix-runner';
import { awsWorkflowReads } from '../workflow/aws-reads';
import { DEFAULT_TWO_APPROVER_PATTERN, type GuardrailSettings, judgeFixLive } from '../workflow/guardrails';
import { ApprovalWorkflow } from '../workflow/workflow';

/** Which way Slack reaches the bot. */
export type SlackMode = 'socket' | 'http' | 'lambda';

export interface SlackCredentials {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
}

/** Everything the bot runs on, built once from the configuration and shared by every runtime. */
export interface BotServices {
  config: AppConfig;
  logger: Logger;
  clock: Clock;
  aws: AwsClients;
  sandbox: SandboxAws | undefined;
  diagnosis: Omit<DiagnoseDeps, 'onProgress'>;
  store: TicketStore;
  flow: ApprovalWorkflow;
  slack: webApi.WebClient;
  credentials: SlackCredentials;
  approvers: Approvers;
  worker: SlackWorker;
  /** Drift scans and repairs, when there is a worker to run them. */
  drift: DriftSlack;
  close(): Promise<void>;
}

/** The Slack tokens from the environment or, on AWS, from Secrets Manager; what a mode needs is required. */
export async function slackCredentials(config: AppConfig, mode: SlackMode): Promise<SlackCredentials> {
  const fromSecret = config.SLACK_SECRET_ARN
    ? await readSlackSecrets(config.SLACK_SECRET_ARN, config.AWS_REGION)
    : undefined;
  const botToken = fromSecret?.botToken ?? config.SLACK_BOT_TOKEN;
  const signingSecret = fromSecret?.signingSecret ?? config.SLACK_SIGNING_SECRET;
  const appToken = fromSecret?.appToken ?? config.SLACK_APP_TOKEN;
  if (!botToken)
    throw new ConfigError(
      "SLACK_BOT_TOKEN is required: the bot token (xoxb-…) from the Slack app's OAuth page, or set SLACK_SECRET_ARN",
      'SLACK_BOT_TOKEN',
    );
  if (mode === 'socket' && !appToken)
    throw new ConfigError(
      'SLACK_APP_TOKEN is required for Socket Mode: an app-level token (xapp-…) with connections:write',
      'SLACK_APP_TOKEN',
    );
  if (mode !== 'socket' && !signingSecret) {
    throw new ConfigError(
      "SLACK_SIGNING_SECRET is required: the signing secret from the Slack app's Basic Information page, or set SLACK_SECRET_ARN",
      'SLACK_SIGNING_SECRET',
    );
  }
  return { botToken, ...(signingSecret ? { signingSecret } : {}), ...(appToken ? { appToken } : {}) };
}

/** Builds the services: AWS (or the in-process emulator on SANDBOX_SNAPSHOT), Slack's Web API, the stores. */
export async function buildServices(
  config: AppConfig,
  options: {
    logger: Logger;
    mode: SlackMode;
    store?: TicketStore;
    slackRetries?: number;
    /** `queue` when a queue retries failed jobs (SQS): the worker rethrows retryable failures. */
    jobRetries?: 'queue' | 'none';
  },
): Promise<BotServices> {
  const credentials = await slackCredentials(config, options.mode);
  let sandbox: SandboxAws | undefined;
  let aws: AwsClients;
  let clock: Clock = systemClock;
  let knownPrincipals: ReturnType<typeof knownPrincipalsOf> = [];
  let fallbackApprovers: string[] = [];
  let region: string;
  let sandboxEndpoint: string | undefined;
  if (config.SANDBOX_SNAPSHOT) {
    const snapshot = await loadSnapshotFile(config.SANDBOX_SNAPSHOT);
    sandbox = new SandboxAws(snapshot);
    const endpoint = await sandbox.listen(0);
    sandboxEndpoint = endpoint;
    region = config.AWS_REGION ?? snapshot.region ?? 'us-east-1';
    aws = createAwsClients({
      region,
      endpoint,
      credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
      quotaShare: config.AWS_QUOTA_SHARE,
    });
    clock = sandbox.clock;
    knownPrincipals = knownPrincipalsOf(snapshot);
    fallbackApprovers = snapshot.slack?.admins ?? [];
  } else {
    const resolved = config.AWS_REGION ?? (await resolveDefaultRegion());
    if (!resolved)
      throw new ConfigError(
        'AWS_REGION is required: the region of your Identity Center instance, such as eu-west-1',
        'AWS_REGION',
      );
    region = resolved;
    aws = createAwsClients({ region, quotaShare: config.AWS_QUOTA_SHARE });
    if (config.CLOUDTRAIL_ROLE_ARN) {
      // Sign-in events live in the account that owns the instance; read them through its role.
      const trail = createAwsClients({
        region,
        quotaShare: config.AWS_QUOTA_SHARE,
        credentials: assumedRole(config.CLOUDTRAIL_ROLE_ARN, 'cant-login-cloudtrail', region),
        callLog: aws.calls,
      });
      const base = aws;
      aws = {
        ...base,
        cloudTrail: trail.cloudTrail,
        destroy: () => {
          base.destroy();
          trail.destroy();
        },
      };
    }
  }
  const store =
    options.store ??
    (await openTicketStore({
      ...(config.TICKETS_TABLE ? { tableName: config.TICKETS_TABLE } : {}),
      dataDir: config.DATA_DIR,
      region,
      clock,
      retention: { ticketDays: config.TICKET_RETENTION_DAYS, auditDays: config.AUDIT_RETENTION_DAYS },
    }));
  if (knownPrincipals.length > 0) await store.principals.remember(knownPrincipals);
  const slack = new webApi.WebClient(credentials.botToken, {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    ...(options.slackRetries !== undefined ? { retryConfig: { retries: options.slackRetries } } : {}),
  });
  // Slow-changing metadata is shared by every diagnosis this process runs (fixes invalidate it).
  const cache = new SharedMetadataCache(new TtlCache(clock));
  // With the infrastructure's table, diagnoses also use the sign-in index and the inventory scan's
  // results when those have been fed; each falls back to reading AWS when it has nothing.
  const indexes = config.TICKETS_TABLE
    ? {
        signInIndex: new DynamoSignInIndex({
          ddb: createDynamoDbClient({ region }),
          tableName: config.TICKETS_TABLE,
        }),
        inventory: await openInventoryStore({ tableName: config.TICKETS_TABLE, region, clock }),
      }
    : {};
  // The same store answers organisation metadata (account states, provisioning, policy summaries) while fresh.
  const organizationInventory = indexes.inventory ? { organizationInventory: indexes.inventory } : {};
  const sharedReads = new SingleFlight(clock);
  // Sign-in evidence: the index when there is a table, Lake when configured, LookupEvents always last.
  const signInSource = chooseSignInSource({
    clients: aws,
    clock,
    maxEventPages: DEFAULT_SETTINGS.maxEventPages,
    ...(indexes.signInIndex ? { index: indexes.signInIndex } : {}),
    ...(config.CLOUDTRAIL_LAKE_EVENT_DATA_STORE
      ? { lakeEventDataStoreArn: config.CLOUDTRAIL_LAKE_EVENT_DATA_STORE }
      : {}),
    sharedReads,
    logger: options.logger,
  });
  const diagnosis: Omit<DiagnoseDeps, 'onProgress'> = {
    clients: aws,
    clock,
    cache,
    sharedReads,
    signInSource,
    ...indexes,
    ...organizationInventory,
    memory: store.principals,
    logger: options.logger,
    settings: {
      ...DEFAULT_SETTINGS,
      region,
      provisioningReads: 'cheaper',
      windowHours: config.DIAGNOSIS_WINDOW_HOURS,
      inventoryMaxAgeMinutes: config.INVENTORY_MAX_AGE_MINUTES,
      ...(config.IDENTITY_CENTER_INSTANCE_ARN ? { instanceArn: config.IDENTITY_CENTER_INSTANCE_ARN } : {}),
    },
  };
  const approvers = new Approvers(slack, {
    ...(config.APPROVERS ? { userIds: config.APPROVERS } : {}),
    ...(config.APPROVER_GROUP_ID ? { groupId: config.APPROVER_GROUP_ID } : {}),
    fallback: fallbackApprovers,
    clock,
  });
  const readers = aws;
  // Write credentials exist only inside the fix runner, for one approved fix: the fix role assumed with the
  // approver as SourceIdentity (the sandbox needs no second identity), and no SDK retries on writes.
  const writerFor = (session: FixSession): AwsClients =>
    createAwsClients({
      region,
      quotaShare: config.AWS_QUOTA_SHARE,
      maxAttempts: 1,
      callLog: readers.calls,
      ...(sandboxEndpoint
        ? { endpoint: sandboxEndpoint, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } }
        : config.FIX_ROLE_ARN
          ? {
              credentials: assumedRole(
                config.FIX_ROLE_ARN,
                session.sessionName,
                region,
                session.sourceIdentity,
              ),
            }
          : {}),
    });
  const guardrails: GuardrailSettings = {
    protectedAccountIds: config.PROTECTED_ACCOUNT_IDS ?? [],
    allowedPermissionSetNames: config.ALLOWED_PERMISSION_SETS,
    allowedPermissionSetTag: config.ALLOWED_PERMISSION_SET_TAG
      ? {
          key: config.ALLOWED_PERMISSION_SET_TAG.split('=')[0] as string,
          value: config.ALLOWED_PERMISSION_SET_TAG.slice(config.ALLOWED_PERMISSION_SET_TAG.indexOf('=') + 1),
        }
      : undefined,
    twoApproverPattern: config.TWO_APPROVER_PERMISSION_SETS ?? DEFAULT_TWO_APPROVER_PATTERN,
  };
  const flow = new ApprovalWorkflow({
    store,
    cache,
    approvers,
    notifier: new SlackNotifier({
      client: slack,
      logger: options.logger,
      adminChannelId: config.ADMIN_CHANNEL_ID,
      notifyChannelId: config.NOTIFY_CHANNEL_ID,
      selects: config.SLACK_SELECT_MENUS,
    }),
    reads: awsWorkflowReads(aws),
    fixes: new AwsFixRunner({ reader: aws, writerFor, clock, poll: DEFAULT_POLL, logger: options.logger }),
    verify: (request) => diagnose(request, diagnosis),
    clock,
    logger: options.logger,
    guardrails,
    approvalExpiryHours: config.APPROVAL_EXPIRY_HOURS,
    reminderHours: config.APPROVAL_REMINDER_HOURS,
    canAskApprovers: Boolean(config.ADMIN_CHANNEL_ID),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
  const drift = await buildDriftSlack(config, {
    client: slack,
    tickets: store,
    approvers,
    reader: aws,
    // A drift repair writes as an approved fix does: the fix role with the approver as SourceIdentity.
    writer: (approverId: string, ticketId: string) => writerFor(fixSession(approverId, ticketId)),
    guard: (fix) =>
      judgeFixLive(fix, guardrails, {
        managementAccountId: () => readManagementAccountId(aws),
        permissionSet: (instanceArn, arn, withTags) => readPermissionSet(aws, instanceArn, arn, withTags),
      }),
    memory: store.principals,
    clock,
    logger: options.logger,
    region,
    knownPrincipals,
  });
  const adminChannelId = config.ADMIN_CHANNEL_ID;
  const setupAlerts = new SetupAlerts({
    clock,
    logger: options.logger,
    notifier: adminChannelId
      ? {
          async notify(failure) {
            const view = buildSetupFailureView(failure);
            await slack.chat.postMessage({ channel: adminChannelId, text: view.text, blocks: view.blocks });
          },
        }
      : undefined,
  });
  const worker = new SlackWorker({
    drift,
    setupAlerts,
    flow,
    client: slack,
    diagnosis,
    store,
    approvers,
    identity: {
      ...(config.SLACK_EMAIL_DOMAIN_REWRITE ? { emailDomainRewrite: config.SLACK_EMAIL_DOMAIN_REWRITE } : {}),
      ...(config.SLACK_IDENTITY_FIELD ? { profileField: config.SLACK_IDENTITY_FIELD } : {}),
    },
    logger: options.logger,
    respond: respondViaUrl,
    retries: options.jobRetries ?? 'none',
    ...(config.ADMIN_CHANNEL_ID ? { adminChannelId: config.ADMIN_CHANNEL_ID } : {}),
    // `/cant-login doctor` checks this very setup (src/doctor).
    doctor: () => ({
      slack,
      aws,
      dynamodb: config.TICKETS_TABLE ? createDynamoDbClient({ region }) : undefined,
      settings: doctorSettingsFrom(config, {
        region,
        sandbox: Boolean(sandbox),
        fallbackApprovers,
      }),
      now: () => clock.now(),
    }),
  });
  return {
    config,
    logger: options.logger,
    clock,
    aws,
    sandbox,
    diagnosis,
    store,
    flow,
    slack,
    credentials,
    approvers,
    worker,
    drift,
    async close() {
      aws.destroy();
      await store.close();
      await sandbox?.close();
    },
  };
}
