import * as path from 'node:path';
import {
  Duration,
  type aws_dynamodb as dynamodb,
  aws_events as events,
  aws_events_targets as eventsTargets,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_logs as logs,
  aws_lambda_nodejs as nodejs,
  RemovalPolicy,
  Stack,
  type aws_secretsmanager as secretsmanager,
  Validations,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DIAGNOSIS_ACTIONS } from '../../src/aws/iam-actions';
import { REPO_ROOT } from './entries';
import { DYNALITE_STUB, RUNTIME } from './stack';

/** Every read the inventory scan makes (src/inventory/scan.ts, and resolveInstance). */
export const INVENTORY_SCAN_ACTIONS = [
  'sso:ListInstances',
  'identitystore:ListUsers',
  'identitystore:ListGroups',
  'sso:ListPermissionSets',
  'sso:ListAccountsForProvisionedPermissionSet',
  'sso:ListAccountAssignments',
  // Organisation metadata for diagnoses (the scan's `metadata` phase).
  'organizations:ListAccounts',
  'organizations:DescribeOrganization',
  'sso:DescribePermissionSet',
  'sso:GetInlinePolicyForPermissionSet',
  'sso:ListManagedPoliciesInPermissionSet',
  'sso:ListCustomerManagedPolicyReferencesInPermissionSet',
] as const;

/** The scan's reads the diagnosis policy does not grant (granted by the construct on its own role). */
export const INVENTORY_EXTRA_ACTIONS: readonly string[] = INVENTORY_SCAN_ACTIONS.filter(
  (a) => !(DIAGNOSIS_ACTIONS as readonly string[]).includes(a),
);

export const INVENTORY_ENTRY = path.join(REPO_ROOT, 'src', 'runtime', 'lambda-inventory.ts');
export const DRIFT_ENTRY = path.join(REPO_ROOT, 'src', 'runtime', 'lambda-drift.ts');

/** Every listing the drift scan makes (src/drift/scan.ts) that the diagnosis policy does not grant. */
export const DRIFT_EXTRA_ACTIONS: readonly string[] = [
  ...INVENTORY_SCAN_ACTIONS,
  'identitystore:ListGroupMemberships',
  'sso:ListPermissionSetProvisioningStatus',
  'organizations:ListAccounts',
].filter((a, i, all) => all.indexOf(a) === i && !(DIAGNOSIS_ACTIONS as readonly string[]).includes(a));

export interface InventoryScanProps {
  table: dynamodb.Table;
  /** The read-only diagnosis policy (attached to the scan's role). */
  diagnosisPolicy: iam.IManagedPolicy;
  /** buildServices reads the Slack tokens at start-up. */
  slackSecret: secretsmanager.ISecret;
  /** The backend environment (TICKETS_TABLE, AWS_QUOTA_SHARE, SLACK_SECRET_ARN, …). */
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  bundling: { minify: boolean; sourceMap: boolean };
  /** Default src/runtime/lambda-inventory.ts. */
  entry?: string;
  /** Default every 6 hours. */
  every?: Duration;
  /** Listings beyond the diagnosis policy this scan makes (default the inventory scan's). */
  extraActions?: readonly string[];
  /** What the scan is, for descriptions (default "inventory scan"). */
  what?: string;
}

/**
 * The scheduled inventory scan: a function on its own read-only role (it never assumes the fix role)
 * that records every principal and the orphaned assignments in the tickets table, run every 6 hours.
 * Each run is budgeted below the 10-minute timeout and resumes where the previous one stopped.
 */
export class InventoryScan extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: InventoryScanProps) {
    super(scope, id);
    const every = props.every ?? Duration.hours(6);
    const extraActions = props.extraActions ?? INVENTORY_EXTRA_ACTIONS;
    const what = props.what ?? 'inventory scan';
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `cant-login ${what}: read-only Identity Center listings; the tickets table`,
    });
    this.role.addManagedPolicy(props.diagnosisPolicy);
    if (extraActions.length > 0) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'InventoryListings',
          actions: [...extraActions].sort(),
          resources: ['*'],
        }),
      );
    }
    props.table.grantReadWriteData(this.role);
    props.slackSecret.grantRead(this.role);

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteInventoryLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: props.entry ?? INVENTORY_ENTRY,
      handler: 'handler',
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      role: this.role,
      logGroup,
      environment: props.environment,
      description: `cant-login ${what} (every ${every.toHumanString()})`,
      memorySize: 1024,
      // The handler budgets its scan to this minus a margin (src/runtime/lambda-inventory.ts).
      timeout: Duration.minutes(10),
      // The next run resumes from the saved cursor: a failed one is not retried. Runs never overlap (the
      // timeout is far below the period), so there is one cursor and one scan at a time.
      retryAttempts: 0,
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      bundling: {
        forceDockerBundling: false,
        minify: props.bundling.minify,
        sourceMap: props.bundling.sourceMap,
        sourcesContent: false,
        externalModules: [],
        charset: nodejs.Charset.UTF8,
        logLevel: nodejs.LogLevel.ERROR,
        tsconfig: path.join(REPO_ROOT, 'tsconfig.json'),
        esbuildArgs: { '--alias:dynalite': DYNALITE_STUB },
      },
    });

    this.rule = new events.Rule(this, 'Schedule', {
      description: `cant-login ${what}, every ${every.toHumanString()}`,
      schedule: events.Schedule.rate(every),
      targets: [new eventsTargets.LambdaFunction(this.function, { retryAttempts: 0 })],
    });

    const stack = Stack.of(this);
    const tableId = stack.getLogicalId(props.table.node.defaultChild as dynamodb.CfnTable);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
      reason:
        "grantReadWriteData covers the tickets table's own indexes; the scan reads and writes its items by key only.",
    });
    if (extraActions.length > 0) {
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: `Read-only listings (${extraActions.join(', ')}) over every group and permission set of the instance, which the scan discovers at run time.`,
      });
    }
  }
}
