import type { MetadataCache } from '../diagnosis/facts/ports';
import type { Clock } from './clock';

export interface TtlCacheOptions {
  /** Most entries kept; setting a new key beyond it evicts the oldest-set entry. Default 10,000. */
  maxEntries?: number;
}

export const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * An in-memory `MetadataCache`: each entry lives for its own TTL measured on the injected clock, the
 * number of entries is bounded (oldest-set evicted first), and `invalidate(prefix)` forgets by key prefix.
 * Values are stored as given: callers store values that are safe to share (immutable, or copies).
 */
export class TtlCache implements MetadataCache {
  private readonly entries = new Map<string, { value: unknown; expiresAtMs: number }>();
  private readonly maxEntries: number;

  constructor(
    private readonly clock: Clock,
    options: TtlCacheOptions = {},
  ) {
    const max = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    if (!Number.isInteger(max) || max < 1)
      throw new RangeError(`maxEntries must be a positive integer, got ${max}`);
    this.maxEntries = max;
  }

  get size(): number {
    return this.entries.size;
  }

  get<T>(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.clock.now() >= entry.expiresAtMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value as T;
  }

  set<T>(key: string, value: T, ttlMs: number): void {
    // Re-setting a key moves it to the back of the insertion order (newest).
    this.entries.delete(key);
    if (!(ttlMs > 0)) return;
    this.entries.set(key, { value, expiresAtMs: this.clock.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  invalidate(prefix: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
