import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { DIAGNOSIS_ACTIONS, FIX_SUPPORTING_ACTIONS, FIX_WRITE_ACTIONS } from '../../src/aws/iam-actions';
import { SCIM_EVENT_SOURCE, SIGNIN_EVENT_SOURCE } from '../../src/signin-index/keys';
import { TABLE_SHAPE } from '../../src/tickets/table';
import { DEFAULTS } from '../lib/config';
import { perProcessQuotaShare, RUNTIME, SLACK_EVENTS_PATH } from '../lib/stack';
import {
  actionsOf,
  allStatements,
  bundleDir,
  type CfnTemplate,
  functionEnvironments,
  list,
  resourceNamed,
  roleStatements,
  type Statement,
  synth,
} from './helpers';

/** The stack with the defaults (no context at all): what `npm run synth` produces without an account. */
let template: Template;
let json: CfnTemplate;
let assemblyDir: string;

beforeAll(() => {
  ({ template, json, assemblyDir } = synth());
});

const WRITE = /:(Create|Delete|Update|Put|Provision|Attach|Detach)/;
const sortedCopy = (a: readonly string[]) => [...a].sort();
const ref = (prefix: string, type?: string) => ({ Ref: resourceNamed(json, prefix, type)[0] });
const arnOf = (prefix: string, type?: string) => ({
  'Fn::GetAtt': [resourceNamed(json, prefix, type)[0], 'Arn'],
});
const roleId = (name: string) => resourceNamed(json, `${name}Role`, 'AWS::IAM::Role')[0];
const fnId = (name: string) => resourceNamed(json, name, 'AWS::Lambda::Function')[0];

describe('the tickets table', () => {
  test('has the keys, indexes and TTL of TABLE_SHAPE, and a stream that feeds the audit trail', () => {
    // The tickets table and the audit trail.
    template.resourceCountIs('AWS::DynamoDB::Table', 2);
    expect(resourceNamed(json, 'Tickets', 'AWS::DynamoDB::Table')[1].Properties!.StreamSpecification).toEqual(
      {
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    );
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE_SHAPE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_SHAPE.sortKey, KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: TABLE_SHAPE.ttlAttribute, Enabled: true },
    });
    const [, table] = resourceNamed(json, 'Tickets', 'AWS::DynamoDB::Table');
    const gsis = table.Properties!.GlobalSecondaryIndexes as Array<{
      IndexName: string;
      KeySchema: Array<{ AttributeName: string; KeyType: string }>;
    }>;
    expect(gsis.map((g) => ({ name: g.IndexName, keys: g.KeySchema }))).toEqual(
      TABLE_SHAPE.indexes.map((i) => ({
        name: i.name,
        keys: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
      })),
    );
    const attributes = table.Properties!.AttributeDefinitions as Array<{
      AttributeName: string;
      AttributeType: string;
    }>;
    expect(attributes.every((a) => a.AttributeType === 'S')).toBe(true);
  });

  test('is on-demand, with point-in-time recovery, encryption and deletion protection, and is retained', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('the audit trail', () => {
  test('only the exporter may write to it, and only by adding items; the worker cannot touch it', () => {
    const trail = resourceNamed(json, 'AuditTrail', 'AWS::DynamoDB::Table')[0];
    const touching = allStatements(json).filter(
      ({ statement }) =>
        statement.Effect === 'Allow' && JSON.stringify(statement.Resource ?? '').includes(trail),
    );
    expect(touching.map((t) => [t.from, actionsOf([t.statement])])).toEqual([
      [resourceNamed(json, 'AuditExportRoleDefaultPolicy', 'AWS::IAM::Policy')[0], ['dynamodb:PutItem']],
    ]);
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
      DeletionPolicy: 'Retain',
    });
    // The exporter reads the tickets table's stream.
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: {
        'Fn::GetAtt': [resourceNamed(json, 'Tickets', 'AWS::DynamoDB::Table')[0], 'StreamArn'],
      },
      FunctionName: { Ref: fnId('AuditExport') },
    });
  });
});

