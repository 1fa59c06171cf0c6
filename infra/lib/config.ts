import { z } from 'zod';
import { DEFAULT_RETENTION } from '../../src/tickets/store';

/**
 * Everything a deployer chooses, read from CDK context (`-c key=value`, or the `context` block of
 * infra/cdk.json) and validated at synth time. A bad value stops the synth with one line that names the
 * context key and the expected form, for example
 * `cant-login: context "quotaShare" must be a number greater than 0 and at most 1 (got "2")`.
 *
 * Values given with `-c` arrive as strings; values from cdk.json may be numbers, booleans or arrays, so
 * every field accepts both.
 */

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const SWEEP_MINUTES = [1, 5] as const;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const PARTITION = 'aws[a-z-]*';
const INSTANCE_ARN = new RegExp(`^arn:${PARTITION}:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}$`);
const SNS_TOPIC_ARN = new RegExp(`^arn:${PARTITION}:sns:([a-z0-9-]+):(\\d{12}):[A-Za-z0-9_-]{1,256}$`);
const ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::(\\d{12}):role/[A-Za-z0-9+=,.@_/-]{1,512}$`);
/** A complete secret ARN: the name followed by the six random characters Secrets Manager appends. */
const SECRET_ARN = new RegExp(
  `^arn:${PARTITION}:secretsmanager:([a-z0-9-]+):(\\d{12}):secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$`,
);

/** A context value as text: strings trimmed, numbers as written, arrays joined with commas. */
function asText(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).join(',');
  return String(value).trim();
}

const text = (pattern: RegExp) => z.string().regex(pattern);
const number = () => z.coerce.number().refine(Number.isFinite);
const wholeNumber = (min: number, max: number) => number().pipe(z.number().int().min(min).max(max));

/** One context key: the schema of its text and the expected form, as the error message says it. */
interface Field<T> {
  expected: string;
  schema: z.ZodType<T>;
}

function field<T>(expected: string, schema: z.ZodType<T>): Field<T> {
  return { expected, schema };
}

/** Every context key the app reads, with the form it must take. Keys are the public contract of the
 * deployment (documented in infra/README.md). */
export const CONTEXT_FIELDS = {
  stackName: field(
    'a CloudFormation stack name: letters, digits and hyphens, starting with a letter, such as CantLogin',
    text(/^[A-Za-z][A-Za-z0-9-]{0,127}$/),
  ),
  account: field('a 12-digit AWS account id such as 123456789012', text(/^\d{12}$/)),
  region: field('an AWS region such as eu-west-1', text(REGION)),
  instanceArn: field(
    'an Identity Center instance ARN such as arn:aws:sso:::instance/ssoins-1234567890abcdef',
    text(INSTANCE_ARN),
  ),
  adminChannelId: field('a Slack channel id such as C0123ABCD', text(/^[CG][A-Z0-9]{2,}$/)),
  notifyChannelId: field('a Slack channel id such as C0123ABCD', text(/^[CG][A-Z0-9]{2,}$/)),
  approvers: field(
    'Slack user ids such as U0123ABCD,U0456EFGH (separated by commas)',
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/)).min(1)),
  ),
  approverGroupId: field('a Slack user group id such as S0123ABCD', text(/^S[A-Z0-9]{2,}$/)),
  ticketRetentionDays: field('a whole number of days from 1 to 3650', wholeNumber(1, 3650)),
  auditRetentionDays: field('a whole number of days from 1 to 3650', wholeNumber(1, 3650)),
  approvalExpiryHours: field('a whole number of hours from 1 to 720', wholeNumber(1, 720)),
  approvalReminderHours: field(
    'a number of hours greater than 0 and at most 720 (remind approvers this long before a request expires)',
    number().pipe(z.number().gt(0).max(720)),
  ),
  diagnosisWindowHours: field(
    'a number of hours greater than 0 and at most 2160 (CloudTrail keeps 90 days)',
    number().pipe(z.number().gt(0).max(2160)),
  ),
  quotaShare: field('a number greater than 0 and at most 1', number().pipe(z.number().gt(0).max(1))),
  workerConcurrency: field('a whole number from 2 to 100', wholeNumber(2, 100)),
  sweepMinutes: field(
    `${SWEEP_MINUTES.join(' or ')} (minutes between sweeps)`,
    number().pipe(z.literal(SWEEP_MINUTES)),
  ),
  logRetentionDays: field(
    `one of CloudWatch Logs' retention periods in days: ${LOG_RETENTION_DAYS.join(', ')}`,
    number().pipe(z.literal(LOG_RETENTION_DAYS)),
  ),
  logLevel: field(
    'one of fatal, error, warn, info, debug, trace, silent',
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  ),
  alarmTopicArn: field(
    'an SNS topic ARN such as arn:aws:sns:eu-west-1:123456789012:cant-login-alarms',
    text(SNS_TOPIC_ARN),
  ),
  cloudTrailRoleArn: field(
    'an IAM role ARN such as arn:aws:iam::123456789012:role/cant-login-cloudtrail',
    text(ROLE_ARN),
  ),
  signInIndex: field(
    'true or false (index sign-in and SCIM events by person through an EventBridge rule)',
    z.enum(['true', 'false']).transform((v) => v === 'true'),
  ),
  signinEventsAccountId: field(
    'a 12-digit AWS account id such as 123456789012 (where sign-in events land: the account that owns the Identity Center instance)',
    text(/^\d{12}$/),
  ),
  identityStoreId: field(
    "an identity store id such as d-1234567890 (scopes the fix role's identity store writes to it)",
    text(/^d-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
  ),
  managementAccountId: field(
    "the 12-digit id of the organization's management account (default: the account the stack runs in)",
    text(/^\d{12}$/),
  ),
  protectedAccountIds: field(
    '12-digit account ids separated by commas, such as 111111111111,222222222222',
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^\d{12}$/)).min(1)),
  ),
  allowedPermissionSets: field(
    'permission set names separated by commas, such as ReadOnly,BillingViewer',
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[\w+=,.@-]{1,32}$/)).min(1)),
  ),
  allowedPermissionSetTag: field('a tag as key=value, such as cant-login=grantable', text(/^[^=\s]+=[^=]*$/)),
  twoApproverPermissionSets: field(
    'a regular expression on permission set names, such as admin|poweruser',
    z.string().refine((v) => {
      try {
        new RegExp(v, 'i');
        return true;
      } catch {
        return false;
      }
    }),
  ),
  alarmEmail: field(
    'an e-mail address for the alarm topic, such as aws-admins@example.com',
    text(/^[^@\s]+@[^@\s]+\.[^@\s]+$/),
  ),
  iamSupportActions: field(
    'true or false (grant the fix role the IAM actions Identity Center needs when provisioning into this account itself)',
    z.enum(['true', 'false']).transform((v) => v === 'true'),
  ),
  slackSecretArn: field(
    'the complete ARN of a Secrets Manager secret (with its 6-character suffix), such as arn:aws:secretsmanager:eu-west-1:123456789012:secret:cant-login/slack-AbC123',
    text(SECRET_ARN),
  ),
} as const;

