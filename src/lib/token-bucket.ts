/** A token bucket: `ratePerSecond` tokens refill continuously up to `burst`. Shared by the client-side
 * rate limiter (which waits for a token) and the sandbox's throttling fault (which refuses without one). */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number = Math.max(1, ratePerSecond),
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be positive, got ${ratePerSecond}`);
    this.tokens = this.burst;
    this.last = this.now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = t;
  }

  /** Takes a token if one is there; never waits. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Reserves the next token and returns how many milliseconds the caller must wait before using it. */
  reserve(): number {
    this.refill();
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.ratePerSecond) * 1000;
  }
}

/** Waits for a token: callers are served in arrival order because each one reserves before it sleeps. */
export async function takeToken(bucket: TokenBucket): Promise<void> {
  const waitMs = bucket.reserve();
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
}