describe('the queue between ingress and worker', () => {
  test('sends a job to the dead-letter queue after three failed receives', () => {
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: arnOf('JobsDeadLetters', 'AWS::SQS::Queue'), maxReceiveCount: 3 },
      SqsManagedSseEnabled: true,
    });
    const [, dlq] = resourceNamed(json, 'JobsDeadLetters', 'AWS::SQS::Queue');
    expect(dlq.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    expect(dlq.Properties?.RedrivePolicy).toBeUndefined();
  });

  test("outlasts the worker: the visibility timeout is at least the worker's timeout", () => {
    const [, jobs] = resourceNamed(json, 'JobsDF', 'AWS::SQS::Queue');
    const [, worker] = resourceNamed(json, 'Worker', 'AWS::Lambda::Function');
    expect(jobs.Properties!.VisibilityTimeout as number).toBeGreaterThanOrEqual(
      worker.Properties!.Timeout as number,
    );
  });

  test('feeds the worker one job at a time, reporting item failures, at bounded concurrency', () => {
    // The jobs queue → worker, and the tickets stream → audit exporter.
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: arnOf('JobsDF', 'AWS::SQS::Queue'),
      FunctionName: { Ref: fnId('Worker') },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: DEFAULTS.workerConcurrency },
    });
  });

  test('both queues refuse requests without TLS', () => {
    const denies = allStatements(json).filter(
      (s) => s.type === 'AWS::SQS::QueuePolicy' && s.statement.Condition?.Bool,
    );
    expect(denies).toHaveLength(2);
    for (const { statement } of denies) {
      expect(statement).toMatchObject({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
    }
  });

  test('only the ingress role may send to the jobs queue: an explicit Deny on aws:PrincipalArn', () => {
    const only = allStatements(json).filter(
      (s) => s.type === 'AWS::SQS::QueuePolicy' && s.statement.Sid === 'OnlyTheIngressSendsJobs',
    );
    expect(only.map((o) => o.statement)).toEqual([
      {
        Sid: 'OnlyTheIngressSendsJobs',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'sqs:SendMessage',
        Resource: arnOf('JobsDF', 'AWS::SQS::Queue'),
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': arnOf('IngressRole', 'AWS::IAM::Role') } },
      },
    ]);
  });

  test('the visibility timeout is at least six times the worker timeout (AWS guidance for SQS → Lambda)', () => {
    const [, jobs] = resourceNamed(json, 'JobsDF', 'AWS::SQS::Queue');
    const [, worker] = resourceNamed(json, 'Worker', 'AWS::Lambda::Function');
    expect(jobs.Properties!.VisibilityTimeout).toBe((worker.Properties!.Timeout as number) * 6);
    // The worker's timeout covers the slowest run: one 5-minute poll plus the precondition and verification.
    expect(worker.Properties!.Timeout).toBe(900);
  });

  test('jobs are sealed with a generated key only the ingress and the worker may read', () => {
    const [keyId, key] = resourceNamed(json, 'JobsKey', 'AWS::SecretsManager::Secret');
    expect(key.Properties!.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    const readers = allStatements(json)
      .filter(
        ({ statement }) =>
          statement.Effect === 'Allow' &&
          actionsOf([statement]).includes('secretsmanager:GetSecretValue') &&
          JSON.stringify(statement.Resource) === JSON.stringify({ Ref: keyId }),
      )
      .map((s) => s.from)
      .sort();
    expect(readers).toEqual(
      [
        resourceNamed(json, 'IngressRoleDefaultPolicy', 'AWS::IAM::Policy')[0],
        resourceNamed(json, 'WorkerRoleDefaultPolicy', 'AWS::IAM::Policy')[0],
      ].sort(),
    );
  });
});

describe('the sweeper schedule', () => {
  test(`runs the sweeper every ${DEFAULTS.sweepMinutes} minutes by default, without retries`, () => {
    // The sweep schedule, the inventory and drift scans' schedules and the sign-in events rule (below).
    template.resourceCountIs('AWS::Events::Rule', 4);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: `rate(${DEFAULTS.sweepMinutes} minutes)`,
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: arnOf('Sweeper', 'AWS::Lambda::Function'),
          RetryPolicy: { MaximumRetryAttempts: 0 },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: arnOf('Sweeper', 'AWS::Lambda::Function'),
    });
  });
});

