import type { Clock } from './clock';

/** Shares one in-flight (or recently finished) read between callers asking for the same key, so that
 * several diagnoses running at once make one org-wide read instead of one each. Failures are not kept. */
export class SingleFlight {
  private readonly entries = new Map<string, { promise: Promise<unknown>; until: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly maxEntries = 1000,
  ) {}

  run<T>(key: string, ttlMs: number, read: () => Promise<T>): Promise<T> {
    const now = this.clock.now();
    const existing = this.entries.get(key);
    if (existing && existing.until > now) return existing.promise as Promise<T>;
    const promise = read();
    this.entries.set(key, { promise, until: now + ttlMs });
    promise.catch(() => {
      if (this.entries.get(key)?.promise === promise) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) {
      for (const [k, v] of this.entries) if (v.until <= now) this.entries.delete(k);
      while (this.entries.size > this.maxEntries)
        this.entries.delete(this.entries.keys().next().value as string);
    }
    return promise;
  }
}
