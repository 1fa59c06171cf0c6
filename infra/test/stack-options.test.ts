import { Match, type Template } from 'aws-cdk-lib/assertions';
import { FIX_SUPPORTING_ACTIONS, FIX_WRITE_ACTIONS } from '../../src/aws/iam-actions';
import { perProcessQuotaShare } from '../lib/stack';
import {
  actionsOf,
  type CfnTemplate,
  functionEnvironments,
  list,
  resourceNamed,
  roleStatements,
  type Statement,
  synth,
} from './helpers';

/** Every optional setting given: an existing secret, an alarm topic, a CloudTrail role in the account that
 * owns the instance (the delegated-administrator case), a known instance, a 1-minute sweep, and the sign-in
 * index turned off. */
const CONTEXT = {
  stackName: 'CantLoginProd',
  account: '123456789012',
  region: 'eu-west-1',
  instanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef',
  adminChannelId: 'C0123ABCD',
  notifyChannelId: 'C0456EFGH',
  approvers: 'U0123ABCD,U0456EFGH',
  approverGroupId: 'S0123ABCD',
  ticketRetentionDays: '30',
  auditRetentionDays: '365',
  approvalExpiryHours: '48',
  approvalReminderHours: '6',
  diagnosisWindowHours: '12',
  quotaShare: '0.6',
  workerConcurrency: '5',
  sweepMinutes: '1',
  logRetentionDays: '30',
  alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:cant-login-alarms',
  cloudTrailRoleArn: 'arn:aws:iam::999988887777:role/cant-login-cloudtrail',
  slackSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cant-login/slack-AbC123',
  signInIndex: 'false',
  identityStoreId: 'd-1234567890',
  managementAccountId: '111111111111',
  protectedAccountIds: '222222222222,333333333333',
  allowedPermissionSets: 'ReadOnly,BillingViewer',
  allowedPermissionSetTag: 'cant-login=grantable',
  twoApproverPermissionSets: 'admin|poweruser',
  iamSupportActions: 'true',
};

let template: Template;
let json: CfnTemplate;
let stackEnv: { account: string; region: string; name: string };

beforeAll(() => {
  // The bundles are the same as in stack.test.ts: skip esbuild here.
  const out = synth(CONTEXT, { bundle: false });
  ({ template, json } = out);
  stackEnv = { account: out.stack.account, region: out.stack.region, name: out.stack.stackName };
});

const arnOf = (prefix: string, type?: string) => ({
  'Fn::GetAtt': [resourceNamed(json, prefix, type)[0], 'Arn'],
});
const roleId = (name: string) => resourceNamed(json, `${name}Role`, 'AWS::IAM::Role')[0];
const fnId = (name: string) => resourceNamed(json, name, 'AWS::Lambda::Function')[0];

test('the stack takes its name, account and region from the context', () => {
  expect(stackEnv).toEqual({ account: '123456789012', region: 'eu-west-1', name: 'CantLoginProd' });
});

test('an existing secret is used as is: nothing created, read by ARN, no instructions output', () => {
  // Only the generated job key is created.
  template.resourceCountIs('AWS::SecretsManager::Secret', 1);
  resourceNamed(json, 'JobsKey', 'AWS::SecretsManager::Secret');
  expect(json.Outputs!.SlackSecretInstructions).toBeUndefined();
  expect(json.Outputs!.SlackSecretArn!.Value).toBe(CONTEXT.slackSecretArn);
  for (const [id, env] of Object.entries(functionEnvironments(json))) {
    if (id === fnId('AuditExport')) continue; // talks to no one but the trail table
    expect({ id, arn: env.SLACK_SECRET_ARN }).toEqual({ id, arn: CONTEXT.slackSecretArn });
  }
  for (const name of ['Ingress', 'Worker']) {
    expect(roleStatements(json, roleId(name))).toContainEqual(
      expect.objectContaining({
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: CONTEXT.slackSecretArn,
      }),
    );
  }
});

test('the CloudTrail role: the worker role may assume it; the worker and the sweeper get CLOUDTRAIL_ROLE_ARN', () => {
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
    {
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Resource: CONTEXT.cloudTrailRoleArn,
      Sid: 'AssumeCloudTrailRole',
    },
  ]);
  expect(actionsOf(roleStatements(json, roleId('Ingress'))).filter((a) => a.startsWith('sts:'))).toEqual([]);
  const envs = functionEnvironments(json);
  expect(envs[fnId('Worker')]!.CLOUDTRAIL_ROLE_ARN).toBe(CONTEXT.cloudTrailRoleArn);
  expect(envs[fnId('Sweeper')]!.CLOUDTRAIL_ROLE_ARN).toBe(CONTEXT.cloudTrailRoleArn);
  expect(envs[fnId('Ingress')]).not.toHaveProperty('CLOUDTRAIL_ROLE_ARN');
});

test('with a known instance, the Identity Center writes are scoped to it', () => {
  const [, fixPolicy] = resourceNamed(json, 'FixPolicy', 'AWS::IAM::ManagedPolicy');
  const statements = list((fixPolicy.Properties!.PolicyDocument as { Statement: Statement[] }).Statement);
  expect(actionsOf(statements)).toEqual([...FIX_WRITE_ACTIONS, ...FIX_SUPPORTING_ACTIONS].sort());
  const ic = statements.find((s) => s.Sid === 'IdentityCenterWrites')!;
  expect(ic.Resource).toEqual([
    CONTEXT.instanceArn,
    'arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/*',
    'arn:aws:sso:::account/*',
  ]);
  expect(actionsOf([ic])).toEqual(FIX_WRITE_ACTIONS.filter((a) => a.startsWith('sso:')).sort());
});

