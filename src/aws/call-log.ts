import type { AwsService } from './services';

/** How one attempt (not one `send`: retries are attempts of their own) came back. */
export type CallOutcome = 'ok' | 'throttled' | 'error';

/** One attempt at an AWS operation, as the call-log middleware saw it. */
export interface CallRecord {
  readonly service: AwsService;
  /** The API operation, e.g. `ListInstances`. */
  readonly operation: string;
  /** Milliseconds (the log's clock) when the attempt left, after any client-side rate-limit wait. */
  readonly startedAt: number;
  readonly durationMs: number;
  readonly outcome: CallOutcome;
  /** The AWS exception name, for outcomes other than `ok`. */
  readonly errorName?: string;
  readonly requestId?: string;
}

/** Called once per recorded attempt, synchronously, in the order attempts finish. */
export type CallListener = (record: CallRecord) => void;

/** Options for a `CallLog`. */
export interface CallLogOptions {
  /** How many recent records `entries()` keeps; counters are never trimmed. Default 10,000. */
  maxEntries?: number;
  /** Where a throwing listener's error goes (a listener must never fail an AWS call).
   * Default: a process warning. */
  onListenerError?: (err: unknown) => void;
}

const DEFAULT_MAX_ENTRIES = 10_000;

/** Every attempt made through the AWS clients: the `awsCalls` statistic, progress and benchmarks. */
export class CallLog {
  private readonly maxEntries: number;
  private readonly onListenerError: (err: unknown) => void;
  private readonly listeners = new Set<CallListener>();
  private recent: CallRecord[] = [];
  private total = 0;
  private throttledTotal = 0;
  private perOperation = new Map<AwsService, Map<string, number>>();

  constructor(options: CallLogOptions = {}) {
    const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    if (!Number.isInteger(maxEntries) || maxEntries < 0) {
      throw new RangeError(`CallLog maxEntries must be a non-negative integer, got ${maxEntries}`);
    }
    this.maxEntries = maxEntries;
    this.onListenerError =
      options.onListenerError ?? ((err) => process.emitWarning(err instanceof Error ? err : String(err)));
  }

  record(record: CallRecord): void {
    const frozen = Object.freeze({ ...record });
    this.total += 1;
    if (frozen.outcome === 'throttled') this.throttledTotal += 1;
    let operations = this.perOperation.get(frozen.service);
    if (!operations) {
      operations = new Map();
      this.perOperation.set(frozen.service, operations);
    }
    operations.set(frozen.operation, (operations.get(frozen.operation) ?? 0) + 1);
    if (this.maxEntries > 0) {
      this.recent.push(frozen);
      if (this.recent.length > this.maxEntries) this.recent.splice(0, this.recent.length - this.maxEntries);
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(frozen);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  /** Attempts recorded since the last `reset()`. */
  count(): number {
    return this.total;
  }

  /** Without a service: attempts per service. With one: attempts per operation of that service. */
  countBy(): Partial<Record<AwsService, number>>;
  countBy(service: AwsService): Record<string, number>;
  countBy(service?: AwsService): Partial<Record<AwsService, number>> | Record<string, number> {
    if (service !== undefined) return Object.fromEntries(this.perOperation.get(service) ?? []);
    const perService: Partial<Record<AwsService, number>> = {};
    for (const [name, operations] of this.perOperation) {
      let sum = 0;
      for (const n of operations.values()) sum += n;
      perService[name] = sum;
    }
    return perService;
  }

  /** Attempts AWS answered with a throttling error (each one the retry then rode out, or not). */
  throttled(): number {
    return this.throttledTotal;
  }

  /** The most recent records (up to `maxEntries`), oldest first. */
  entries(): readonly CallRecord[] {
    return [...this.recent];
  }

  /** Forgets records and counters; listeners stay subscribed. */
  reset(): void {
    this.recent = [];
    this.total = 0;
    this.throttledTotal = 0;
    this.perOperation = new Map();
  }

  /** Calls `listener` for every record from now on; returns the unsubscribe function. */
  subscribe(listener: CallListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
