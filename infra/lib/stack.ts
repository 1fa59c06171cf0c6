import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Aws,
  aws_apigatewayv2 as apigw,
  aws_apigatewayv2_integrations as apigwIntegrations,
  aws_apigateway as apigwV1,
  CfnOutput,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as cloudwatchActions,
  Duration,
  aws_dynamodb as dynamodb,
  aws_events as events,
  aws_events_targets as eventsTargets,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_lambda_event_sources as lambdaEventSources,
  aws_logs as logs,
  aws_lambda_nodejs as nodejs,
  RemovalPolicy,
  SecretValue,
  Stack,
  type StackProps,
  aws_secretsmanager as secretsmanager,
  aws_sns as sns,
  aws_sns_subscriptions as snsSubscriptions,
  aws_sqs as sqs,
  Token,
  Validations,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AUDIT_TRAIL_SHAPE } from '../../src/audit/trail';
import { DIAGNOSIS_ACTIONS, FIX_SUPPORTING_ACTIONS, FIX_WRITE_ACTIONS } from '../../src/aws/iam-actions';
import { SCIM_EVENT_SOURCE, SIGNIN_EVENT_SOURCE } from '../../src/signin-index/keys';
import { JOB_REFUSED_EVENT } from '../../src/slack/job-auth';
import { TABLE_SHAPE } from '../../src/tickets/table';
import type { InfraConfig } from './config';
import { LAMBDA_ENTRIES, type LambdaName, REPO_ROOT } from './entries';
import { DRIFT_ENTRY, DRIFT_EXTRA_ACTIONS, InventoryScan } from './inventory';
import { SignInEventsBus } from './signin-bus';

export interface BundlingChoice {
  /** Minify the bundles (default true; tests turn it off for speed). */
  minify: boolean;
  /** Emit source maps and run with --enable-source-maps (default true). */
  sourceMap: boolean;
}

export interface CantLoginStackProps extends StackProps {
  config: InfraConfig;
  bundling?: Partial<BundlingChoice>;
  /** Where each Lambda's code comes from (default LAMBDA_ENTRIES). */
  entries?: Readonly<Record<LambdaName, string>>;
}

/** The path of the Slack request URL on the HTTP API (the same path the HTTP runtime serves). */
export const SLACK_EVENTS_PATH = '/slack/events';

/** Node.js runtime of every function (pinned: a CDK upgrade must not change it silently). */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;

/** What the Lambda bundles get instead of dynalite (see the file). */
export const DYNALITE_STUB = path.join(REPO_ROOT, 'infra', 'lambda', 'dynalite-stub.ts');

/** Sorted, for stable templates and easy comparison in tests. */
const sorted = (actions: readonly string[]) => [...actions].sort();

/**
 * cant-login on AWS: the tickets table, the Slack ingress behind an HTTP API, the worker fed by SQS (with
 * a dead-letter queue), the scheduled sweeper, the Slack secret, two least-privilege permission sets
 * (read-only diagnosis on the functions; the fix role assumed only for an approved fix), log retention
 * and alarms.
 */