test('every setting reaches the functions that use it', () => {
  const envs = functionEnvironments(json);
  const slack = {
    ADMIN_CHANNEL_ID: CONTEXT.adminChannelId,
    NOTIFY_CHANNEL_ID: CONTEXT.notifyChannelId,
    APPROVERS: CONTEXT.approvers,
    APPROVER_GROUP_ID: CONTEXT.approverGroupId,
  };
  const backend = {
    ...slack,
    IDENTITY_CENTER_INSTANCE_ARN: CONTEXT.instanceArn,
    TICKET_RETENTION_DAYS: '30',
    AUDIT_RETENTION_DAYS: '365',
    APPROVAL_EXPIRY_HOURS: '48',
    APPROVAL_REMINDER_HOURS: '6',
    DIAGNOSIS_WINDOW_HOURS: '12',
    AWS_QUOTA_SHARE: String(perProcessQuotaShare({ quotaShare: 0.6, workerConcurrency: 5 })),
  };
  expect(envs[fnId('Worker')]).toMatchObject(backend);
  expect(envs[fnId('Sweeper')]).toMatchObject(backend);
  expect(envs[fnId('Ingress')]).toMatchObject(slack);
  expect(envs[fnId('Worker')]!.AWS_QUOTA_SHARE).toBe('0.1');
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    ScalingConfig: { MaximumConcurrency: 5 },
  });
});

test('a 1-minute sweep (that never overlaps the next) and 30-day log retention', () => {
  template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
  template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: Match.absent(), Timeout: 55 });
  template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
});

test('signInIndex false: no sign-in indexer, its role or its rule; only the sweep schedule', () => {
  // Ingress, worker, sweeper, the audit exporter and the inventory and drift scans remain; each scan has
  // its own role and schedule.
  template.resourceCountIs('AWS::Lambda::Function', 6);
  template.resourceCountIs('AWS::IAM::Role', 6);
  template.resourceCountIs('AWS::Events::Rule', 3);
  expect(Object.keys(json.Resources).filter((id) => id.startsWith('SignInIndexer'))).toEqual([]);
});

test('every alarm notifies the alarm topic', () => {
  const alarms = Object.values(json.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
  expect(alarms.length).toBeGreaterThanOrEqual(9);
  for (const a of alarms) expect(a.Properties!.AlarmActions).toEqual([CONTEXT.alarmTopicArn]);
});

const partitionArn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });

describe('guardrails from the context (identityStoreId, managementAccountId, protectedAccountIds, …)', () => {
  const fixStatementsOf = () => {
    const [, fixPolicy] = resourceNamed(json, 'FixPolicy', 'AWS::IAM::ManagedPolicy');
    return list((fixPolicy.Properties!.PolicyDocument as { Statement: Statement[] }).Statement);
  };

  test('an explicit Deny of every Identity Center write in the management and the protected accounts', () => {
    const deny = fixStatementsOf().find((s) => s.Sid === 'NeverInProtectedAccounts');
    expect(deny).toEqual({
      Sid: 'NeverInProtectedAccounts',
      Effect: 'Deny',
      Action: FIX_WRITE_ACTIONS.filter((a) => a.startsWith('sso:')).sort(),
      Resource: ['111111111111', '222222222222', '333333333333'].map((id) => `arn:aws:sso:::account/${id}`),
    });
  });

  test('identity store writes only in the configured identity store', () => {
    const store = fixStatementsOf().find((s) => s.Sid === 'IdentityStoreWrites');
    expect(store).toEqual({
      Sid: 'IdentityStoreWrites',
      Effect: 'Allow',
      Action: 'identitystore:CreateGroupMembership',
      Resource: [
        partitionArn(':identitystore::123456789012:identitystore/d-1234567890'),
        partitionArn(':identitystore:::group/*'),
        partitionArn(':identitystore:::user/*'),
        partitionArn(':identitystore:::membership/*'),
      ],
    });
  });

  test("iamSupportActions: the IAM actions, scoped to this account's reserved roles and SAML provider", () => {
    const bySid = Object.fromEntries(fixStatementsOf().map((s) => [s.Sid, s]));
    expect(bySid.SsoReservedRoles!.Resource).toEqual(
      partitionArn(':iam::123456789012:role/aws-reserved/sso.amazonaws.com/*'),
    );
    expect(bySid.SsoSamlProviders!.Resource).toEqual(
      partitionArn(':iam::123456789012:saml-provider/AWSSSO_*'),
    );
    expect(actionsOf(fixStatementsOf().filter((s) => s.Effect === 'Allow'))).toEqual(
      [...FIX_WRITE_ACTIONS, ...FIX_SUPPORTING_ACTIONS].sort(),
    );
  });

  test('the worker and the sweeper get the guardrails the workflow enforces before approval', () => {
    const envs = functionEnvironments(json);
    for (const name of ['Worker', 'Sweeper']) {
      expect(envs[fnId(name)]).toMatchObject({
        PROTECTED_ACCOUNT_IDS: '111111111111,222222222222,333333333333',
        ALLOWED_PERMISSION_SETS: 'ReadOnly,BillingViewer',
        ALLOWED_PERMISSION_SET_TAG: 'cant-login=grantable',
        TWO_APPROVER_PERMISSION_SETS: 'admin|poweruser',
      });
    }
    expect(envs[fnId('Ingress')]).not.toHaveProperty('PROTECTED_ACCOUNT_IDS');
  });
});
