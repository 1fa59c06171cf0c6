import { type AwsCallError, type AwsService, toAwsCallError } from '../aws';
import type { Coverage, CoverageGap } from '../diagnosis/facts/coverage';
import type { Logger } from '../log/logger';
import type { ReadName } from './types';

/** Why a read failed, in words an admin acts on (names the IAM action when AWS refused it). */
export function gapReason(error: AwsCallError, what: string): string {
  switch (error.code) {
    case 'access-denied':
      return `the bot may not ${what}: grant ${error.action} to the bot's read-only role`;
    case 'throttled':
      return `AWS kept throttling ${error.action} while the bot tried to ${what}; the next scan tries again`;
    case 'not-found':
    case 'validation':
    case 'unavailable':
    case 'unknown':
      return `could not ${what}: ${error.action} failed (${error.awsErrorName ?? error.code})`;
  }
}

/** A gap as a cursor keeps it. */
export interface SavedGap {
  read: ReadName;
  reason: string;
  count: number;
}

/**
 * The gaps of one scan, grouped so that a thousand failed pages make one line per action and reason
 * rather than a thousand lines.
 */
export class GapLog {
  private readonly gaps = new Map<string, { read: ReadName; reason: string; count: number }>();

  constructor(private readonly logger: Logger) {}

  /** Records that `read` is incomplete because `error` stopped it (while trying to `what`). */
  failed(read: ReadName, error: unknown, service: AwsService, operation: string, what: string): void {
    const e = toAwsCallError(error, service, operation);
    this.logger.warn(
      { read, action: e.action, code: e.code, awsErrorName: e.awsErrorName },
      'drift scan read failed',
    );
    this.add(read, gapReason(e, what));
  }

  add(read: ReadName, reason: string): void {
    const key = `${read}\u0000${reason}`;
    const known = this.gaps.get(key);
    if (known) known.count += 1;
    else this.gaps.set(key, { read, reason, count: 1 });
  }

  /** The raw gaps, for a cursor. */
  dump(): SavedGap[] {
    return [...this.gaps.values()].map((g) => ({ ...g }));
  }

  /** Restores the gaps a resumed scan carried in its cursor. */
  restore(saved: readonly SavedGap[]): void {
    for (const g of saved) this.gaps.set(`${g.read}\u0000${g.reason}`, { ...g });
  }

  coverage(): Coverage {
    const gaps: CoverageGap[] = [...this.gaps.values()].map((g) => ({
      check: g.read,
      reason: g.count > 1 ? `${g.reason} (${g.count} times)` : g.reason,
    }));
    return { complete: gaps.length === 0, gaps };
  }
}

/** Runs `work` over `items` with at most `limit` at a time; the AWS rate limiter paces the calls. */
export async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
