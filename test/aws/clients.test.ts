import {
  type AwsClientOptions,
  type AwsClients,
  createAwsClients,
  DescribeOrganizationCommand,
  GetCallerIdentityCommand,
  ListInstancesCommand,
  ListUsersCommand,
  LookupEventsCommand,
  rateLimitsFor,
  toAwsCallError,
} from '../../src/aws';
import { CALL_LOG_MIDDLEWARE, RATE_LIMIT_MIDDLEWARE } from '../../src/aws/middleware';
import { TokenBucket } from '../../src/lib/token-bucket';
import { FakeAwsServer, json, jsonError, stsCallerIdentity, throttle } from './fake-aws-server';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

describe('createAwsClients option checks', () => {
  it.each([0, -0.5, 1.01, 2, Number.NaN])(
    'rejects quotaShare %p with a message that names it',
    (quotaShare) => {
      expect(() => createAwsClients({ region: 'us-east-1', credentials, quotaShare })).toThrow(
        /quotaShare must be greater than 0 and at most 1/,
      );
    },
  );

  it.each([0, 1.5, -1])('rejects maxAttempts %p', (maxAttempts) => {
    expect(() => createAwsClients({ region: 'us-east-1', credentials, maxAttempts })).toThrow(/maxAttempts/);
  });

  it('rejects a non-positive rate override, naming the service', () => {
    expect(() => createAwsClients({ region: 'us-east-1', credentials, rates: { cloudtrail: 0 } })).toThrow(
      /rates\.cloudtrail must be a positive number/,
    );
  });

  it('rejects an endpoint that is not a URL', () => {
    expect(() => createAwsClients({ region: 'us-east-1', credentials, endpoint: 'localhost:4566' })).toThrow(
      /endpoint must be an absolute URL/,
    );
  });

  it('rejects an empty region', () => {
    expect(() => createAwsClients({ region: ' ', credentials })).toThrow(/region/);
  });

  it('accepts quotaShare 1 and uses the whole quota', () => {
    const clients = createAwsClients({ region: 'us-east-1', credentials, quotaShare: 1 });
    expect(clients.limits.sso).toEqual({ ratePerSecond: 20, burst: 20 });
    clients.destroy();
  });
});

describe('rateLimitsFor', () => {
  it('takes half of each documented quota by default, with a burst of at least one', () => {
    expect(rateLimitsFor(0.5)).toEqual({
      sso: { ratePerSecond: 10, burst: 10 },
      identitystore: { ratePerSecond: 10, burst: 10 },
      cloudtrail: { ratePerSecond: 1, burst: 1 },
      organizations: { ratePerSecond: 5, burst: 5 },
      sts: { ratePerSecond: 25, burst: 25 },
    });
  });

  it('applies the share to an overridden quota and never lets the burst fall below one', () => {
    const limits = rateLimitsFor(0.1, { sso: 100 });
    expect(limits.sso).toEqual({ ratePerSecond: 10, burst: 10 });
    expect(limits.cloudtrail.burst).toBe(1);
    expect(limits.cloudtrail.ratePerSecond).toBeCloseTo(0.2);
  });

  it('is what createAwsClients reports as its limits', () => {
    const clients = createAwsClients({
      region: 'us-east-1',
      credentials,
      quotaShare: 0.25,
      rates: { sts: 8 },
    });
    expect(clients.limits).toEqual(rateLimitsFor(0.25, { sts: 8 }));
    clients.destroy();
  });
});

describe('the middleware order', () => {
  it('puts the limiter and then the call log inside the retry loop, before signing', () => {
    const clients = createAwsClients({ region: 'us-east-1', credentials });
    for (const client of [
      clients.ssoAdmin,
      clients.identityStore,
      clients.cloudTrail,
      clients.organizations,
      clients.sts,
    ]) {
      const names = client.middlewareStack.identify().map((line) => line.split(' ')[0]);
      const at = (name: string) => names.indexOf(name);
      expect(at('retryMiddleware')).toBeGreaterThanOrEqual(0);
      expect(at(RATE_LIMIT_MIDDLEWARE)).toBe(at('retryMiddleware') + 1);
      expect(at(CALL_LOG_MIDDLEWARE)).toBe(at(RATE_LIMIT_MIDDLEWARE) + 1);
      expect(at('httpSigningMiddleware')).toBe(at(CALL_LOG_MIDDLEWARE) + 1);
    }
    clients.destroy();
  });
});

