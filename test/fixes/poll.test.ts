import { AwsCallError } from '../../src/aws';
import { effectivePolicy, formatWait, type StatusReading, waitForStatus } from '../../src/fixes/poll';
import { DEFAULT_POLL, type PollPolicy } from '../../src/fixes/types';
import { type Clock, ManualClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/log/logger';

/** A poll context on a ManualClock whose sleep moves the clock, and the sleeps it was asked for. */
function polling(
  poll: PollPolicy = DEFAULT_POLL,
  clock: Clock & { advance?(ms: number): void } = new ManualClock(0),
) {
  const sleeps: number[] = [];
  return {
    sleeps,
    clock,
    ctx: {
      clock,
      poll,
      logger: silentLogger(),
      sleep: async (ms: number) => {
        sleeps.push(ms);
        clock.advance?.(ms);
      },
    },
  };
}

/** A describe that answers IN_PROGRESS until the clock reaches `doneAt`, then `final`. */
const finishesAt =
  (clock: Clock, doneAt: number, final: StatusReading): (() => Promise<StatusReading>) =>
  async () =>
    clock.now() >= doneAt ? final : { status: 'IN_PROGRESS' };

const awsError = (code: AwsCallError['code'], awsErrorName: string) =>
  new AwsCallError({
    code,
    action: 'sso:DescribePermissionSetProvisioningStatus',
    service: 'sso',
    operation: 'DescribePermissionSetProvisioningStatus',
    message: awsErrorName,
    awsErrorName,
    cause: undefined,
  });

describe('waitForStatus', () => {
  it('backs off from initialMs, doubling, never more than 5 s apart, until AWS finishes', async () => {
    const { ctx, sleeps, clock } = polling();
    const outcome = await waitForStatus(finishesAt(clock, 20_000, { status: 'SUCCEEDED' }), ctx);
    expect(outcome).toEqual({ kind: 'succeeded' });
    expect(sleeps).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
    expect(clock.now()).toBe(22_500);
  });

  it('answers without sleeping when the request has already finished', async () => {
    const { ctx, sleeps } = polling();
    expect(await waitForStatus(async () => ({ status: 'SUCCEEDED' }), ctx)).toEqual({ kind: 'succeeded' });
    expect(sleeps).toEqual([]);
  });

  it("returns a FAILED request's reason exactly as AWS gave it", async () => {
    const { ctx, clock } = polling();
    const reason =
      'Received a 404 status error: Policy team-boundary does not exist in account 333333333333.';
    expect(
      await waitForStatus(finishesAt(clock, 1000, { status: 'FAILED', failureReason: reason }), ctx),
    ).toEqual({
      kind: 'failed',
      reason,
    });
  });

  it('gives up after totalMs, sleeping at most 5 s at a time, and says AWS is still working', async () => {
    const { ctx, sleeps, clock } = polling({ initialMs: 500, maxIntervalMs: 60_000, totalMs: 5 * 60_000 });
    let describes = 0;
    const outcome = await waitForStatus(async () => {
      describes += 1;
      return { status: 'IN_PROGRESS' };
    }, ctx);
    expect(outcome).toEqual({
      kind: 'pending',
      reason: 'AWS did not finish within 5 minutes; the bot will keep checking',
    });
    expect(Math.max(...sleeps)).toBe(5000);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBe(5 * 60_000);
    expect(clock.now()).toBe(5 * 60_000);
    // One look before the first sleep and one after each.
    expect(describes).toBe(sleeps.length + 1);
  });

  it('still gives up when the clock does not move (the sleeps are counted too)', async () => {
    const frozen: Clock = { now: () => 42 };
    const { ctx, sleeps } = polling({ initialMs: 100, maxIntervalMs: 1000, totalMs: 10_000 }, frozen);
    const outcome = await waitForStatus(async () => ({ status: 'IN_PROGRESS' }), ctx);
    expect(outcome.kind).toBe('pending');
    expect(sleeps.reduce((a, b) => a + b, 0)).toBe(10_000);
  });

  it('keeps polling through throttling, but not through other errors', async () => {
    const { ctx, sleeps } = polling();
    let n = 0;
    const outcome = await waitForStatus(async () => {
      n += 1;
      if (n === 1) throw awsError('throttled', 'ThrottlingException');
      return { status: 'SUCCEEDED' };
    }, ctx);
    expect(outcome).toEqual({ kind: 'succeeded' });
    expect(sleeps).toEqual([500]);

    const denied = awsError('access-denied', 'AccessDeniedException');
    await expect(
      waitForStatus(async () => {
        throw denied;
      }, polling().ctx),
    ).rejects.toBe(denied);
  });
});

describe('the poll policy', () => {
  it.each([
    [
      { initialMs: 500, maxIntervalMs: 5000, totalMs: 1000 },
      { initialMs: 500, maxIntervalMs: 5000, totalMs: 1000 },
    ],
    [
      { initialMs: 500, maxIntervalMs: 30_000, totalMs: 1000 },
      { initialMs: 500, maxIntervalMs: 5000, totalMs: 1000 },
    ],
    [
      { initialMs: 9000, maxIntervalMs: 30_000, totalMs: 1000 },
      { initialMs: 5000, maxIntervalMs: 5000, totalMs: 1000 },
    ],
    [
      { initialMs: 0, maxIntervalMs: 0, totalMs: -1 },
      { initialMs: 1, maxIntervalMs: 1, totalMs: 0 },
    ],
  ])('%j is applied as %j', (given, applied) => {
    expect(effectivePolicy(given)).toEqual(applied);
  });

  it.each([
    [5 * 60_000, '5 minutes'],
    [60_000, '1 minute'],
    [90_000, '1.5 minutes'],
    [30_000, '30 seconds'],
    [1000, '1 second'],
  ])('%d ms reads "%s"', (ms, text) => {
    expect(formatWait(ms)).toBe(text);
  });
});