describe('the drift scan', () => {
  test('runs every hour on a read-only role of its own, with the listings it needs and no write', () => {
    const [, fn] = resourceNamed(json, 'DriftScanFunction', 'AWS::Lambda::Function');
    expect(fn.Properties).toMatchObject({ Role: arnOf('DriftScanRole', 'AWS::IAM::Role'), Timeout: 600 });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [Match.objectLike({ Arn: arnOf('DriftScanFunction', 'AWS::Lambda::Function') })],
    });
    const policies = Object.values(json.Resources).filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties?.Roles ?? []).includes('DriftScanRole'),
    );
    const actions = policies.flatMap((p) => {
      const doc = p.Properties?.PolicyDocument as
        | { Statement?: Array<{ Action: string | string[] }> }
        | undefined;
      return (doc?.Statement ?? []).flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
    });
    expect(actions).toEqual(
      // organizations:ListAccounts and the rest come with the diagnosis policy.
      expect.arrayContaining(['identitystore:ListGroupMemberships']),
    );
    expect(actions.filter((a) => /^sso:(Create|Delete|Provision)|^identitystore:Create/.test(a))).toEqual([]);
  });
});

describe('the sign-in index (signInIndex, on by default)', () => {
  test('a rule sends sign-in and SCIM events, and only those, to the indexer', () => {
    const [, rule] = resourceNamed(json, 'SignInEvents', 'AWS::Events::Rule');
    expect(rule.Properties).toMatchObject({
      State: 'ENABLED',
      EventPattern: {
        source: ['aws.signin', 'aws.identitystore', 'aws.identitystore-scim'],
        'detail-type': [
          'AWS Console Sign In via CloudTrail',
          'AWS Service Event via CloudTrail',
          'AWS API Call via CloudTrail',
        ],
        detail: { eventSource: [SIGNIN_EVENT_SOURCE, SCIM_EVENT_SOURCE] },
      },
      Targets: [
        expect.objectContaining({
          Arn: arnOf('SignInIndexer', 'AWS::Lambda::Function'),
          RetryPolicy: { MaximumRetryAttempts: 3 },
        }),
      ],
    });
    expect(rule.Properties!.ScheduleExpression).toBeUndefined();
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: arnOf('SignInIndexer', 'AWS::Lambda::Function'),
      SourceArn: arnOf('SignInEvents', 'AWS::Events::Rule'),
    });
  });

  test("the indexer's role may only PutItem on the table and write its own log group", () => {
    expect(roleStatements(json, roleId('SignInIndexer'))).toEqual([
      {
        Sid: 'WriteSignInIndexerLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: arnOf('SignInIndexerLogs', 'AWS::Logs::LogGroup'),
      },
      {
        Sid: 'IndexSignInEvents',
        Effect: 'Allow',
        Action: 'dynamodb:PutItem',
        Resource: arnOf('Tickets', 'AWS::DynamoDB::Table'),
      },
    ]);
    // Nobody else uses the role.
    const [, fn] = resourceNamed(json, 'SignInIndexer', 'AWS::Lambda::Function');
    expect(fn.Properties!.Role).toEqual(arnOf('SignInIndexerRole', 'AWS::IAM::Role'));
  });
});

