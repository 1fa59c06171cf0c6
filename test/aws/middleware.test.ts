import { CallLog } from '../../src/aws/call-log';
import { callLogMiddleware, rateLimitMiddleware } from '../../src/aws/middleware';
import { TokenBucket } from '../../src/lib/token-bucket';

type Args = { attempt: number };
type Result = { output: { $metadata: { requestId?: string } } };

describe('rateLimitMiddleware', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('lets the burst through at once, then one attempt every 1/rate seconds, in arrival order', async () => {
    // CloudTrail at the default share: 1 request/s, burst 1.
    const bucket = new TokenBucket(1, 1, () => Date.now());
    const sentAt: Array<[number, number]> = [];
    const next = async (args: Args): Promise<Result> => {
      sentAt.push([args.attempt, Date.now()]);
      return { output: { $metadata: {} } };
    };
    const handler = rateLimitMiddleware(bucket)(next, { commandName: 'LookupEventsCommand' });

    const all = Promise.all([1, 2, 3, 4].map((attempt) => handler({ attempt })));
    await jest.advanceTimersByTimeAsync(5_000);
    await all;

    expect(sentAt).toEqual([
      [1, 0],
      [2, 1_000],
      [3, 2_000],
      [4, 3_000],
    ]);
  });

  it('spends a burst of ten before spacing at 100 ms (sso at half of 20/s)', async () => {
    const bucket = new TokenBucket(10, 10, () => Date.now());
    const sentAt: number[] = [];
    const next = async (): Promise<Result> => {
      sentAt.push(Date.now());
      return { output: { $metadata: {} } };
    };
    const handler = rateLimitMiddleware(bucket)(next, {});

    const all = Promise.all(Array.from({ length: 13 }, (_, attempt) => handler({ attempt })));
    await jest.advanceTimersByTimeAsync(1_000);
    await all;

    expect(sentAt).toEqual([...Array(10).fill(0), 100, 200, 300]);
  });
});

describe('callLogMiddleware', () => {
  it('records the operation without its Command suffix, the outcome and the request id', async () => {
    const log = new CallLog();
    let now = 500;
    const ok = callLogMiddleware(
      'identitystore',
      log,
      () => now,
    )(
      async (): Promise<Result> => {
        now += 7;
        return { output: { $metadata: { requestId: 'r-1' } } };
      },
      { commandName: 'GetUserIdCommand' },
    );
    const denied = Object.assign(new Error('nope'), {
      name: 'AccessDeniedException',
      $metadata: { requestId: 'r-2', httpStatusCode: 400 },
    });
    const failing = callLogMiddleware(
      'identitystore',
      log,
      () => now,
    )(
      async (): Promise<Result> => {
        throw denied;
      },
      { commandName: 'DescribeUserCommand' },
    );

    await ok({});
    await expect(failing({})).rejects.toBe(denied);

    expect(log.entries()).toEqual([
      {
        service: 'identitystore',
        operation: 'GetUserId',
        startedAt: 500,
        durationMs: 7,
        outcome: 'ok',
        requestId: 'r-1',
      },
      {
        service: 'identitystore',
        operation: 'DescribeUser',
        startedAt: 507,
        durationMs: 0,
        outcome: 'error',
        errorName: 'AccessDeniedException',
        requestId: 'r-2',
      },
    ]);
  });
});