describe('AWS clients against a local endpoint', () => {
  const server = new FakeAwsServer();
  let endpoint = '';
  let now = 0;
  let clients: AwsClients;
  let reserve: jest.SpiedFunction<TokenBucket['reserve']>;

  beforeAll(async () => {
    endpoint = await server.start();
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    now = 1_000_000;
    reserve = jest.spyOn(TokenBucket.prototype, 'reserve');
  });

  afterEach(() => {
    reserve.mockRestore();
    clients.destroy();
  });

  const build = (overrides: Partial<AwsClientOptions> = {}) =>
    createAwsClients({
      region: 'us-east-1',
      endpoint,
      credentials,
      maxAttempts: 2,
      clock: () => now,
      ...overrides,
    });

  // The buckets the limiters asked for a token, in order (`this` of each `reserve` call).
  const bucketsAsked = (): TokenBucket[] => reserve.mock.contexts as TokenBucket[];

  // How many tokens the bucket with this rate handed out.
  const tokensTakenAt = (ratePerSecond: number): number =>
    bucketsAsked().filter((bucket) => bucket.ratePerSecond === ratePerSecond).length;

  it('sends every service to the given endpoint and logs each call under its service', async () => {
    clients = build();
    server.reset((request) => {
      switch (request.operation) {
        case 'ListInstances':
          return json({ Instances: [] });
        case 'ListUsers':
          return json({ Users: [] });
        case 'LookupEvents':
          return json({ Events: [] });
        case 'DescribeOrganization':
          return json({ Organization: { Id: 'o-abc' } });
        case 'GetCallerIdentity':
          return stsCallerIdentity('123456789012');
        default:
          return jsonError('UnknownOperationException', request.operation);
      }
    });

    await clients.ssoAdmin.send(new ListInstancesCommand({}));
    await clients.identityStore.send(new ListUsersCommand({ IdentityStoreId: 'd-1234567890' }));
    await clients.cloudTrail.send(new LookupEventsCommand({}));
    const org = await clients.organizations.send(new DescribeOrganizationCommand({}));
    const me = await clients.sts.send(new GetCallerIdentityCommand({}));

    expect(server.seen.map((r) => r.operation)).toEqual([
      'ListInstances',
      'ListUsers',
      'LookupEvents',
      'DescribeOrganization',
      'GetCallerIdentity',
    ]);
    expect(org.Organization?.Id).toBe('o-abc');
    expect(me.Account).toBe('123456789012');
    expect(clients.calls.count()).toBe(5);
    expect(clients.calls.countBy()).toEqual({
      sso: 1,
      identitystore: 1,
      cloudtrail: 1,
      organizations: 1,
      sts: 1,
    });
    expect(clients.calls.entries().map((e) => [e.service, e.operation, e.outcome, e.requestId])).toEqual([
      ['sso', 'ListInstances', 'ok', 'req-0'],
      ['identitystore', 'ListUsers', 'ok', 'req-1'],
      ['cloudtrail', 'LookupEvents', 'ok', 'req-2'],
      ['organizations', 'DescribeOrganization', 'ok', 'req-3'],
      ['sts', 'GetCallerIdentity', 'ok', 'req-4'],
    ]);
    // One token per call, each from its own service's bucket.
    expect(bucketsAsked().map((bucket) => bucket.ratePerSecond)).toEqual([10, 10, 1, 5, 25]);
  });

  it('takes a token for the retry too: a throttled call that succeeds took two tokens and logged two attempts', async () => {
    clients = build();
    server.reset((_request, index) => (index === 0 ? throttle() : json({ Instances: [] })));

    const out = await clients.ssoAdmin.send(new ListInstancesCommand({}));

    expect(out.Instances).toEqual([]);
    expect(out.$metadata.attempts).toBe(2);
    expect(server.seen.map((r) => r.attempt)).toEqual(['attempt=1; max=2', 'attempt=2; max=2']);
    expect(tokensTakenAt(10)).toBe(2);
    expect(reserve).toHaveBeenCalledTimes(2);
    expect(clients.calls.entries()).toEqual([
      expect.objectContaining({
        service: 'sso',
        operation: 'ListInstances',
        outcome: 'throttled',
        errorName: 'ThrottlingException',
        requestId: 'req-0',
      }),
      expect.objectContaining({
        service: 'sso',
        operation: 'ListInstances',
        outcome: 'ok',
        requestId: 'req-1',
      }),
    ]);
    expect(clients.calls.throttled()).toBe(1);
    expect(clients.calls.count()).toBe(2);
  });

  it('spaces calls at the configured rate: once the burst is spent, each token is 1/rate later', async () => {
    // 20/s × 1 = 20 tokens of burst; the clock is frozen, so no token refills and the waits the
    // bucket hands out are exact: 20 × 0 ms, then 50 ms, then 100 ms.
    clients = build({ quotaShare: 1 });
    server.reset(() => json({ Instances: [] }));

    for (let i = 0; i < 22; i += 1) await clients.ssoAdmin.send(new ListInstancesCommand({}));

    const waits = reserve.mock.results.map((r) => r.value);
    expect(waits.slice(0, 20)).toEqual(Array(20).fill(0));
    expect(waits.slice(20)).toEqual([50, 100]);
    expect(server.seen).toHaveLength(22);
  });

  it('logs a denied call once as an error, and the error names the action from the message', async () => {
    clients = build();
    server.reset(() =>
      jsonError(
        'AccessDeniedException',
        'User: arn:aws:sts::123456789012:assumed-role/bot/x is not authorized to perform: sso:ListInstances on resource: *',
      ),
    );

    const err = await clients.ssoAdmin.send(new ListInstancesCommand({})).catch((e: unknown) => e);
    const wrapped = toAwsCallError(err, 'sso', 'ListInstances');

    expect(wrapped.code).toBe('access-denied');
    expect(wrapped.action).toBe('sso:ListInstances');
    expect(wrapped.requestId).toBe('req-0');
    expect(wrapped.cause).toBe(err);
    expect(server.seen).toHaveLength(1);
    expect(clients.calls.entries()).toEqual([
      expect.objectContaining({ outcome: 'error', errorName: 'AccessDeniedException', requestId: 'req-0' }),
    ]);
  });

  it('records duration with the injected clock and tells subscribers about each attempt', async () => {
    clients = build();
    server.reset(() => {
      now += 42;
      return json({ Instances: [] });
    });
    const heard: string[] = [];
    const unsubscribe = clients.calls.subscribe((record) =>
      heard.push(`${record.operation}:${record.outcome}`),
    );

    await clients.ssoAdmin.send(new ListInstancesCommand({}));
    unsubscribe();
    await clients.ssoAdmin.send(new ListInstancesCommand({}));

    expect(heard).toEqual(['ListInstances:ok']);
    expect(clients.calls.entries().map((e) => [e.startedAt, e.durationMs])).toEqual([
      [1_000_000, 42],
      [1_000_042, 42],
    ]);
  });
});
