import { CantLoginError } from '../lib/errors';
import { type AwsService, IAM_PREFIX, operationName } from './services';

/** Why an AWS call failed, in the terms the diagnosis and fix layers act on. */
export type AwsErrorCode =
  | 'access-denied'
  | 'throttled'
  | 'not-found'
  | 'validation'
  | 'unavailable'
  | 'unknown';

const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied']);

// The names AWS uses for "slow down" across these five services (STS says `Throttling`,
// Organizations `TooManyRequestsException`, the others `ThrottlingException`).
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);

const NOT_FOUND = new Set(['ResourceNotFoundException', 'AccountNotFoundException']);

const VALIDATION = new Set([
  'ValidationException',
  'InvalidInputException',
  'InvalidParameterException',
  'InvalidParameterValueException',
  'InvalidParameterCombinationException',
  'InvalidLookupAttributesException',
  'InvalidTimeRangeException',
  'InvalidMaxResultsException',
  'InvalidNextTokenException',
  'InvalidEventCategoryException',
  'SerializationException',
]);

const UNAVAILABLE = new Set([
  'InternalServerException',
  'InternalFailure',
  'InternalError',
  'ServiceException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

// Node's socket errors: the endpoint is not there or went away.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function httpStatusOf(err: unknown): number | undefined {
  const status = field(field(err, '$metadata'), 'httpStatusCode');
  return typeof status === 'number' ? status : undefined;
}

/** The IAM action that authorises `operation` (with or without its `Command` suffix) on `service`. */
export function iamActionFor(service: AwsService, operation: string): string {
  return `${IAM_PREFIX[service]}:${operationName(operation)}`;
}

/** The AWS exception name (`AccessDeniedException`), or a Node socket code (`ECONNREFUSED`) for a
 * network failure; undefined for something that is not an error object. */
export function errorName(err: unknown): string | undefined {
  const name = field(err, 'name');
  const code = field(err, 'code');
  if (typeof name === 'string' && name !== 'Error') return name;
  if (typeof code === 'string') return code;
  return typeof name === 'string' ? name : undefined;
}

/** The request id AWS gave the failed call (quote it to AWS Support), if the response carried one. */
export function requestIdOf(err: unknown): string | undefined {
  const id = field(field(err, '$metadata'), 'requestId');
  return typeof id === 'string' && id !== '' ? id : undefined;
}

export function isAccessDenied(err: unknown): boolean {
  const name = errorName(err);
  return name !== undefined && ACCESS_DENIED.has(name);
}

export function isThrottling(err: unknown): boolean {
  const name = errorName(err);
  if (name !== undefined && THROTTLING.has(name)) return true;
  if (httpStatusOf(err) === 429) return true;
  return field(field(err, '$retryable'), 'throttling') === true;
}

export function isNotFound(err: unknown): boolean {
  const name = errorName(err);
  return name !== undefined && NOT_FOUND.has(name);
}

function isValidation(err: unknown): boolean {
  const name = errorName(err);
  return name !== undefined && VALIDATION.has(name);
}

/** The socket code of a network failure, from the error's `code` or, when the SDK wrapped the error
 * and dropped the code (it does so for errors from another realm), from its message. */
export function networkCodeOf(err: unknown): string | undefined {
  const code = field(err, 'code');
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  const message = field(err, 'message');
  if (typeof message !== 'string') return undefined;
  return [...NETWORK_CODES].find((c) => message.includes(c));
}

function isUnavailable(err: unknown): boolean {
  const name = errorName(err);
  if (name !== undefined && (UNAVAILABLE.has(name) || NETWORK_CODES.has(name))) return true;
  if (networkCodeOf(err)) return true;
  const status = httpStatusOf(err);
  return status !== undefined && status >= 500;
}

/** Sorts any error thrown by an AWS call into one of the codes the rest of the app switches on. */
export function classifyAwsError(err: unknown): AwsErrorCode {
  // Throttling first: some services send it as a 400 that would otherwise read as a client error.
  if (isThrottling(err)) return 'throttled';
  if (isAccessDenied(err)) return 'access-denied';
  if (isNotFound(err)) return 'not-found';
  if (isValidation(err)) return 'validation';
  if (isUnavailable(err)) return 'unavailable';
  return 'unknown';
}

// "User: arn:… is not authorized to perform: cloudtrail:LookupEvents on resource: …" and
// "… because no identity-based policy allows the sso:ListInstances action".
const ACTION_IN_MESSAGE = [
  /not authorized to perform:?\s+([a-z0-9-]+:[A-Za-z0-9*]+)/,
  /allows the ([a-z0-9-]+:[A-Za-z0-9*]+) action/,
];

/** The IAM action an access-denied message names, when it names one. */
export function actionFromMessage(message: string): string | undefined {
  for (const pattern of ACTION_IN_MESSAGE) {
    const match = pattern.exec(message);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/** An AWS call that failed, with the IAM action it needed, so a report can say what to grant. */
export class AwsCallError extends CantLoginError {
  override readonly name = 'AwsCallError';
  readonly code: AwsErrorCode;
  /** The IAM action involved, e.g. `cloudtrail:LookupEvents`. */
  readonly action: string;
  readonly service: AwsService;
  readonly operation: string;
  /** The AWS exception name, e.g. `AccessDeniedException`. */
  readonly awsErrorName: string | undefined;
  readonly requestId: string | undefined;
  override readonly cause: unknown;

  constructor(init: {
    code: AwsErrorCode;
    action: string;
    service: AwsService;
    operation: string;
    message: string;
    awsErrorName?: string;
    requestId?: string;
    cause: unknown;
  }) {
    super(init.message, {
      cause: init.cause,
      retryable: init.code === 'throttled' || init.code === 'unavailable',
    });
    this.code = init.code;
    this.action = init.action;
    this.service = init.service;
    this.operation = init.operation;
    this.awsErrorName = init.awsErrorName;
    this.requestId = init.requestId;
    this.cause = init.cause;
  }
}

/** Wraps whatever an AWS call threw; an `AwsCallError` passes through unchanged. */
export function toAwsCallError(err: unknown, service: AwsService, operation: string): AwsCallError {
  if (err instanceof AwsCallError) return err;
  const code = classifyAwsError(err);
  const original = field(err, 'message');
  const originalMessage = typeof original === 'string' ? original : String(err);
  const action =
    (code === 'access-denied' ? actionFromMessage(originalMessage) : undefined) ??
    iamActionFor(service, operation);
  const named = errorName(err);
  // A network failure the SDK wrapped reads as a plain "Error": name it by its socket code instead.
  const name = named === undefined || named === 'Error' ? (networkCodeOf(err) ?? named) : named;
  const requestId = requestIdOf(err);
  return new AwsCallError({
    code,
    action,
    service,
    operation: operationName(operation),
    message: `${action} failed (${code}${name ? `, ${name}` : ''}): ${originalMessage}`,
    cause: err,
    ...(name === undefined ? {} : { awsErrorName: name }),
    ...(requestId === undefined ? {} : { requestId }),
  });
}
