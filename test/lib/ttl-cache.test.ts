import { ManualClock } from '../../src/lib/clock';
import { DEFAULT_MAX_ENTRIES, TtlCache } from '../../src/lib/ttl-cache';

describe('TtlCache', () => {
  it('serves an entry until its TTL has passed on the injected clock, then forgets it', () => {
    const clock = new ManualClock(1_000);
    const cache = new TtlCache(clock);
    cache.set('a', { n: 1 }, 500);
    expect(cache.get('a')).toEqual({ n: 1 });
    clock.advance(499);
    expect(cache.get('a')).toEqual({ n: 1 });
    clock.advance(1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps a TTL per entry, and re-setting a key restarts its TTL', () => {
    const clock = new ManualClock(0);
    const cache = new TtlCache(clock);
    cache.set('short', 1, 100);
    cache.set('long', 2, 1_000);
    clock.advance(50);
    cache.set('short', 3, 100);
    clock.advance(100);
    expect(cache.get('short')).toBeUndefined();
    expect(cache.get('long')).toBe(2);
    cache.set('long', 4, 100);
    clock.advance(99);
    expect(cache.get('long')).toBe(4);
  });

  it('does not store entries with a TTL of zero or less', () => {
    const cache = new TtlCache(new ManualClock(0));
    cache.set('a', 1, 0);
    cache.set('b', 1, -5);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('stores falsy values', () => {
    const cache = new TtlCache(new ManualClock(0));
    cache.set('zero', 0, 100);
    cache.set('null', null, 100);
    expect(cache.get('zero')).toBe(0);
    expect(cache.get('null')).toBeNull();
  });

  it('invalidates every key starting with a prefix, and only those', () => {
    const cache = new TtlCache(new ManualClock(0));
    cache.set('provisioned:111111111111', 'x', 60_000);
    cache.set('provisioned:222222222222', 'y', 60_000);
    cache.set('ps:arn:1', 'z', 60_000);
    cache.invalidate('provisioned:111111111111');
    expect(cache.get('provisioned:111111111111')).toBeUndefined();
    expect(cache.get('provisioned:222222222222')).toBe('y');
    cache.invalidate('provisioned:');
    expect(cache.get('provisioned:222222222222')).toBeUndefined();
    expect(cache.get('ps:arn:1')).toBe('z');
    cache.invalidate('');
    expect(cache.size).toBe(0);
  });

  it('is bounded: beyond maxEntries the oldest-set entry is evicted', () => {
    const cache = new TtlCache(new ManualClock(0), { maxEntries: 3 });
    cache.set('a', 1, 1_000);
    cache.set('b', 2, 1_000);
    cache.set('c', 3, 1_000);
    cache.set('a', 10, 1_000); // re-set: now the newest
    cache.set('d', 4, 1_000);
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(10);
    expect(cache.get('c')).toBe(3);
    expect(cache.get('d')).toBe(4);
  });

  it('defaults to 10,000 entries', () => {
    expect(DEFAULT_MAX_ENTRIES).toBe(10_000);
    const cache = new TtlCache(new ManualClock(0));
    for (let i = 0; i <= DEFAULT_MAX_ENTRIES; i++) cache.set(`k${i}`, i, 1_000);
    expect(cache.size).toBe(DEFAULT_MAX_ENTRIES);
    expect(cache.get('k0')).toBeUndefined();
    expect(cache.get('k1')).toBe(1);
    expect(cache.get(`k${DEFAULT_MAX_ENTRIES}`)).toBe(DEFAULT_MAX_ENTRIES);
  });

  it('refuses a non-positive bound', () => {
    expect(() => new TtlCache(new ManualClock(0), { maxEntries: 0 })).toThrow(RangeError);
  });
});
