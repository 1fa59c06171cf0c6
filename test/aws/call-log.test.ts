import { CallLog, type CallRecord } from '../../src/aws';

const at = (startedAt: number, overrides: Partial<CallRecord> = {}): CallRecord => ({
  service: 'sso',
  operation: 'ListInstances',
  startedAt,
  durationMs: 3,
  outcome: 'ok',
  ...overrides,
});

describe('CallLog', () => {
  it('counts attempts in total, per service, per operation and throttled', () => {
    const log = new CallLog();
    log.record(at(1));
    log.record(at(2, { outcome: 'throttled', errorName: 'ThrottlingException' }));
    log.record(at(3, { operation: 'DescribeInstance' }));
    log.record(
      at(4, {
        service: 'cloudtrail',
        operation: 'LookupEvents',
        outcome: 'error',
        errorName: 'AccessDeniedException',
      }),
    );

    expect(log.count()).toBe(4);
    expect(log.throttled()).toBe(1);
    expect(log.countBy()).toEqual({ sso: 3, cloudtrail: 1 });
    expect(log.countBy('sso')).toEqual({ ListInstances: 2, DescribeInstance: 1 });
    expect(log.countBy('identitystore')).toEqual({});
    expect(log.entries().map((e) => e.startedAt)).toEqual([1, 2, 3, 4]);
  });

  it('keeps only the newest maxEntries records but counts them all', () => {
    const log = new CallLog({ maxEntries: 2 });
    for (let i = 0; i < 5; i += 1) log.record(at(i));
    expect(log.entries().map((e) => e.startedAt)).toEqual([3, 4]);
    expect(log.count()).toBe(5);
  });

  it('hands out copies: changing what entries() returned does not change the log', () => {
    const log = new CallLog();
    log.record(at(1));
    const seen = log.entries() as CallRecord[];
    seen.pop();
    expect(log.entries()).toHaveLength(1);
    expect(Object.isFrozen(log.entries()[0])).toBe(true);
  });

  it('reset forgets records and counters but keeps subscribers', () => {
    const log = new CallLog();
    const heard: number[] = [];
    log.subscribe((r) => heard.push(r.startedAt));
    log.record(at(1, { outcome: 'throttled' }));
    log.reset();
    log.record(at(2));

    expect(log.count()).toBe(1);
    expect(log.throttled()).toBe(0);
    expect(log.countBy()).toEqual({ sso: 1 });
    expect(heard).toEqual([1, 2]);
  });

  it('stops calling a listener after it unsubscribes', () => {
    const log = new CallLog();
    const listener = jest.fn();
    const unsubscribe = log.subscribe(listener);
    log.record(at(1));
    unsubscribe();
    log.record(at(2));
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(expect.objectContaining({ startedAt: 1 }));
  });

  it('keeps going when a listener throws, and reports the error', () => {
    const reported: unknown[] = [];
    const log = new CallLog({ onListenerError: (err) => reported.push(err) });
    const after = jest.fn();
    const failure = new Error('listener broke');
    log.subscribe(() => {
      throw failure;
    });
    log.subscribe(after);

    expect(() => log.record(at(1))).not.toThrow();
    expect(after).toHaveBeenCalledTimes(1);
    expect(reported).toEqual([failure]);
    expect(log.count()).toBe(1);
  });

  it('rejects a negative maxEntries', () => {
    expect(() => new CallLog({ maxEntries: -1 })).toThrow(/maxEntries/);
  });
});
