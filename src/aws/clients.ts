import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SSOAdminClient, type SSOAdminClientConfig } from '@aws-sdk/client-sso-admin';
import { STSClient } from '@aws-sdk/client-sts';
import { TokenBucket } from '../lib/token-bucket';
import { CallLog } from './call-log';
import {
  type AttemptMiddleware,
  CALL_LOG_MIDDLEWARE,
  callLogMiddleware,
  RATE_LIMIT_MIDDLEWARE,
  rateLimitMiddleware,
} from './middleware';
import { AWS_SERVICES, type AwsService, DOCUMENTED_RATES } from './services';

type SdkCredentials = NonNullable<SSOAdminClientConfig['credentials']>;
/** Static AWS credentials (`accessKeyId`, `secretAccessKey`, optional `sessionToken`). */
export type AwsCredentialIdentity = Exclude<SdkCredentials, (...args: never[]) => unknown>;
/** A function that resolves (and refreshes) AWS credentials, like the SDK's provider chains. */
export type AwsCredentialIdentityProvider = Extract<SdkCredentials, (...args: never[]) => unknown>;

/** How to build the AWS clients: where, as whom, and how much of each quota the bot may use. */
export interface AwsClientOptions {
  region: string;
  /** One endpoint for every service (the sandbox). Unset: the SDK resolves it, `AWS_ENDPOINT_URL` included. */
  endpoint?: string;
  /** Unset: the SDK's default credential chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** The share of each documented quota the bot may use, 0 < x <= 1. Default 0.5. */
  quotaShare?: number;
  /** Attempts per call, the first included. Default 6. */
  maxAttempts?: number;
  /** Overrides of the documented quota (requests/s) per service; `quotaShare` still applies. */
  rates?: Partial<Record<AwsService, number>>;
  /** Milliseconds, for the rate limiter and the call log. Default: a monotonic epoch clock. */
  clock?: () => number;
  /** A log to record into; default a new one (read it back as `calls`). */
  callLog?: CallLog;
}

/** The client-side limit applied to one service. */
export interface ServiceRateLimit {
  readonly ratePerSecond: number;
  readonly burst: number;
}

/** One SDK client per service, rate-limited and instrumented; the only way the app reaches AWS. */
export interface AwsClients {
  readonly ssoAdmin: SSOAdminClient;
  readonly identityStore: IdentitystoreClient;
  readonly cloudTrail: CloudTrailClient;
  readonly organizations: OrganizationsClient;
  readonly sts: STSClient;
  /** Every attempt made through these clients. */
  readonly calls: CallLog;
  /** The limits in force, for logs and the README's "uses at most" figures. */
  readonly limits: Readonly<Record<AwsService, ServiceRateLimit>>;
  /** Closes the clients' sockets. */
  destroy(): void;
}

export const DEFAULT_QUOTA_SHARE = 0.5;
export const DEFAULT_MAX_ATTEMPTS = 6;

// performance.now() cannot go backwards (a token bucket must not see time reverse), and adding
// timeOrigin keeps call-log timestamps on the epoch scale.
const monotonicEpochClock = (): number => performance.timeOrigin + performance.now();

/** The structural slice of an SDK client's middleware stack used to install our middlewares. */
interface InstrumentableStack {
  addRelativeTo(
    middleware: AttemptMiddleware,
    options: { name: string; relation: 'before' | 'after'; toMiddleware: string; override?: boolean },
  ): void;
}

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
}