describe('the functions', () => {
  test('seven Node.js functions, each with its own log group with retention; the sweeper runs as the worker', () => {
    // Ingress, worker, sweeper, audit exporter, sign-in indexer, inventory scan, drift scan.
    template.resourceCountIs('AWS::Lambda::Function', 7);
    for (const [name, roleName] of [
      ['Ingress', 'Ingress'],
      ['Worker', 'Worker'],
      ['Sweeper', 'Worker'],
      ['SignInIndexer', 'SignInIndexer'],
    ] as const) {
      const [, fn] = resourceNamed(json, name, 'AWS::Lambda::Function');
      expect(fn.Properties).toMatchObject({
        Runtime: RUNTIME.name,
        Handler: 'index.handler',
        Role: arnOf(`${roleName}Role`, 'AWS::IAM::Role'),
        LoggingConfig: { LogGroup: ref(`${name}Logs`, 'AWS::Logs::LogGroup') },
      });
    }
    // Six execution roles (ingress, worker, audit exporter, sign-in indexer, inventory scan, drift scan)
    // and the fix role; nothing else.
    template.resourceCountIs('AWS::IAM::Role', 7);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: DEFAULTS.logRetentionDays });
  });

  test.each(['Ingress', 'Worker', 'Sweeper', 'SignInIndexer'])(
    'the %s bundle loads in a fresh Node.js process and exports handler (no native module left behind)',
    (name) => {
      const dir = bundleDir(json, assemblyDir, fnId(name));
      const run = spawnSync(
        process.execPath,
        ['-e', `process.stdout.write(typeof require(${JSON.stringify(path.join(dir, 'index.js'))}).handler)`],
        {
          cwd: os.tmpdir(),
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      );
      expect({ stdout: run.stdout, stderr: run.stderr.split('\n').slice(0, 3).join('\n') }).toEqual({
        stdout: 'function',
        stderr: '',
      });
    },
  );

  test('sweeps never overlap: the sweeper times out before the next one starts', () => {
    const [, sweeper] = resourceNamed(json, 'Sweeper', 'AWS::Lambda::Function');
    expect(sweeper.Properties!.Timeout as number).toBeLessThan(DEFAULTS.sweepMinutes * 60);
  });

  test('Slack secrets are never environment variables: only SLACK_SECRET_ARN, on every Slack function', () => {
    const envs = functionEnvironments(json);
    expect(Object.keys(envs)).toHaveLength(7);
    for (const [id, env] of Object.entries(envs)) {
      if (id === fnId('SignInIndexer')) {
        expect(env).toEqual({ TICKETS_TABLE: ref('Tickets', 'AWS::DynamoDB::Table'), LOG_LEVEL: 'info' });
        continue;
      }
      if (id === fnId('AuditExport')) {
        expect(env).toEqual({ AUDIT_TABLE: ref('AuditTrail', 'AWS::DynamoDB::Table'), LOG_LEVEL: 'info' });
        continue;
      }
      expect(Object.keys(env)).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/^SLACK_(BOT_TOKEN|SIGNING_SECRET|APP_TOKEN)$/)]),
      );
      for (const key of Object.keys(env)) expect(key).not.toMatch(/TOKEN|SIGNING|PASSWORD/);
      expect(env.SLACK_SECRET_ARN).toEqual(ref('SlackSecret', 'AWS::SecretsManager::Secret'));
    }
  });

  test("each role may read the secret, and write only its functions' log groups", () => {
    for (const [name, groups] of [
      ['Ingress', ['IngressLogs']],
      ['Worker', ['WorkerLogs', 'SweeperLogs']],
    ] as const) {
      const statements = roleStatements(json, roleId(name));
      expect(statements).toContainEqual(
        expect.objectContaining({
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Resource: ref('SlackSecret', 'AWS::SecretsManager::Secret'),
        }),
      );
      const logs = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('logs:')));
      expect(logs).toEqual(
        groups.map((g) => ({
          Sid: `Write${g}`,
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: arnOf(g, 'AWS::Logs::LogGroup'),
        })),
      );
    }
  });

  test('the worker and the sweeper get every app setting and FIX_ROLE_ARN; the ingress only what it uses', () => {
    const envs = functionEnvironments(json);
    const backend = {
      SLACK_SECRET_ARN: ref('SlackSecret', 'AWS::SecretsManager::Secret'),
      SLACK_JOBS_QUEUE_URL: ref('JobsDF', 'AWS::SQS::Queue'),
      TICKETS_TABLE: ref('Tickets', 'AWS::DynamoDB::Table'),
      AWS_QUOTA_SHARE: String(perProcessQuotaShare(DEFAULTS)),
      DIAGNOSIS_WINDOW_HOURS: String(DEFAULTS.diagnosisWindowHours),
      TICKET_RETENTION_DAYS: String(DEFAULTS.ticketRetentionDays),
      AUDIT_RETENTION_DAYS: String(DEFAULTS.auditRetentionDays),
      APPROVAL_EXPIRY_HOURS: String(DEFAULTS.approvalExpiryHours),
      APPROVAL_REMINDER_HOURS: String(DEFAULTS.approvalReminderHours),
      LOG_LEVEL: 'info',
      FIX_ROLE_ARN: arnOf('FixRole', 'AWS::IAM::Role'),
      JOBS_KEY_SECRET_ARN: ref('JobsKey', 'AWS::SecretsManager::Secret'),
      // The management account (by default the stack's own) is always protected.
      PROTECTED_ACCOUNT_IDS: { Ref: 'AWS::AccountId' },
    };
    expect(envs[fnId('Worker')]).toEqual(backend);
    expect(envs[fnId('Sweeper')]).toEqual(backend);
    // The ingress verifies, acks and enqueues, reading a ticket by id: no Identity Center, no fixes.
    expect(envs[fnId('Ingress')]).toEqual({
      SLACK_SECRET_ARN: ref('SlackSecret', 'AWS::SecretsManager::Secret'),
      SLACK_JOBS_QUEUE_URL: ref('JobsDF', 'AWS::SQS::Queue'),
      TICKETS_TABLE: ref('Tickets', 'AWS::DynamoDB::Table'),
      JOBS_KEY_SECRET_ARN: ref('JobsKey', 'AWS::SecretsManager::Secret'),
      LOG_LEVEL: 'info',
    });
    // No CloudTrail role unless one is configured.
    for (const env of Object.values(envs)) expect(env).not.toHaveProperty('CLOUDTRAIL_ROLE_ARN');
  });

  test('the quota share is divided between the processes that can run at once', () => {
    expect(perProcessQuotaShare({ quotaShare: 0.5, workerConcurrency: 2 })).toBe(0.1666);
    expect(perProcessQuotaShare({ quotaShare: 1, workerConcurrency: 3 })).toBe(0.25);
    // Never rounds up past the deployment's share, never reaches 0 for sane values.
    for (const c of [2, 5, 10, 100]) {
      const share = perProcessQuotaShare({ quotaShare: 0.5, workerConcurrency: c });
      expect(share * (c + 1)).toBeLessThanOrEqual(0.5);
      expect(share).toBeGreaterThan(0);
    }
  });
});

