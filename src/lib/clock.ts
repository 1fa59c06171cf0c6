/** The time source every part of the app reads, so tests and the sandbox can start the world at a
 * snapshot's `now` and let it run forward. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that starts at `startMs` and runs forward in real time. */
export function clockStartingAt(startMs: number, elapsed: () => number = () => performance.now()): Clock {
  const t0 = elapsed();
  return { now: () => startMs + (elapsed() - t0) };
}

/** A clock for tests that moves only when told to. */
export class ManualClock implements Clock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
}
