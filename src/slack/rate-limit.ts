import type { Clock } from '../lib/clock';

/** At most `limit` diagnoses per person in any `windowMs`; a person over it is told when to come back. */
export class PerPersonRateLimit {
  private readonly seen = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly clock: Clock,
    private readonly windowMs = 60_000,
  ) {}

  /** Records an attempt when allowed; otherwise says how long to wait. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.clock.now();
    const recent = (this.seen.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.seen.set(key, recent);
      const oldest = recent[0]!;
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)),
      };
    }
    recent.push(now);
    this.seen.set(key, recent);
    return { allowed: true };
  }
}