describe('the Slack endpoint', () => {
  test('an HTTP API routes POST /slack/events to the ingress, with throttling and access logs', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `POST ${SLACK_EVENTS_PATH}` });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: arnOf('Ingress', 'AWS::Lambda::Function'),
      PayloadFormatVersion: '2.0',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: arnOf('SlackApiAccessLogs', 'AWS::Logs::LogGroup') },
    });
  });

  test('outputs the request URL to put in the Slack app', () => {
    const out = json.Outputs!.SlackRequestUrl!;
    expect(out.Value).toEqual({
      'Fn::Join': [
        '',
        [
          { 'Fn::GetAtt': [resourceNamed(json, 'SlackApi', 'AWS::ApiGatewayV2::Api')[0], 'ApiEndpoint'] },
          SLACK_EVENTS_PATH,
        ],
      ],
    });
  });
});

describe('the Slack secret (none given)', () => {
  test('is created with empty placeholders, retained, and its ARN output with instructions', () => {
    // The Slack secret and the generated job key.
    template.resourceCountIs('AWS::SecretsManager::Secret', 2);
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: { SecretString: JSON.stringify({ SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '' }) },
      DeletionPolicy: 'Retain',
    });
    expect(json.Outputs!.SlackSecretArn!.Value).toEqual(ref('SlackSecret', 'AWS::SecretsManager::Secret'));
    expect(JSON.stringify(json.Outputs!.SlackSecretInstructions!.Value)).toContain(
      'aws secretsmanager put-secret-value',
    );
  });
});