export class CantLoginStack extends Stack {
  readonly table: dynamodb.Table;
  readonly auditTrail: dynamodb.Table;
  /** The key that seals every job the ingress queues (generated; read by the ingress and the worker). */
  readonly jobsKey: secretsmanager.Secret;
  readonly alarmTopic: sns.ITopic;
  readonly jobs: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  /** Every function; the sign-in indexer only when the signInIndex context flag is on. */
  readonly functions: Readonly<Partial<Record<LambdaName, nodejs.NodejsFunction>>>;
  /** The rule that feeds the sign-in indexer (signInIndex on). */
  readonly signInRule: events.Rule | undefined;
  /** The cross-account feed's bus and rule (signInIndex on and signinEventsAccountId set). */
  readonly signInBus: SignInEventsBus | undefined;
  readonly diagnosisPolicy: iam.ManagedPolicy;
  /** The execution role of the worker and the sweeper: the only role the fix role trusts. */
  readonly workerRole: iam.Role;
  readonly fixRole: iam.Role;
  readonly fixPolicy: iam.ManagedPolicy;
  readonly httpApi: apigw.HttpApi;
  readonly slackSecret: secretsmanager.ISecret;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: CantLoginStackProps) {
    super(scope, id, {
      description: 'cant-login: diagnoses AWS IAM Identity Center sign-in problems from Slack',
      ...props,
    });
    const { config } = props;
    const entries = props.entries ?? LAMBDA_ENTRIES;
    const missing = missingEntries(entries);
    if (missing.length > 0) {
      throw new Error(
        `cant-login: Lambda entry point(s) not found: ${missing.map((m) => path.relative(REPO_ROOT, m)).join(', ')} (each must export \`handler\`; the paths are in infra/lib/entries.ts)`,
      );
    }
    const bundling: BundlingChoice = { minify: true, sourceMap: true, ...props.bundling };
    const retention = config.logRetentionDays as logs.RetentionDays;

    // ---- State ------------------------------------------------------------------------------------
    this.table = new dynamodb.Table(this, 'Tickets', {
      partitionKey: { name: TABLE_SHAPE.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_SHAPE.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TABLE_SHAPE.ttlAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Feeds the audit trail: every change carries its audit event in the same item write.
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
    });
    // The long-term audit trail: written only by the exporter (items added, never overwritten), read by
    // `cant-login audit`. The worker, which may delete tickets, has no access to it at all.
    this.auditTrail = new dynamodb.Table(this, 'AuditTrail', {
      partitionKey: { name: AUDIT_TRAIL_SHAPE.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: AUDIT_TRAIL_SHAPE.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of TABLE_SHAPE.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    // ---- Queue between the ingress and the worker --------------------------------------------------
    this.deadLetters = new sqs.Queue(this, 'JobsDeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    // The slowest run of a fix: the precondition, the writes, one poll of up to 5 minutes (a run that stops
    // waiting leaves the request to the sweeper, which adopts it), and the verifying diagnosis.
    const workerTimeout = Duration.minutes(15);
    this.jobs = new sqs.Queue(this, 'Jobs', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // A Slack job is worthless after a day (response URLs expire after 30 minutes; the DM thread stays).
      retentionPeriod: Duration.days(1),
      // Six times the worker's timeout, as AWS recommends for a Lambda event source (a retry never overlaps
      // a slow run, and throttled invocations have room).
      visibilityTimeout: Duration.seconds(workerTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 3 },
    });

    // ---- Slack secret ------------------------------------------------------------------------------
    if (config.slackSecretArn) {
      this.slackSecret = secretsmanager.Secret.fromSecretCompleteArn(
        this,
        'SlackSecret',
        config.slackSecretArn,
      );
    } else {
      const created = new secretsmanager.Secret(this, 'SlackSecret', {
        description:
          'cant-login Slack credentials: a JSON object with SLACK_BOT_TOKEN (xoxb-…) and SLACK_SIGNING_SECRET. Filled in by the deployer after the first deploy.',
        // Placeholders, not secrets: the functions refuse to start ("the secret … has no SLACK_BOT_TOKEN")
        // until the deployer puts the real values in. CloudFormation never rewrites a value set later,
        // because this template value does not change.
        secretObjectValue: {
          SLACK_BOT_TOKEN: SecretValue.unsafePlainText(''),
          SLACK_SIGNING_SECRET: SecretValue.unsafePlainText(''),
        },
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(created).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Slack bot tokens and signing secrets cannot be rotated by a Lambda: they are issued in the Slack app settings (rotate them there, then put-secret-value).',
      });
      this.slackSecret = created;
    }

    this.jobsKey = new secretsmanager.Secret(this, 'JobsKey', {
      description:
        'cant-login: the key that seals every job the ingress puts on the queue (HMAC-SHA256); generated, never shown',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.jobsKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the job key would refuse the jobs in flight; rotate by hand (put-secret-value) and redeploy if it may have leaked.',
    });

    // ---- Execution roles ---------------------------------------------------------------------------
    // Two: the ingress's, and the worker's. The sweeper runs the worker's own code on a schedule
    // (SlackWorker.handle({ kind: 'sweep' })), and a sweep resumes fixes a stopped worker left half done,
    // so it runs as the worker: the fix role then trusts exactly one role.
    const role = (id: string, description: string) =>
      new iam.Role(this, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description });
    const ingressRole = role(
      'IngressRole',
      'cant-login ingress: reads the Slack secret and tickets, sends jobs to SQS; no AWS Identity Center access',
    );
    const workerRole = role(
      'WorkerRole',
      'cant-login worker and sweeper: diagnose (read-only policy); assume the fix role only for an approved fix',
    );
    this.workerRole = workerRole;

    // Only the ingress may put work on the queue: an explicit Deny for every other principal, whatever
    // their own policies allow (the worker also verifies each job's seal).
    this.jobs.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTheIngressSendsJobs',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['sqs:SendMessage'],
        resources: [this.jobs.queueArn],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': ingressRole.roleArn } },
      }),
    );
    this.jobsKey.grantRead(ingressRole);
    this.jobsKey.grantRead(workerRole);

    this.diagnosisPolicy = new iam.ManagedPolicy(this, 'DiagnosisPolicy', {
      description:
        'cant-login diagnosis: read-only access to Identity Center, Identity Store, CloudTrail and Organizations',
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadOnlyDiagnosis',
          actions: sorted(DIAGNOSIS_ACTIONS),
          resources: ['*'],
        }),
      ],
      roles: [workerRole],
    });
    Validations.of(this.diagnosisPolicy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Read-only actions only. sso:ListInstances, cloudtrail:LookupEvents, organizations:ListAccounts and organizations:DescribeOrganization support no resource-level permissions; the other reads span every permission set, account, user and group of the instance, which the bot discovers at run time (the instance too, when instanceArn is unset).',
    });

    // ---- The fix role: the only writes, assumed by the worker for an approved fix only ------------
    // Assumable only by the worker and only with a SourceIdentity (the approver): CloudTrail shows who
    // approved every write made with it.
    this.fixRole = new iam.Role(this, 'FixRole', {
      assumedBy: new iam.ArnPrincipal(workerRole.roleArn).withConditions({
        Null: { 'sts:SourceIdentity': 'false' },
      }),
      description:
        'cant-login fixes: the Identity Center writes an admin approved; assumed only by the worker',
      maxSessionDuration: Duration.hours(1),
    });
    this.fixPolicy = new iam.ManagedPolicy(this, 'FixPolicy', {
      description:
        'cant-login fixes: provision permission sets, create/delete account assignments, add group members',
      statements: fixStatements(this.partition, {
        instanceArn: config.instanceArn,
        identityStoreId: config.identityStoreId,
        account: this.account,
        protectedAccountIds: [
          config.managementAccountId ?? this.account,
          ...(config.protectedAccountIds ?? []),
        ],
        iamSupportActions: config.iamSupportActions,
      }),
      roles: [this.fixRole],
    });
    for (const [id, reason] of fixAcknowledgements(
      nagPartition(this.partition),
      config,
      nagAccount(this.account),
    )) {
      Validations.of(this.fixPolicy).acknowledge({ id, reason });
    }
    this.fixRole.assumeRolePolicy?.addStatements(
      new iam.PolicyStatement({
        sid: 'SetSourceIdentity',
        actions: ['sts:SetSourceIdentity'],
        principals: [new iam.ArnPrincipal(workerRole.roleArn)],
      }),
    );
    this.fixRole.grantAssumeRole(workerRole);
    workerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SetSourceIdentityOnFixRole',
        actions: ['sts:SetSourceIdentity'],
        resources: [this.fixRole.roleArn],
      }),
    );
    if (config.cloudTrailRoleArn) {
      workerRole.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'AssumeCloudTrailRole',
          actions: ['sts:AssumeRole'],
          resources: [config.cloudTrailRoleArn],
        }),
      );
    }

    // ---- Functions ---------------------------------------------------------------------------------
    const common: Record<string, string> = {
      SLACK_SECRET_ARN: this.slackSecret.secretArn,
      SLACK_JOBS_QUEUE_URL: this.jobs.queueUrl,
      LOG_LEVEL: config.logLevel,
      ...(config.adminChannelId ? { ADMIN_CHANNEL_ID: config.adminChannelId } : {}),
      ...(config.notifyChannelId ? { NOTIFY_CHANNEL_ID: config.notifyChannelId } : {}),
      ...(config.approvers ? { APPROVERS: config.approvers.join(',') } : {}),
      ...(config.approverGroupId ? { APPROVER_GROUP_ID: config.approverGroupId } : {}),
      ...(bundling.sourceMap ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
    };
    const backend: Record<string, string> = {
      ...common,
      TICKETS_TABLE: this.table.tableName,
      AWS_QUOTA_SHARE: String(perProcessQuotaShare(config)),
      DIAGNOSIS_WINDOW_HOURS: String(config.diagnosisWindowHours),
      TICKET_RETENTION_DAYS: String(config.ticketRetentionDays),
      AUDIT_RETENTION_DAYS: String(config.auditRetentionDays),
      APPROVAL_EXPIRY_HOURS: String(config.approvalExpiryHours),
      APPROVAL_REMINDER_HOURS: String(config.approvalReminderHours),
      FIX_ROLE_ARN: this.fixRole.roleArn,
      JOBS_KEY_SECRET_ARN: this.jobsKey.secretArn,
      PROTECTED_ACCOUNT_IDS: [
        config.managementAccountId ?? this.account,
        ...(config.protectedAccountIds ?? []),
      ].join(','),
      ...(config.allowedPermissionSets
        ? { ALLOWED_PERMISSION_SETS: config.allowedPermissionSets.join(',') }
        : {}),
      ...(config.allowedPermissionSetTag
        ? { ALLOWED_PERMISSION_SET_TAG: config.allowedPermissionSetTag }
        : {}),
      ...(config.twoApproverPermissionSets
        ? { TWO_APPROVER_PERMISSION_SETS: config.twoApproverPermissionSets }
        : {}),
      ...(config.cloudTrailRoleArn ? { CLOUDTRAIL_ROLE_ARN: config.cloudTrailRoleArn } : {}),
      ...(config.instanceArn ? { IDENTITY_CENTER_INSTANCE_ARN: config.instanceArn } : {}),
    };

    const fn = (
      name: LambdaName,
      executionRole: iam.Role,
      environment: Record<string, string>,
      extra: Partial<nodejs.NodejsFunctionProps>,
    ) => {
      const id = capitalise(name);
      const logGroup = new logs.LogGroup(this, `${id}Logs`, {
        retention,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      // Written here instead of the AWS managed AWSLambdaBasicExecutionRole: only this function's group.
      executionRole.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: `Write${id}Logs`,
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn],
        }),
      );
      const entry = entries[name];
      const f = new nodejs.NodejsFunction(this, id, {
        entry,
        handler: 'handler',
        runtime: RUNTIME,
        architecture: lambda.Architecture.ARM_64,
        role: executionRole,
        logGroup,
        environment,
        projectRoot: REPO_ROOT,
        depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
        bundling: {
          // Local esbuild, never Docker (there may be no Docker engine where this synthesises).
          forceDockerBundling: false,
          minify: bundling.minify,
          sourceMap: bundling.sourceMap,
          sourcesContent: false,
          // Bundle the AWS SDK too: the app is tested against the versions in package-lock.json, not the
          // runtime's copy.
          externalModules: [],
          charset: nodejs.Charset.UTF8,
          logLevel: nodejs.LogLevel.ERROR,
          tsconfig: path.join(REPO_ROOT, 'tsconfig.json'),
          // dynalite (the embedded store for runs without a table) loads a native LevelDB binding at
          // import time, which would crash every cold start; the functions always use TICKETS_TABLE.
          esbuildArgs: { '--alias:dynalite': DYNALITE_STUB },
        },
        ...extra,
      });
      // Only functions that talk to Slack read its secret (the sign-in indexer does not).
      if (environment.SLACK_SECRET_ARN) this.slackSecret.grantRead(executionRole);
      return f;
    };

    const ingress = fn(
      'ingress',
      ingressRole,
      { ...common, TICKETS_TABLE: this.table.tableName, JOBS_KEY_SECRET_ARN: this.jobsKey.secretArn },
      {
        description: 'cant-login Slack ingress: verify, ack, enqueue',
        memorySize: 512,
        // Slack wants an answer within 3 s; anything longer has already failed.
        timeout: Duration.seconds(10),
      },
    );
    this.jobs.grantSendMessages(ingressRole);
    // The ingress reads one ticket by key (a button carries only the ticket id): GetItem on the table.
    ingressRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadTicketByKey',
        actions: ['dynamodb:DescribeTable', 'dynamodb:GetItem'],
        resources: [this.table.tableArn],
      }),
    );

    const worker = fn('worker', workerRole, backend, {
      description: 'cant-login worker: diagnoses and applies approved fixes (SQS)',
      memorySize: 1024,
      timeout: workerTimeout,
    });
    worker.addEventSource(
      new lambdaEventSources.SqsEventSource(this.jobs, {
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: config.workerConcurrency,
      }),
    );
    this.table.grantReadWriteData(workerRole);

    const sweeper = fn('sweeper', workerRole, backend, {
      description:
        'cant-login sweeper: expires approvals, sends reminders, resumes interrupted fixes (schedule)',
      memorySize: 1024,
      // Shorter than the schedule period, so sweeps never overlap (the quota share counts one sweeper);
      // a fix still running when it ends is resumed by the next sweep (fixes are idempotent).
      timeout: Duration.seconds(Math.min(config.sweepMinutes * 60 - 5, workerTimeout.toSeconds())),
      // The next sweep comes soon enough: a failed one is not retried.
      retryAttempts: 0,
    });
    new events.Rule(this, 'SweepSchedule', {
      description: `cant-login sweeper, every ${config.sweepMinutes} minute(s)`,
      schedule: events.Schedule.rate(Duration.minutes(config.sweepMinutes)),
      targets: [new eventsTargets.LambdaFunction(sweeper, { retryAttempts: 0 })],
    });

    // ---- Inventory scan: records principals and finds orphaned assignments, throttled and resumable ----
    new InventoryScan(this, 'Inventory', {
      table: this.table,
      diagnosisPolicy: this.diagnosisPolicy,
      slackSecret: this.slackSecret,
      environment: backend,
      logRetention: retention,
      bundling,
    });

    // The drift scan: the whole instance, every hour, resumable; it posts one digest per finished scan
    // (repairs are decided through the worker, like every other Slack job).
    new InventoryScan(this, 'DriftScan', {
      table: this.table,
      diagnosisPolicy: this.diagnosisPolicy,
      slackSecret: this.slackSecret,
      environment: backend,
      logRetention: retention,
      bundling,
      entry: DRIFT_ENTRY,
      every: Duration.hours(1),
      extraActions: DRIFT_EXTRA_ACTIONS,
      what: 'drift scan: broken access across the organisation, digested for the admins',
    });

    // ---- Sign-in index (optional): EventBridge → indexer → the tickets table --------------------------
    let signInIndexer: nodejs.NodejsFunction | undefined;
    if (config.signInIndex) {
      const indexerRole = role(
        'SignInIndexerRole',
        'cant-login sign-in indexer: writes sign-in and SCIM events into the tickets table (PutItem only)',
      );
      signInIndexer = fn(
        'signInIndexer',
        indexerRole,
        {
          TICKETS_TABLE: this.table.tableName,
          LOG_LEVEL: config.logLevel,
          ...(bundling.sourceMap ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
        },
        {
          description:
            'cant-login sign-in indexer: sign-in and SCIM events, by person, into the table (EventBridge)',
          memorySize: 256,
          timeout: Duration.seconds(30),
        },
      );
      indexerRole.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'IndexSignInEvents',
          actions: ['dynamodb:PutItem'],
          resources: [this.table.tableArn],
        }),
      );
      this.signInRule = new events.Rule(this, 'SignInEvents', {
        description:
          'cant-login: Identity Center sign-in and SCIM provisioning events (via CloudTrail) to the sign-in indexer',
        eventPattern: {
          source: ['aws.signin', 'aws.identitystore', 'aws.identitystore-scim'],
          detailType: [
            'AWS Console Sign In via CloudTrail',
            'AWS Service Event via CloudTrail',
            'AWS API Call via CloudTrail',
          ],
          detail: { eventSource: [SIGNIN_EVENT_SOURCE, SCIM_EVENT_SOURCE] },
        },
        // Re-delivery is harmless: the indexer is idempotent on the event id.
        targets: [new eventsTargets.LambdaFunction(signInIndexer, { retryAttempts: 3 })],
      });
      // Sign-in events that land in another account arrive on a bus of their own (signin-bus.ts).
      if (config.signinEventsAccountId)
        this.signInBus = new SignInEventsBus(this, 'SignInEventsFeed', {
          sourceAccountId: config.signinEventsAccountId,
          indexer: signInIndexer,
        });
    } else {
      this.signInRule = undefined;
    }

    // ---- Audit trail: the tickets table's stream → exporter → the append-only trail table ----------------
    const exporterRole = role(
      'AuditExportRole',
      'cant-login audit exporter: reads the tickets stream, adds items to the audit trail (PutItem only)',
    );
    const auditExport = fn(
      'auditExport',
      exporterRole,
      {
        AUDIT_TABLE: this.auditTrail.tableName,
        LOG_LEVEL: config.logLevel,
        ...(bundling.sourceMap ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
      },
      {
        description:
          'cant-login audit exporter: every audit event into the append-only trail (DynamoDB stream)',
        memorySize: 256,
        timeout: Duration.seconds(60),
      },
    );
    exporterRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'AppendToAuditTrail',
        actions: ['dynamodb:PutItem'],
        resources: [this.auditTrail.tableArn],
      }),
    );
    auditExport.addEventSource(
      new lambdaEventSources.DynamoEventSource(this.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        retryAttempts: 10,
        bisectBatchOnError: true,
        reportBatchItemFailures: false,
      }),
    );
    Validations.of(exporterRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams supports no resource-level permission (added by the DynamoDB event source).',
    });
    // Only `cant-login audit` (an admin's own credentials) reads the trail.
    new CfnOutput(this, 'AuditTrailTableName', { value: this.auditTrail.tableName });

    this.functions = {
      ingress,
      worker,
      sweeper,
      auditExport,
      ...(signInIndexer ? { signInIndexer } : {}),
    };

    Validations.of(workerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.table.node.defaultChild as dynamodb.CfnTable)}.Arn>/index/*]`,
      reason: `Queries of the tickets table's own indexes (${TABLE_SHAPE.indexes.map((i) => i.name).join(', ')}: tickets by subject, by state, audit events by month); an index ARN is the table ARN + /index/<name>, nothing else matches.`,
    });

    // ---- HTTPS endpoint for Slack ------------------------------------------------------------------
    this.httpApi = new apigw.HttpApi(this, 'SlackApi', {
      description: 'cant-login: Slack slash command, interactivity and events',
      createDefaultStage: false,
    });
    this.httpApi.addRoutes({
      path: SLACK_EVENTS_PATH,
      methods: [apigw.HttpMethod.POST],
      integration: new apigwIntegrations.HttpLambdaIntegration('SlackIngress', ingress, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      }),
    });
    const accessLogs = new logs.LogGroup(this, 'SlackApiAccessLogs', {
      retention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new apigw.HttpStage(this, 'SlackApiStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      // A Slack workspace sends a few requests a second at most; this caps what a flood can cost.
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: apigwV1.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            userAgent: '$context.identity.userAgent',
          }),
        ),
      },
    });
    for (const route of this.httpApi.node.findAll().filter((c) => c instanceof apigw.CfnRoute)) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Slack cannot present IAM, JWT or Cognito credentials. Every request is authenticated in the function by its Slack signature (HMAC-SHA256 of the body with the signing secret) and a 5-minute timestamp window; unsigned requests get 401.',
      });
    }

    // ---- Alarms ------------------------------------------------------------------------------------
    // Alarms always notify someone: the given topic, or one the stack creates (with an e-mail subscription
    // when alarmEmail is set; subscribe anything else to the AlarmTopicArn output).
    let topic: sns.ITopic;
    if (config.alarmTopicArn) {
      topic = sns.Topic.fromTopicArn(this, 'AlarmTopic', config.alarmTopicArn);
    } else {
      const created = new sns.Topic(this, 'AlarmTopic', {
        displayName: 'cant-login alarms',
        enforceSSL: true,
      });
      if (config.alarmEmail)
        created.addSubscription(new snsSubscriptions.EmailSubscription(config.alarmEmail));
      Validations.of(created).acknowledge({
        id: 'AwsSolutions-SNS2',
        reason:
          'Alarm notifications carry no secret (alarm names and states); SSE would need a KMS key CloudWatch may use.',
      });
      topic = created;
    }
    this.alarmTopic = topic;
    const alarm = (id: string, props: cloudwatch.AlarmProps) => {
      const a = new cloudwatch.Alarm(this, id, {
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        ...props,
      });
      a.addAlarmAction(new cloudwatchActions.SnsAction(topic));
      this.alarms.push(a);
      return a;
    };
    const fiveMinutes = Duration.minutes(5);
    for (const [name, f] of Object.entries(this.functions)) {
      const id = capitalise(name);
      alarm(`${id}Errors`, {
        alarmDescription: `cant-login ${name}: the function failed (its logs, ${name} log group, say why)`,
        metric: f.metricErrors({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        evaluationPeriods: 1,
      });
      alarm(`${id}Throttles`, {
        alarmDescription: `cant-login ${name}: Lambda throttled invocations (account concurrency exhausted?)`,
        metric: f.metricThrottles({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        evaluationPeriods: 1,
      });
    }
    // A job that failed verification: someone other than the ingress put work on the queue (or the key
    // changed under a job in flight). Counted from the worker's log line.
    const workerLogGroup = worker.logGroup;
    const refusedJobs = new logs.MetricFilter(this, 'RefusedJobs', {
      logGroup: workerLogGroup,
      filterPattern: logs.FilterPattern.stringValue('$.event', '=', JOB_REFUSED_EVENT),
      metricNamespace: 'CantLogin',
      metricName: 'RefusedJobs',
      metricValue: '1',
      defaultValue: 0,
    });
    alarm('RefusedJobsAlarm', {
      alarmDescription:
        'cant-login: the worker refused a job that failed verification (forged, replayed or expired): check who can send to the jobs queue',
      metric: refusedJobs.metric({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      evaluationPeriods: 1,
    });
    alarm('DeadLetters', {
      alarmDescription:
        'cant-login: jobs failed three times and are in the dead-letter queue (someone is waiting for an answer)',
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({
        period: fiveMinutes,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
    });
    alarm('JobsWaiting', {
      alarmDescription: 'cant-login: a job has waited more than 10 minutes for the worker',
      metric: this.jobs.metricApproximateAgeOfOldestMessage({
        period: fiveMinutes,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 600,
      evaluationPeriods: 1,
    });
    alarm('SlackApiServerErrors', {
      alarmDescription: 'cant-login: the Slack endpoint answered 5xx (Slack shows the person an error)',
      metric: this.httpApi.metricServerError({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      evaluationPeriods: 1,
    });

    // ---- Outputs -----------------------------------------------------------------------------------
    new CfnOutput(this, 'SlackRequestUrl', {
      description:
        'Set this as the Request URL of the slash command, Interactivity and Event Subscriptions in the Slack app (manifest: slash_commands[].url, settings.interactivity.request_url and message_menu_options_url, settings.event_subscriptions.request_url; infra/slack-manifest.http.yml)',
      value: `${this.httpApi.apiEndpoint}${SLACK_EVENTS_PATH}`,
    });
    new CfnOutput(this, 'SlackSecretArn', {
      description: config.slackSecretArn
        ? 'The Slack secret the functions read (given as slackSecretArn)'
        : 'Created empty: put the Slack tokens in it (see SlackSecretInstructions), then the functions start',
      value: this.slackSecret.secretArn,
    });
    if (!config.slackSecretArn) {
      new CfnOutput(this, 'SlackSecretInstructions', {
        description:
          'Run this with the real values (Bot User OAuth Token; Signing Secret from Basic Information)',
        value: `aws secretsmanager put-secret-value --region ${Aws.REGION} --secret-id ${this.slackSecret.secretArn} --secret-string '{"SLACK_BOT_TOKEN":"xoxb-...","SLACK_SIGNING_SECRET":"..."}'`,
      });
    }
    new CfnOutput(this, 'TicketsTableName', { value: this.table.tableName });
    new CfnOutput(this, 'JobsQueueUrl', { value: this.jobs.queueUrl });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetters.queueUrl });
    new CfnOutput(this, 'WorkerRoleArn', {
      description:
        'Trust this role from the CloudTrail role in the account that owns the instance (cloudTrailRoleArn)',
      value: workerRole.roleArn,
    });
    new CfnOutput(this, 'FixRoleArn', { value: this.fixRole.roleArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    new CfnOutput(this, 'DiagnosisPolicyArn', { value: this.diagnosisPolicy.managedPolicyArn });
  }
}

/** How cdk-nag spells a partition in a finding id: the literal, or `<AWS::Partition>` for the pseudo
 * parameter of an environment-agnostic stack. */
