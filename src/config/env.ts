import { z } from 'zod';

/** Every setting the app reads from the environment, validated once at start-up. No other module reads
 * `process.env`; they receive the parsed `AppConfig` (or the part they need). */

const slackUserIds = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'Slack user ids such as U0123ABCD, separated by commas')),
  );

const optionalNonEmpty = z.string().trim().min(1).optional();

/** The environment contract; names and forms are documented in the README. */
export const envSchema = z.object({
  AWS_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-1')
    .optional(),
  AWS_ENDPOINT_URL: z.url('a URL such as http://127.0.0.1:4566').optional(),
  IDENTITY_CENTER_INSTANCE_ARN: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/,
      'an instance ARN such as arn:aws:sso:::instance/ssoins-1234567890abcdef',
    )
    .optional(),
  AWS_QUOTA_SHARE: z.coerce
    .number('a number between 0 (exclusive) and 1, such as 0.5')
    .gt(0, 'a number greater than 0')
    .max(1, 'a number no greater than 1')
    .default(0.5),
  DIAGNOSIS_WINDOW_HOURS: z.coerce
    .number('a number of hours such as 24')
    .positive('a positive number of hours')
    .default(24),
  /** The inventory scan's organisation metadata answers diagnoses only while its last completed scan is
   * at most this old; older, everything is read live. */
  INVENTORY_MAX_AGE_MINUTES: z.coerce
    .number('a number of minutes such as 60')
    .positive('a positive number of minutes')
    .default(60),
  SANDBOX_SNAPSHOT: optionalNonEmpty,
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'a bot token starting with xoxb-').optional(),
  SLACK_SIGNING_SECRET: optionalNonEmpty,
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'an app-level token starting with xapp-').optional(),
  SLACK_SECRET_ARN: z.string().startsWith('arn:', 'a Secrets Manager ARN').optional(),
  SLACK_API_URL: z.url('a URL such as https://slack.com/api/').optional(),
  PORT: z.coerce.number('a TCP port number').int('a whole number').min(0).max(65535).default(3000),
  ADMIN_CHANNEL_ID: z
    .string()
    .regex(/^[CG][A-Z0-9]{2,}$/, 'a Slack channel id such as C0123ABCD')
    .optional(),
  NOTIFY_CHANNEL_ID: z
    .string()
    .regex(/^[CG][A-Z0-9]{2,}$/, 'a Slack channel id such as C0123ABCD')
    .optional(),
  APPROVERS: slackUserIds.optional(),
  APPROVER_GROUP_ID: z
    .string()
    .regex(/^S[A-Z0-9]{2,}$/, 'a Slack user group id such as S0123ABCD')
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  SLACK_EMAIL_DOMAIN_REWRITE: z
    .string()
    .regex(/^[^=\s]+=[^=\s]+$/, 'from-domain=to-domain, such as corp.example.com=example.com')
    .optional(),
  SLACK_IDENTITY_FIELD: z
    .string()
    .regex(
      /^[A-Za-z0-9_]+$/,
      'a Slack profile field such as email, display_name, or a custom field id like Xf0123ABCD',
    )
    .optional(),
  /** How the approval card's pickers load their choices: `external` needs the options load URL (always
   * there in Socket Mode; on HTTP / Lambda only if the manifest sets it); `static` lists the first 100. */
  SLACK_SELECT_MENUS: z
    .enum(['external', 'static'], 'external (type-ahead, needs the options load URL) or static')
    .default('external'),
  DIAGNOSES_PER_MINUTE: z.coerce.number('a whole number such as 3').int('a whole number').min(1).default(3),
  SLACK_JOBS_QUEUE_URL: z.url('an SQS queue URL').optional(),
  FIX_ROLE_ARN: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'an IAM role ARN')
    .optional(),
  CLOUDTRAIL_ROLE_ARN: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'an IAM role ARN')
    .optional(),
  CLOUDTRAIL_LAKE_EVENT_DATA_STORE: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:eventdatastore\/[A-Za-z0-9-]{1,128}$/,
      'a CloudTrail Lake event data store ARN such as arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE',
    )
    .optional(),
  TICKET_RETENTION_DAYS: z.coerce
    .number('a number of days such as 180')
    .int('a whole number of days')
    .min(1)
    .default(180),
  AUDIT_RETENTION_DAYS: z.coerce
    .number('a number of days such as 400')
    .int('a whole number of days')
    .min(1)
    .default(400),
  APPROVAL_EXPIRY_HOURS: z.coerce
    .number('a number of hours such as 24')
    .positive('a positive number of hours')
    .default(24),
  APPROVAL_REMINDER_HOURS: z.coerce
    .number('a number of hours such as 4')
    .positive('a positive number of hours')
    .default(4),
  SWEEP_INTERVAL_SECONDS: z.coerce.number('a number of seconds such as 60').int().min(5).default(60),
  /** Minutes between two drift scans (each followed by a digest); 0 turns the schedule off. */
  DRIFT_SCAN_INTERVAL_MINUTES: z.coerce
    .number('a number of minutes such as 60, or 0 for none')
    .int('a whole number of minutes')
    .min(0)
    .default(60),
  /** DM each person a drift affects (once), and again when it is repaired. */
  NOTIFY_AFFECTED: z
    .enum(['true', 'false'], 'true or false')
    .default('false')
    .transform((v) => v === 'true'),
  TICKETS_TABLE: z.string().min(3, 'a DynamoDB table name of at least 3 characters').optional(),
  /** The long-term audit trail (written from the tickets table's stream; `cant-login audit` reads it). */
  AUDIT_TABLE: z.string().min(3, 'a DynamoDB table name of at least 3 characters').optional(),
  /** The Secrets Manager secret whose value is the key that signs every queued job (HMAC-SHA256). */
  JOBS_KEY_SECRET_ARN: z.string().startsWith('arn:', 'a Secrets Manager ARN').optional(),
  /** Accounts where no fix may write, besides the management account (always protected). */
  PROTECTED_ACCOUNT_IDS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^\d{12}$/, '12-digit AWS account ids separated by commas')))
    .optional(),
  /** Permission sets a fix may grant, by name (unset, and no tag: any). */
  ALLOWED_PERMISSION_SETS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    )
    .optional(),
  /** Permission sets a fix may grant, by tag: key=value. */
  ALLOWED_PERMISSION_SET_TAG: z
    .string()
    .regex(/^[^=\s]+=[^=]*$/, 'a tag as key=value, such as cant-login=grantable')
    .optional(),
  /** Permission sets (a case-insensitive regular expression on the name) that need two approvers. */
  TWO_APPROVER_PERMISSION_SETS: z
    .string()
    .refine((s) => {
      try {
        new RegExp(s, 'i');
        return true;
      } catch {
        return false;
      }
    }, 'a regular expression such as admin|poweruser')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type AppConfig = z.infer<typeof envSchema>;

/** A setting that is missing or malformed; the message names the variable and the expected form. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    readonly variable: string,
  ) {
    super(message);
  }
}

/** Settings whose value must never appear in a message or a log line. */
const SECRET_VARIABLES = new Set(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN']);

/** How a bad value is quoted back: whole for ordinary settings; for a secret only its kind (a Slack
 * token's `xoxp-` prefix says which token was pasted) and its length, never the secret itself. */
function quoted(variable: string, value: string): string {
  if (!SECRET_VARIABLES.has(variable)) return `got "${value}"`;
  const prefix = /^(xox[a-z]|xapp)-/.exec(value)?.[0];
  return `got ${prefix ? `a "${prefix}…" value` : 'a value'} of ${value.length} characters, not shown`;
}

/** Reads and validates the environment. Empty strings count as unset, the way shells and .env files mean them. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const variable = String(issue.path[0] ?? 'environment');
  const value = cleaned[variable];
  const expected = issue.message.startsWith('Invalid input') ? 'a valid value' : issue.message;
  throw new ConfigError(
    `${variable}${value === undefined ? ' is required' : ` is not valid (${quoted(variable, value)})`}: expected ${expected}`,
    variable,
  );
}