describe('IAM', () => {
  const diagnosisPolicy = () => resourceNamed(json, 'DiagnosisPolicy', 'AWS::IAM::ManagedPolicy')[1];
  const fixPolicy = () => resourceNamed(json, 'FixPolicy', 'AWS::IAM::ManagedPolicy')[1];
  const statementsOf = (r: { Properties?: Record<string, unknown> }) =>
    list((r.Properties!.PolicyDocument as { Statement: Statement[] }).Statement);

  test('the diagnosis policy grants exactly DIAGNOSIS_ACTIONS', () => {
    expect(actionsOf(statementsOf(diagnosisPolicy()))).toEqual(sortedCopy(DIAGNOSIS_ACTIONS));
    for (const s of statementsOf(diagnosisPolicy())) expect(s.Effect).toBe('Allow');
  });

  test('the diagnosis policy has no write action', () => {
    for (const action of actionsOf(statementsOf(diagnosisPolicy()))) {
      expect(action).not.toMatch(WRITE);
      // CloudTrail Lake's StartQuery / CancelQuery start and stop a read-only SQL query (signin-sources/lake.ts).
      expect(action).toMatch(
        /^[a-z]+:(List|Get|Describe|Lookup|IsMemberIn)|^cloudtrail:(StartQuery|CancelQuery)$/,
      );
    }
  });

  test('the worker (and the sweeper, which runs as the worker) holds the diagnosis policy; the ingress none of it', () => {
    expect(diagnosisPolicy().Properties!.Roles).toEqual([{ Ref: roleId('Worker') }]);
    const ingress = actionsOf(roleStatements(json, roleId('Ingress')));
    expect(ingress.filter((a) => /^(sso|identitystore|cloudtrail|organizations|iam|sts):/.test(a))).toEqual(
      [],
    );
    expect(ingress).toEqual(
      sortedCopy([
        'dynamodb:DescribeTable',
        'dynamodb:GetItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:SendMessage',
      ]),
    );
  });

  test("no write to Identity Center, Identity Store or IAM on the functions' own roles", () => {
    for (const name of ['Ingress', 'Worker']) {
      const identityActions = actionsOf(roleStatements(json, roleId(name))).filter((a) =>
        /^(sso|identitystore|iam|organizations|cloudtrail):/.test(a),
      );
      for (const action of identityActions) expect(DIAGNOSIS_ACTIONS as readonly string[]).toContain(action);
    }
  });

  test('the fix policy allows exactly FIX_WRITE_ACTIONS (no IAM support actions by default), to the fix role only', () => {
    const allows = statementsOf(fixPolicy()).filter((st) => st.Effect === 'Allow');
    expect(actionsOf(allows)).toEqual(sortedCopy([...FIX_WRITE_ACTIONS]));
    expect(
      actionsOf(allows).filter((a) => (FIX_SUPPORTING_ACTIONS as readonly string[]).includes(a)),
    ).toEqual([]);
    expect(fixPolicy().Properties!.Roles).toEqual([
      { Ref: resourceNamed(json, 'FixRole', 'AWS::IAM::Role')[0] },
    ]);
  });

  test('the fix policy denies every Identity Center write in the management account (the stack account by default)', () => {
    const deny = statementsOf(fixPolicy()).find((st) => st.Sid === 'NeverInProtectedAccounts');
    expect(deny).toEqual({
      Sid: 'NeverInProtectedAccounts',
      Effect: 'Deny',
      Action: sortedCopy(FIX_WRITE_ACTIONS.filter((a) => a.startsWith('sso:'))),
      Resource: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sso:::account/', { Ref: 'AWS::AccountId' }]],
      },
    });
    // Identity Center writes are on instance / permission set / account ARNs, never *.
    const bySid = Object.fromEntries(statementsOf(fixPolicy()).map((st) => [st.Sid, st]));
    expect(list(bySid.IdentityCenterWrites!.Resource)).not.toContain('*');
  });

  test('the fix role trusts only the worker role, which is the only role that may assume it', () => {
    const [, fixRole] = resourceNamed(json, 'FixRole', 'AWS::IAM::Role');
    // Only with a SourceIdentity (the approver), which the trust policy lets the worker set.
    expect(fixRole.Properties!.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { AWS: arnOf('WorkerRole', 'AWS::IAM::Role') },
          Condition: { Null: { 'sts:SourceIdentity': 'false' } },
        },
        {
          Sid: 'SetSourceIdentity',
          Action: 'sts:SetSourceIdentity',
          Effect: 'Allow',
          Principal: { AWS: arnOf('WorkerRole', 'AWS::IAM::Role') },
        },
      ],
    });
    expect(fixRole.Properties!.ManagedPolicyArns).toBeUndefined();
    expect(fixRole.Properties!.Policies).toBeUndefined();

    // Identity policies (no Principal) that allow any sts: action: only the worker's.
    const assumes = allStatements(json).filter(
      ({ statement }) =>
        statement.Effect === 'Allow' &&
        !statement.Principal &&
        actionsOf([statement]).some((a) => a.startsWith('sts:')),
    );
    expect(new Set(assumes.map((a) => a.from))).toEqual(
      new Set([resourceNamed(json, 'WorkerRoleDefaultPolicy', 'AWS::IAM::Policy')[0]]),
    );
    const workerSts = roleStatements(json, roleId('Worker')).filter((s) =>
      actionsOf([s]).some((a) => a.startsWith('sts:')),
    );
    expect(workerSts).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Resource: arnOf('FixRole', 'AWS::IAM::Role') },
      {
        Sid: 'SetSourceIdentityOnFixRole',
        Action: 'sts:SetSourceIdentity',
        Effect: 'Allow',
        Resource: arnOf('FixRole', 'AWS::IAM::Role'),
      },
    ]);
  });

  test('statement ids are unique within each policy document (IAM refuses duplicates)', () => {
    const sids = new Map<string, string[]>();
    for (const { from, statement } of allStatements(json)) {
      if (statement.Sid) sids.set(from, [...(sids.get(from) ?? []), statement.Sid]);
    }
    for (const [from, list] of sids) expect({ from, list }).toEqual({ from, list: [...new Set(list)] });
  });

  test('no policy anywhere allows a wildcard action, and none names the "*" action at all', () => {
    const statements = allStatements(json);
    expect(statements.length).toBeGreaterThan(10);
    for (const { from, statement } of statements) {
      const actions = [...list(statement.Action), ...list(statement.NotAction)];
      expect({ from, actions: actions.filter((a) => a === '*') }).toEqual({ from, actions: [] });
      expect(statement.NotAction).toBeUndefined();
      if (statement.Effect === 'Allow') {
        expect({ from, wildcards: actions.filter((a) => a.includes('*')) }).toEqual({ from, wildcards: [] });
      } else if (
        statement.Sid === 'OnlyTheIngressSendsJobs' ||
        statement.Sid === 'NeverInProtectedAccounts'
      ) {
        // The guardrails: only the ingress sends jobs; no write in a protected account.
        expect(statement.Sid).toBeDefined();
      } else {
        // The other Deny statements are the "TLS only" policies (cdk-nag AwsSolutions-SQS4, SNS3).
        expect(statement.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
      }
    }
  });
});

