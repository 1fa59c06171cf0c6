import { loadConfig } from '../../src/config/env';
import {
  CONTEXT_KEYS,
  DEFAULTS,
  InfraConfigError,
  LOG_RETENTION_DAYS,
  parseInfraConfig,
} from '../lib/config';

const FULL = {
  stackName: 'CantLoginProd',
  account: '123456789012',
  region: 'eu-west-1',
  instanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef',
  adminChannelId: 'C0123ABCD',
  notifyChannelId: 'G0456EFGH',
  approvers: 'U0123ABCD, U0456EFGH',
  approverGroupId: 'S0123ABCD',
  ticketRetentionDays: '30',
  auditRetentionDays: '365',
  approvalExpiryHours: '48',
  approvalReminderHours: '6',
  diagnosisWindowHours: '12',
  quotaShare: '0.25',
  workerConcurrency: '4',
  sweepMinutes: '1',
  logRetentionDays: '30',
  logLevel: 'debug',
  alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:cant-login-alarms',
  cloudTrailRoleArn: 'arn:aws:iam::210987654321:role/cant-login-cloudtrail',
  slackSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cant-login/slack-AbC123',
  signInIndex: 'false',
};

/** The message parseInfraConfig throws for these context values. */
function errorFor(context: Record<string, unknown>): string {
  try {
    parseInfraConfig(context);
  } catch (error) {
    expect(error).toBeInstanceOf(InfraConfigError);
    return (error as Error).message;
  }
  throw new Error(`no error for ${JSON.stringify(context)}`);
}

/** A bad value for every key, and the start of the expected form in its message. */
const BAD: Array<[string, string, string]> = [
  ['account', '12345', 'a 12-digit AWS account id'],
  ['signinEventsAccountId', '99998888777', 'a 12-digit AWS account id'],
  ['region', 'Europe', 'an AWS region such as eu-west-1'],
  ['instanceArn', 'ssoins-1234567890abcdef', 'an Identity Center instance ARN'],
  ['adminChannelId', '#it-admins', 'a Slack channel id such as C0123ABCD'],
  ['notifyChannelId', 'U0123ABCD', 'a Slack channel id'],
  ['approvers', 'alice,bob', 'Slack user ids such as U0123ABCD'],
  ['approvers', ',', 'Slack user ids'],
  ['approverGroupId', 'admins', 'a Slack user group id such as S0123ABCD'],
  ['ticketRetentionDays', '1.5', 'a whole number of days from 1 to 3650'],
  ['auditRetentionDays', '0', 'a whole number of days from 1 to 3650'],
  ['approvalExpiryHours', '1000', 'a whole number of hours from 1 to 720'],
  ['diagnosisWindowHours', '-1', 'a number of hours greater than 0'],
  ['workerConcurrency', '1', 'a whole number from 2 to 100'],
  ['logRetentionDays', '45', "one of CloudWatch Logs' retention periods in days: 1, 3, 5"],
  ['logLevel', 'verbose', 'one of fatal, error, warn, info, debug, trace, silent'],
  ['alarmTopicArn', 'arn:aws:sqs:eu-west-1:123456789012:q', 'an SNS topic ARN'],
  ['cloudTrailRoleArn', 'arn:aws:iam::123456789012:user/bob', 'an IAM role ARN'],
  [
    'slackSecretArn',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cant-login/slack',
    'the complete ARN',
  ],
  ['stackName', '1-bad name', 'a CloudFormation stack name'],
  ['approvalReminderHours', '0', 'a number of hours greater than 0 and at most 720'],
  ['quotaShare', '1.5', 'a number greater than 0 and at most 1'],
  ['sweepMinutes', '10', '1 or 5'],
  ['signInIndex', 'yes', 'true or false'],
  ['identityStoreId', 'store-1', 'an identity store id such as d-1234567890'],
  ['managementAccountId', '1234', 'the 12-digit id of the organization'],
  ['protectedAccountIds', '1234,5678', '12-digit account ids separated by commas'],
  ['allowedPermissionSets', 'Read Only!', 'permission set names separated by commas'],
  ['allowedPermissionSetTag', 'grantable', 'a tag as key=value'],
  ['twoApproverPermissionSets', 'admin(', 'a regular expression on permission set names'],
  ['alarmEmail', 'admins', 'an e-mail address'],
  ['iamSupportActions', 'yes', 'true or false'],
];

