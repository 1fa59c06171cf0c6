/**
 * How much of its evidence a read saw. "Nothing found" is only a claim when the read was complete
 * (causes.md, "What the bot could not see"): a read that stopped at a page cap, did not reach back to
 * the start of the window, or lost pages to throttling says so here, and the check that used it ends
 * `incomplete` instead of `pass`.
 */
export interface Read<T> {
  items: T[];
  /** True only when every item there was to read was read. */
  complete: boolean;
  /** Why the read is not complete, in words an admin reads ("stopped after 10 pages of 50 events"). */
  reason?: string;
}

/** A complete read of `items`. */
export function completeRead<T>(items: T[]): Read<T> {
  return { items, complete: true };
}

/** A read that saw only `items`, for `reason`. */
export function partialRead<T>(items: T[], reason: string): Read<T> {
  return { items, complete: false, reason };
}

/** One thing the diagnosis could not check, and why. */
export interface CoverageGap {
  check: string;
  reason: string;
}

/** What the report could see: complete, or the list of what it could not check. */
export interface Coverage {
  complete: boolean;
  gaps: CoverageGap[];
}