export type ContextKey = keyof typeof CONTEXT_FIELDS;
export const CONTEXT_KEYS = Object.keys(CONTEXT_FIELDS) as ContextKey[];

type Parsed = { [K in ContextKey]: z.output<(typeof CONTEXT_FIELDS)[K]['schema']> };

/** The validated deployment settings, defaults applied. */
export interface InfraConfig {
  stackName: string;
  /** Unset: the CLI's account (CDK_DEFAULT_ACCOUNT), or an environment-agnostic stack. */
  account?: string;
  /** Unset: the CLI's region (CDK_DEFAULT_REGION), or an environment-agnostic stack. Deploy to the
   * Identity Center instance's home Region. */
  region?: string;
  instanceArn?: string;
  adminChannelId?: string;
  notifyChannelId?: string;
  approvers?: string[];
  approverGroupId?: string;
  ticketRetentionDays: number;
  auditRetentionDays: number;
  approvalExpiryHours: number;
  /** Approvers are reminded when a request has this many hours left. */
  approvalReminderHours: number;
  diagnosisWindowHours: number;
  /** The share of each AWS rate quota the whole deployment may use. */
  quotaShare: number;
  /** At most this many worker invocations run at once (the SQS event source's maximum concurrency). */
  workerConcurrency: number;
  sweepMinutes: (typeof SWEEP_MINUTES)[number];
  logRetentionDays: (typeof LOG_RETENTION_DAYS)[number];
  logLevel: Parsed['logLevel'];
  alarmTopicArn?: string;
  cloudTrailRoleArn?: string;
  /** Unset: the stack creates an empty secret and outputs its ARN. */
  slackSecretArn?: string;
  /** An EventBridge rule feeds sign-in and SCIM events to a function that indexes them by person in the
   * tickets table, which diagnoses then read instead of paging through LookupEvents. */
  signInIndex: boolean;
  /** Set: sign-in events come from this account (a delegated-admin deployment): the stack adds a bus
   * only it may put events on, and the app a forwarder stack to deploy there. */
  signinEventsAccountId?: string;
  /** Scopes the fix role's identity store writes (unset: any identity store of the account). */
  identityStoreId?: string;
  /** The organization's management account (unset: the stack's own account), always protected. */
  managementAccountId?: string;
  /** Accounts no fix may write in, on top of the management account (guardrail, and a Deny in IAM). */
  protectedAccountIds?: string[];
  allowedPermissionSets?: string[];
  allowedPermissionSetTag?: string;
  twoApproverPermissionSets?: string;
  /** Subscribed to the alarm topic the stack creates (when no alarmTopicArn is given). */
  alarmEmail?: string;
  /** The IAM actions Identity Center needs of a caller that provisions into its own (management) account. */
  iamSupportActions: boolean;
}