function nagPartition(partition: string): string {
  return Token.isUnresolved(partition) ? '<AWS::Partition>' : partition;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Every worker invocation (up to workerConcurrency at once) and the sweeper run their own client-side
 * rate limiter, so each gets an equal part of the deployment's share: together they never exceed
 * quotaShare of any AWS quota. The ingress calls no rate-limited AWS API.
 */
export function perProcessQuotaShare(config: Pick<InfraConfig, 'quotaShare' | 'workerConcurrency'>): number {
  // Four decimals, rounded down (the epsilon absorbs binary noise such as 0.6 / 6 = 0.09999…).
  return Math.floor((config.quotaShare / (config.workerConcurrency + 1)) * 10_000 + 1e-9) / 10_000;
}

/** What scopes the fix policy. */
export interface FixScope {
  instanceArn: string | undefined;
  identityStoreId: string | undefined;
  /** The stack's account (a token in an environment-agnostic stack). */
  account: string;
  /** No Identity Center write may target these (the management account first). */
  protectedAccountIds: readonly string[];
  iamSupportActions: boolean;
}

/** The Identity Center resources a fix may touch: the instance (when known), its permission sets and
 * the organisation's accounts. */
function identityCenterResources(partition: string, instanceArn: string | undefined): string[] {
  if (instanceArn) {
    const [, arnPartition] = instanceArn.split(':');
    const instanceId = instanceArn.slice(instanceArn.indexOf('instance/') + 'instance/'.length);
    return [
      instanceArn,
      `arn:${arnPartition}:sso:::permissionSet/${instanceId}/*`,
      `arn:${arnPartition}:sso:::account/*`,
    ];
  }
  return [
    `arn:${partition}:sso:::instance/*`,
    `arn:${partition}:sso:::permissionSet/*`,
    `arn:${partition}:sso:::account/*`,
  ];
}

/** The identity store resources a membership write touches: the configured store, its groups and the new
 * membership (whose ids the stack cannot know). Unset: any store. */
function identityStoreResources(
  partition: string,
  account: string,
  identityStoreId: string | undefined,
): string[] {
  if (!identityStoreId) return ['*'];
  return [
    `arn:${partition}:identitystore::${account}:identitystore/${identityStoreId}`,
    `arn:${partition}:identitystore:::group/*`,
    `arn:${partition}:identitystore:::user/*`,
    `arn:${partition}:identitystore:::membership/*`,
  ];
}

/** The fix policy: exactly FIX_WRITE_ACTIONS (+ FIX_SUPPORTING_ACTIONS when the deployment provisions
 * into its own account), each scoped as narrowly as the action allows, and an explicit Deny of every
 * Identity Center write in the protected accounts. An action this function does not know how to scope
 * stops the synth, so a new write is never granted on `*` by accident. */
export function fixStatements(partition: string, scope: FixScope): iam.PolicyStatement[] {
  const sso: string[] = [];
  const identityStore: string[] = [];
  const roles: string[] = [];
  const samlProviders: string[] = [];
  const listSaml: string[] = [];
  const actions = [...FIX_WRITE_ACTIONS, ...(scope.iamSupportActions ? FIX_SUPPORTING_ACTIONS : [])];
  for (const action of actions) {
    const [service, name = ''] = action.split(':');
    if (service === 'sso') sso.push(action);
    else if (service === 'identitystore') identityStore.push(action);
    else if (service === 'iam' && name === 'ListSAMLProviders') listSaml.push(action);
    else if (service === 'iam' && name.includes('SAMLProvider')) samlProviders.push(action);
    else if (service === 'iam' && name.includes('Role')) roles.push(action);
    else
      throw new Error(
        `infra/lib/stack.ts: no resource scoping is defined for the fix action "${action}"; add it to fixStatements()`,
      );
  }
  const statements: iam.PolicyStatement[] = [];
  const add = (sid: string, acts: string[], resources: string[]) => {
    if (acts.length > 0) statements.push(new iam.PolicyStatement({ sid, actions: sorted(acts), resources }));
  };
  add('IdentityCenterWrites', sso, identityCenterResources(partition, scope.instanceArn));
  add(
    'IdentityStoreWrites',
    identityStore,
    identityStoreResources(partition, scope.account, scope.identityStoreId),
  );
  // Identity Center asks these of a caller that provisions into its own account only (elsewhere it acts
  // through its service-linked role): scoped to this account's reserved roles and SAML provider.
  add('SsoReservedRoles', roles, [
    `arn:${partition}:iam::${scope.account}:role/aws-reserved/sso.amazonaws.com/*`,
  ]);
  add('SsoSamlProviders', samlProviders, [`arn:${partition}:iam::${scope.account}:saml-provider/AWSSSO_*`]);
  add('ListSamlProviders', listSaml, ['*']);
  const ssoPartition = scope.instanceArn ? (scope.instanceArn.split(':')[1] as string) : partition;
  statements.push(
    new iam.PolicyStatement({
      sid: 'NeverInProtectedAccounts',
      effect: iam.Effect.DENY,
      actions: sorted(sso),
      resources: [...new Set(scope.protectedAccountIds)].map(
        (id) => `arn:${ssoPartition}:sso:::account/${id}`,
      ),
    }),
  );
  return statements;
}

/** The cdk-nag IAM5 findings on the fix policy, each with the reason it cannot be narrower. */
function fixAcknowledgements(
  partition: string,
  config: Pick<InfraConfig, 'instanceArn' | 'identityStoreId' | 'iamSupportActions'>,
  account: string,
): Array<[string, string]> {
  const { instanceArn } = config;
  const ssoReason =
    'sso:ProvisionPermissionSet, CreateAccountAssignment and DeleteAccountAssignment are authorised on the instance, the permission set and the target account; an approved fix may target any allowed permission set and any account of the organisation except the protected ones (denied explicitly), chosen by the approver at run time.';
  const ic = instanceArn
    ? [
        `arn:${instanceArn.split(':')[1]}:sso:::permissionSet/${instanceArn.slice(instanceArn.indexOf('instance/') + 9)}/*`,
        `arn:${instanceArn.split(':')[1]}:sso:::account/*`,
      ]
    : [
        `arn:${partition}:sso:::instance/*`,
        `arn:${partition}:sso:::permissionSet/*`,
        `arn:${partition}:sso:::account/*`,
      ];
  const acks: Array<[string, string]> = ic.map((r): [string, string] => [
    `AwsSolutions-IAM5[Resource::${r}]`,
    ssoReason,
  ]);
  const membershipReason =
    'identitystore:CreateGroupMembership is authorised on the identity store, the group, the user and the new membership; the group and user are chosen per fix and the membership does not exist yet (the identity store itself is fixed by identityStoreId).';
  if (config.identityStoreId) {
    for (const r of ['group/*', 'user/*', 'membership/*'])
      acks.push([`AwsSolutions-IAM5[Resource::arn:${partition}:identitystore:::${r}]`, membershipReason]);
  }
  if (!config.identityStoreId || config.iamSupportActions) {
    acks.push([
      'AwsSolutions-IAM5[Resource::*]',
      `${config.identityStoreId ? '' : 'identitystore:CreateGroupMembership on any identity store (set identityStoreId to scope it). '}${config.iamSupportActions ? 'iam:ListSAMLProviders supports no resource-level permissions.' : ''}`.trim(),
    ]);
  }
  if (config.iamSupportActions) {
    acks.push(
      [
        `AwsSolutions-IAM5[Resource::arn:${partition}:iam::${account}:role/aws-reserved/sso.amazonaws.com/*]`,
        'Identity Center creates and updates the AWSReservedSSO_* roles in this account on behalf of the caller of a fix; scoped to the path it reserves for them.',
      ],
      [
        `AwsSolutions-IAM5[Resource::arn:${partition}:iam::${account}:saml-provider/AWSSSO_*]`,
        "Identity Center creates and updates its AWSSSO_* SAML provider in this account on the caller's behalf; scoped to that name prefix.",
      ],
    );
  }
  return acks;
}

/** How cdk-nag spells the account in a finding id: the literal, or `<AWS::AccountId>`. */
function nagAccount(account: string): string {
  return Token.isUnresolved(account) ? '<AWS::AccountId>' : account;
}

/** The Lambda entries whose file does not exist (the sweeper's is written separately from this stack). */
export function missingEntries(entries: Readonly<Record<LambdaName, string>> = LAMBDA_ENTRIES): string[] {
  return Object.values(entries).filter((e) => !fs.existsSync(e));
}