function validate(options: AwsClientOptions): { quotaShare: number; maxAttempts: number } {
  if (typeof options.region !== 'string' || options.region.trim() === '') {
    throw new RangeError('AWS region must be a non-empty string');
  }
  if (options.endpoint !== undefined && !isHttpUrl(options.endpoint)) {
    throw new RangeError(
      `AWS endpoint must be an absolute URL such as http://127.0.0.1:4566, got "${options.endpoint}"`,
    );
  }
  const quotaShare = options.quotaShare ?? DEFAULT_QUOTA_SHARE;
  if (!(quotaShare > 0 && quotaShare <= 1)) {
    throw new RangeError(
      `quotaShare must be greater than 0 and at most 1 (the share of each AWS quota the bot may use), got ${quotaShare}`,
    );
  }
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be an integer of at least 1, got ${maxAttempts}`);
  }
  for (const [service, rate] of Object.entries(options.rates ?? {})) {
    if (!AWS_SERVICES.includes(service as AwsService)) {
      throw new RangeError(`rates.${service}: unknown service (expected one of ${AWS_SERVICES.join(', ')})`);
    }
    if (rate !== undefined && !(Number.isFinite(rate) && rate > 0)) {
      throw new RangeError(`rates.${service} must be a positive number of requests per second, got ${rate}`);
    }
  }
  return { quotaShare, maxAttempts };
}

/** The limit for each service: `quotaShare` of its quota, with a burst of at least one request. */
export function rateLimitsFor(
  quotaShare: number,
  overrides: Partial<Record<AwsService, number>> = {},
): Record<AwsService, ServiceRateLimit> {
  const limits = {} as Record<AwsService, ServiceRateLimit>;
  for (const service of AWS_SERVICES) {
    const ratePerSecond = (overrides[service] ?? DOCUMENTED_RATES[service]) * quotaShare;
    limits[service] = { ratePerSecond, burst: Math.max(1, Math.floor(ratePerSecond)) };
  }
  return limits;
}

/** Builds the five clients with adaptive retry, per-service rate limits and the call log.
 * Build once per process and share the result: each call has its own token buckets, so two sets
 * of clients would together take twice the bot's share of a quota. */
export function createAwsClients(options: AwsClientOptions): AwsClients {
  const { quotaShare, maxAttempts } = validate(options);
  const clock = options.clock ?? monotonicEpochClock;
  const calls = options.callLog ?? new CallLog();
  const limits = rateLimitsFor(quotaShare, options.rates);

  const config = {
    region: options.region,
    maxAttempts,
    retryMode: 'adaptive',
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  } as const;

  // The SDK's retry middleware is `finalizeRequest`/`high` and the signer sits right after it.
  // Both of ours go between the two: inside the retry loop, so every attempt takes a token and is
  // logged, and before signing, so a long wait for a token never sends a stale signature.
  const instrument = (service: AwsService, stack: InstrumentableStack): void => {
    const { ratePerSecond, burst } = limits[service];
    const bucket = new TokenBucket(ratePerSecond, burst, clock);
    stack.addRelativeTo(rateLimitMiddleware(bucket), {
      name: RATE_LIMIT_MIDDLEWARE,
      relation: 'before',
      toMiddleware: 'httpSigningMiddleware',
      override: true,
    });
    // Inner to the limiter: the recorded duration is the request's, not the wait for a token.
    stack.addRelativeTo(callLogMiddleware(service, calls, clock), {
      name: CALL_LOG_MIDDLEWARE,
      relation: 'after',
      toMiddleware: RATE_LIMIT_MIDDLEWARE,
      override: true,
    });
  };

  const ssoAdmin = new SSOAdminClient(config);
  const identityStore = new IdentitystoreClient(config);
  const cloudTrail = new CloudTrailClient(config);
  const organizations = new OrganizationsClient(config);
  const sts = new STSClient(config);
  instrument('sso', ssoAdmin.middlewareStack);
  instrument('identitystore', identityStore.middlewareStack);
  instrument('cloudtrail', cloudTrail.middlewareStack);
  instrument('organizations', organizations.middlewareStack);
  instrument('sts', sts.middlewareStack);

  return {
    ssoAdmin,
    identityStore,
    cloudTrail,
    organizations,
    sts,
    calls,
    limits,
    destroy() {
      ssoAdmin.destroy();
      identityStore.destroy();
      cloudTrail.destroy();
      organizations.destroy();
      sts.destroy();
    },
  };
}