export const DEFAULTS = {
  stackName: 'CantLogin',
  ticketRetentionDays: DEFAULT_RETENTION.ticketDays,
  auditRetentionDays: DEFAULT_RETENTION.auditDays,
  approvalExpiryHours: 24,
  approvalReminderHours: 4,
  diagnosisWindowHours: 24,
  quotaShare: 0.5,
  workerConcurrency: 2,
  sweepMinutes: 5,
  logRetentionDays: 90,
  logLevel: 'info',
  signInIndex: true,
  iamSupportActions: false,
} as const satisfies Partial<InfraConfig>;

/** A context value that is missing or malformed. `key` is the context key at fault. */
export class InfraConfigError extends Error {
  override readonly name = 'InfraConfigError';
  constructor(
    message: string,
    readonly keys: string[],
  ) {
    super(message);
  }
}

const PREFIX = 'cant-login: context';

/**
 * Validates the context values (whatever `tryGetContext` returned for each key; `undefined` and empty
 * strings mean unset). Every bad key gets one line; they are thrown together in one InfraConfigError.
 * Keys that differ from a known key only in letter case are refused too (a typo would otherwise be
 * silently ignored).
 */
export function parseInfraConfig(context: Readonly<Record<string, unknown>>): InfraConfig {
  const errors: string[] = [];
  const keys: string[] = [];
  const known = new Map(CONTEXT_KEYS.map((k) => [k.toLowerCase(), k]));
  for (const key of Object.keys(context)) {
    const match = known.get(key.toLowerCase());
    if (match && match !== key && context[key] !== undefined) {
      errors.push(`${PREFIX} "${key}" is not a setting: did you mean "${match}"?`);
      keys.push(key);
    }
  }

  const out: Partial<Record<ContextKey, unknown>> = {};
  for (const key of CONTEXT_KEYS) {
    const raw = context[key];
    if (raw === undefined || raw === null) continue;
    const value = asText(raw);
    if (value === '') continue;
    const { expected, schema } = CONTEXT_FIELDS[key] as Field<unknown>;
    const parsed = schema.safeParse(value);
    if (parsed.success) out[key] = parsed.data;
    else {
      errors.push(`${PREFIX} "${key}" must be ${expected} (got "${value}")`);
      keys.push(key);
    }
  }
  const values = out as Partial<Parsed>;

  // Cross-checks: things that only fail at deploy time (or worse, at run time) otherwise.
  const region = values.region;
  const regionOf = (arn: string) => arn.split(':')[3];
  if (region && values.alarmTopicArn && regionOf(values.alarmTopicArn) !== region) {
    errors.push(
      `${PREFIX} "alarmTopicArn" must be an SNS topic in the stack's region ${region}: CloudWatch alarms can only notify a topic in their own region (got "${values.alarmTopicArn}")`,
    );
    keys.push('alarmTopicArn');
  }
  if (region && values.slackSecretArn && regionOf(values.slackSecretArn) !== region) {
    errors.push(
      `${PREFIX} "slackSecretArn" must be a secret in the stack's region ${region}: the functions read it in their own region (got "${values.slackSecretArn}")`,
    );
    keys.push('slackSecretArn');
  }

  const expiry = values.approvalExpiryHours ?? DEFAULTS.approvalExpiryHours;
  const reminder = values.approvalReminderHours ?? DEFAULTS.approvalReminderHours;
  if (
    !keys.includes('approvalReminderHours') &&
    !keys.includes('approvalExpiryHours') &&
    reminder >= expiry
  ) {
    errors.push(
      `${PREFIX} "approvalReminderHours" must be less than approvalExpiryHours (${expiry}), or the reminder goes out with the request (got "${reminder}")`,
    );
    keys.push('approvalReminderHours');
  }

  if (errors.length > 0) throw new InfraConfigError(errors.join('\n'), keys);

  return {
    ...DEFAULTS,
    ...values,
  } as InfraConfig;
}