describe('parseInfraConfig', () => {
  test('no context at all gives the defaults (a valid, account-less deployment)', () => {
    expect(parseInfraConfig({})).toEqual(DEFAULTS);
    expect(DEFAULTS).toMatchObject({ quotaShare: 0.5, sweepMinutes: 5, stackName: 'CantLogin' });
  });

  test('reads every key as `-c key=value` gives it (strings), with types applied', () => {
    expect(parseInfraConfig(FULL)).toEqual({
      ...FULL,
      iamSupportActions: false,
      approvers: ['U0123ABCD', 'U0456EFGH'],
      ticketRetentionDays: 30,
      auditRetentionDays: 365,
      approvalExpiryHours: 48,
      approvalReminderHours: 6,
      diagnosisWindowHours: 12,
      quotaShare: 0.25,
      workerConcurrency: 4,
      sweepMinutes: 1,
      logRetentionDays: 30,
      signInIndex: false,
    });
  });

  test('the sign-in index is on unless turned off, with -c (a string) or in cdk.json (a boolean)', () => {
    expect(DEFAULTS.signInIndex).toBe(true);
    expect(parseInfraConfig({ signInIndex: 'false' }).signInIndex).toBe(false);
    expect(parseInfraConfig({ signInIndex: false }).signInIndex).toBe(false);
    expect(parseInfraConfig({ signInIndex: true }).signInIndex).toBe(true);
  });

  test('accepts the JSON types of cdk.json too: numbers and arrays', () => {
    const config = parseInfraConfig({
      quotaShare: 1,
      sweepMinutes: 5,
      approvers: ['U0123ABCD', 'W0456EFGH'],
    });
    expect(config).toMatchObject({ quotaShare: 1, sweepMinutes: 5, approvers: ['U0123ABCD', 'W0456EFGH'] });
  });

  test('empty strings and null mean unset', () => {
    expect(parseInfraConfig({ quotaShare: '', instanceArn: '  ', alarmTopicArn: null })).toEqual(DEFAULTS);
  });

  test('a bad value: one line naming the key, the expected form and the value', () => {
    expect(errorFor({ quotaShare: '2' })).toBe(
      'cant-login: context "quotaShare" must be a number greater than 0 and at most 1 (got "2")',
    );
    expect(errorFor({ quotaShare: 0 })).toBe(
      'cant-login: context "quotaShare" must be a number greater than 0 and at most 1 (got "0")',
    );
    expect(errorFor({ quotaShare: 'half' })).toContain('"quotaShare" must be a number');
    expect(errorFor({ sweepMinutes: '2' })).toBe(
      'cant-login: context "sweepMinutes" must be 1 or 5 (minutes between sweeps) (got "2")',
    );
  });

  test.each(BAD)('refuses a bad %s (%p)', (key, value, expected) => {
    const message = errorFor({ [key]: value });
    expect(message).toContain(`cant-login: context "${key}" must be ${expected}`);
    expect(message).toContain(`(got "${value}")`);
    expect(message.split('\n')).toHaveLength(1);
  });

  test('every key has a bad value tested above, and every retention period CloudWatch allows is accepted', () => {
    expect(new Set(BAD.map(([key]) => key))).toEqual(new Set(CONTEXT_KEYS));
    for (const days of LOG_RETENTION_DAYS)
      expect(parseInfraConfig({ logRetentionDays: String(days) }).logRetentionDays).toBe(days);
  });

  test('several bad keys: one line each, all keys reported', () => {
    try {
      parseInfraConfig({ quotaShare: '2', sweepMinutes: '3' });
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(InfraConfigError);
      expect((error as Error).message.split('\n')).toEqual([
        expect.stringContaining('"quotaShare"'),
        expect.stringContaining('"sweepMinutes"'),
      ]);
      expect((error as InfraConfigError).keys).toEqual(['quotaShare', 'sweepMinutes']);
    }
  });

  test('a key that differs only in letter case is a typo, not silently ignored', () => {
    expect(errorFor({ quotashare: '0.3' })).toBe(
      'cant-login: context "quotashare" is not a setting: did you mean "quotaShare"?',
    );
  });

  test('other context keys (feature flags, CLI settings) are ignored', () => {
    expect(
      parseInfraConfig({ '@aws-cdk/core:newStyleStackSynthesis': true, 'cli-telemetry': false }),
    ).toEqual(DEFAULTS);
  });

  test('the reminder must come before the request expires', () => {
    expect(errorFor({ approvalExpiryHours: '4' })).toBe(
      'cant-login: context "approvalReminderHours" must be less than approvalExpiryHours (4), or the reminder goes out with the request (got "4")',
    );
    expect(
      parseInfraConfig({ approvalExpiryHours: '4', approvalReminderHours: '1' }).approvalReminderHours,
    ).toBe(1);
  });

  test('the alarm topic and an existing secret must be in the stack region', () => {
    expect(errorFor({ region: 'us-east-1', alarmTopicArn: FULL.alarmTopicArn })).toContain(
      'context "alarmTopicArn" must be an SNS topic in the stack\'s region us-east-1',
    );
    expect(errorFor({ region: 'us-east-1', slackSecretArn: FULL.slackSecretArn })).toContain(
      'context "slackSecretArn" must be a secret in the stack\'s region us-east-1',
    );
  });

  test("the values the Lambdas get pass the app's own environment validation", () => {
    const c = parseInfraConfig(FULL);
    const env = {
      IDENTITY_CENTER_INSTANCE_ARN: c.instanceArn,
      ADMIN_CHANNEL_ID: c.adminChannelId,
      NOTIFY_CHANNEL_ID: c.notifyChannelId,
      APPROVERS: c.approvers?.join(','),
      APPROVER_GROUP_ID: c.approverGroupId,
      AWS_QUOTA_SHARE: String(c.quotaShare),
      DIAGNOSIS_WINDOW_HOURS: String(c.diagnosisWindowHours),
      LOG_LEVEL: c.logLevel,
      SLACK_SECRET_ARN: c.slackSecretArn,
      TICKET_RETENTION_DAYS: String(c.ticketRetentionDays),
      AUDIT_RETENTION_DAYS: String(c.auditRetentionDays),
      APPROVAL_EXPIRY_HOURS: String(c.approvalExpiryHours),
      APPROVAL_REMINDER_HOURS: String(c.approvalReminderHours),
      CLOUDTRAIL_ROLE_ARN: c.cloudTrailRoleArn,
    };
    expect(() => loadConfig(env)).not.toThrow();
    const d = parseInfraConfig({});
    expect(() =>
      loadConfig({
        AWS_QUOTA_SHARE: String(d.quotaShare),
        DIAGNOSIS_WINDOW_HOURS: String(d.diagnosisWindowHours),
        LOG_LEVEL: d.logLevel,
      }),
    ).not.toThrow();
  });
});
