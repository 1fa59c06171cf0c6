import {
  AwsCallError,
  type AwsErrorCode,
  type AwsService,
  actionFromMessage,
  classifyAwsError,
  errorName,
  iamActionFor,
  isAccessDenied,
  isNotFound,
  isThrottling,
  requestIdOf,
  toAwsCallError,
} from '../../src/aws';

// Shaped like the SDK's service exceptions: `name` is the AWS exception, `$metadata` the response's.
function awsError(
  name: string,
  message = 'boom',
  metadata: { httpStatusCode?: number; requestId?: string } = {},
) {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400, ...metadata } });
}

describe('iamActionFor', () => {
  it.each<[AwsService, string, string]>([
    ['sso', 'ListInstances', 'sso:ListInstances'],
    ['sso', 'ListAccountAssignmentsForPrincipalCommand', 'sso:ListAccountAssignmentsForPrincipal'],
    ['identitystore', 'GetUserId', 'identitystore:GetUserId'],
    ['cloudtrail', 'LookupEvents', 'cloudtrail:LookupEvents'],
    ['organizations', 'DescribeAccount', 'organizations:DescribeAccount'],
    ['sts', 'GetCallerIdentityCommand', 'sts:GetCallerIdentity'],
  ])('%s %s → %s', (service, operation, action) => {
    expect(iamActionFor(service, operation)).toBe(action);
  });
});

describe('classifiers', () => {
  it.each<[string, unknown, AwsErrorCode]>([
    ['sso-admin throttling', awsError('ThrottlingException'), 'throttled'],
    ['sts throttling', awsError('Throttling'), 'throttled'],
    ['organizations throttling', awsError('TooManyRequestsException'), 'throttled'],
    ['a bare 429', awsError('SomethingNew', 'x', { httpStatusCode: 429 }), 'throttled'],
    ['access denied', awsError('AccessDeniedException'), 'access-denied'],
    ['sts access denied', awsError('AccessDenied', 'x', { httpStatusCode: 403 }), 'access-denied'],
    ['no such user', awsError('ResourceNotFoundException'), 'not-found'],
    ['no such account', awsError('AccountNotFoundException'), 'not-found'],
    ['bad input', awsError('ValidationException'), 'validation'],
    ['bad lookup attribute', awsError('InvalidLookupAttributesException'), 'validation'],
    ['organizations bad input', awsError('InvalidInputException'), 'validation'],
    ['server fault', awsError('InternalServerException', 'x', { httpStatusCode: 500 }), 'unavailable'],
    ['any 503', awsError('Weird', 'x', { httpStatusCode: 503 }), 'unavailable'],
    [
      'connection refused',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      'unavailable',
    ],
    ['a conflict', awsError('ConflictException'), 'unknown'],
    ['not an error at all', 'just a string', 'unknown'],
  ])('%s → %s', (_label, err, code) => {
    expect(classifyAwsError(err)).toBe(code);
  });

  it('answers the single questions the same way', () => {
    expect(isThrottling(awsError('ThrottlingException'))).toBe(true);
    expect(isThrottling(awsError('AccessDeniedException'))).toBe(false);
    expect(isAccessDenied(awsError('AccessDeniedException'))).toBe(true);
    expect(isAccessDenied(new Error('AccessDeniedException'))).toBe(false);
    expect(isNotFound(awsError('AccountNotFoundException'))).toBe(true);
    expect(isNotFound(null)).toBe(false);
  });

  it('reads the name, the socket code and the request id', () => {
    expect(errorName(awsError('ValidationException'))).toBe('ValidationException');
    expect(errorName(Object.assign(new Error('x'), { code: 'ENOTFOUND' }))).toBe('ENOTFOUND');
    expect(errorName(new TypeError('x'))).toBe('TypeError');
    expect(errorName(42)).toBeUndefined();
    expect(requestIdOf(awsError('X', 'm', { requestId: 'abc-123' }))).toBe('abc-123');
    expect(requestIdOf(new Error('x'))).toBeUndefined();
  });
});

describe('actionFromMessage', () => {
  it.each([
    [
      'User: arn:aws:sts::111122223333:assumed-role/cant-login/bot is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action',
      'cloudtrail:LookupEvents',
    ],
    [
      'User: arn:aws:sts::111122223333:assumed-role/x/y is not authorized to perform: sso:ListInstances on resource: arn:aws:sso:::instance/* with an explicit deny in a service control policy',
      'sso:ListInstances',
    ],
    ['no identity-based policy allows the identitystore:DescribeUser action', 'identitystore:DescribeUser'],
    ['Access denied', undefined],
  ])('%s', (message, action) => {
    expect(actionFromMessage(message)).toBe(action);
  });
});

describe('toAwsCallError', () => {
  it('prefers the action a denial message names over the operation it was given', () => {
    const cause = awsError(
      'AccessDeniedException',
      'User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: organizations:DescribeOrganization on resource: *',
      { requestId: 'req-9' },
    );
    const err = toAwsCallError(cause, 'organizations', 'DescribeAccountCommand');

    expect(err).toBeInstanceOf(AwsCallError);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({
      name: 'AwsCallError',
      code: 'access-denied',
      action: 'organizations:DescribeOrganization',
      service: 'organizations',
      operation: 'DescribeAccount',
      awsErrorName: 'AccessDeniedException',
      requestId: 'req-9',
    });
    expect(err.cause).toBe(cause);
    expect(err.message).toContain('organizations:DescribeOrganization failed (access-denied');
  });

  it('falls back to the IAM action of the operation', () => {
    const err = toAwsCallError(
      awsError('AccessDeniedException', 'Access denied'),
      'cloudtrail',
      'LookupEvents',
    );
    expect(err.code).toBe('access-denied');
    expect(err.action).toBe('cloudtrail:LookupEvents');
    expect(err.requestId).toBeUndefined();
  });

  it('does not take an action from the message of an error that is not a denial', () => {
    const err = toAwsCallError(
      awsError('ValidationException', 'is not authorized to perform: sso:Other'),
      'sso',
      'DescribeInstance',
    );
    expect(err).toMatchObject({ code: 'validation', action: 'sso:DescribeInstance' });
  });

  it('classifies throttling and not-found, and passes an AwsCallError through unchanged', () => {
    const throttled = toAwsCallError(
      awsError('ThrottlingException', 'Rate exceeded'),
      'sso',
      'ListInstances',
    );
    expect(throttled.code).toBe('throttled');
    expect(toAwsCallError(throttled, 'cloudtrail', 'LookupEvents')).toBe(throttled);
    expect(toAwsCallError(awsError('ResourceNotFoundException'), 'identitystore', 'GetUserId').code).toBe(
      'not-found',
    );
  });

  it('wraps things that are not errors', () => {
    const err = toAwsCallError('socket hang up', 'sts', 'GetCallerIdentity');
    expect(err).toMatchObject({ code: 'unknown', action: 'sts:GetCallerIdentity', cause: 'socket hang up' });
    expect(err.message).toContain('socket hang up');
  });
});