describe('alarms', () => {
  test('on errors and throttles of each function, dead letters, waiting jobs and 5xx from the endpoint', () => {
    const alarms = Object.values(json.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    const keyed = alarms.map((a) => {
      const p = a.Properties!;
      const dims = (p.Dimensions as Array<{ Name: string; Value: unknown }>) ?? [];
      return `${p.Namespace}/${p.MetricName} ${JSON.stringify(dims[0]?.Value)}`;
    });
    for (const name of ['Ingress', 'Worker', 'Sweeper', 'SignInIndexer', 'AuditExport']) {
      expect(keyed).toContain(`AWS/Lambda/Errors ${JSON.stringify({ Ref: fnId(name) })}`);
      expect(keyed).toContain(`AWS/Lambda/Throttles ${JSON.stringify({ Ref: fnId(name) })}`);
    }
    const dlqName = {
      'Fn::GetAtt': [resourceNamed(json, 'JobsDeadLetters', 'AWS::SQS::Queue')[0], 'QueueName'],
    };
    expect(keyed).toContain(`AWS/SQS/ApproximateNumberOfMessagesVisible ${JSON.stringify(dlqName)}`);
    expect(keyed).toContain(
      `AWS/SQS/ApproximateAgeOfOldestMessage ${JSON.stringify({ 'Fn::GetAtt': [resourceNamed(json, 'JobsDF', 'AWS::SQS::Queue')[0], 'QueueName'] })}`,
    );
    expect(keyed.some((k) => k.startsWith('AWS/ApiGateway/5xx'))).toBe(true);
    expect(keyed).toContain('CantLogin/RefusedJobs undefined');
    // No alarm topic given: the stack creates one, and every alarm notifies it.
    const topic = ref('AlarmTopic', 'AWS::SNS::Topic');
    for (const a of alarms) expect(a.Properties!.AlarmActions).toEqual([topic]);
    expect(json.Outputs!.AlarmTopicArn!.Value).toEqual(topic);
  });

  test('a refused job (forged, replayed, expired) is counted from the worker log and alarms', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: ref('WorkerLogs', 'AWS::Logs::LogGroup'),
      FilterPattern: '{ $.event = "job-refused" }',
      MetricTransformations: [
        Match.objectLike({ MetricNamespace: 'CantLogin', MetricName: 'RefusedJobs', MetricValue: '1' }),
      ],
    });
  });
});
