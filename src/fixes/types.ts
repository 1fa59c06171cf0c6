import type { AwsClients } from '../aws';
import type { FixProposal } from '../diagnosis/types';
import type { Clock } from '../lib/clock';
import type { Logger } from '../log/logger';
import type { ApprovalPicks, FixStep } from '../tickets/types';

/** How long to wait on AWS's asynchronous statuses: backoff from `initialMs`, at most `maxIntervalMs`
 * between polls, giving up after `totalMs`. */
export interface PollPolicy {
  initialMs: number;
  maxIntervalMs: number;
  totalMs: number;
}

export const DEFAULT_POLL: PollPolicy = { initialMs: 500, maxIntervalMs: 5000, totalMs: 5 * 60_000 };

/** What a fix executor works with; everything passed in. */
export interface FixContext {
  /** Clients whose credentials may write (the fix role); used only for the writes. */
  writer: AwsClients;
  /** Read-only clients (the diagnosis role), for preconditions and status polling. */
  reader: AwsClients;
  instanceArn: string;
  identityStoreId: string;
  /** The organisation's management account, when known (for the delegated-admin refusal). */
  managementAccountId?: string;
  /** The account the bot runs in. */
  callerAccountId?: string;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  poll: PollPolicy;
  /** Persists a step before the executor waits on it, so a restart can resume from its request id. */
  record: (step: FixStep) => Promise<void>;
  logger: Logger;
  /** How many targets of a multi-target fix run at once. Unset or 1: one after another, stopping at the
   * first failure (as a single-target fix does). */
  concurrency?: number;
}

/** Whether the fix may run now. `done`: the change is already in place (a retry, a race, or a crash
 * after the write), so nothing is written and the bot goes straight to verification. */
export type Precondition =
  | { kind: 'ok' }
  | { kind: 'done'; reason: string }
  | { kind: 'refused'; reason: string };

/** How an applied fix ended at AWS. */
export type FixOutcome =
  | { kind: 'succeeded' }
  | {
      kind: 'failed';
      reason: string;
      requestId?: string;
      /** A multi-target fix that failed for some targets: the same fix narrowed to the targets still to
       * do (failed or not reached), for a retry of only those. */
      retry?: FixProposal;
    }
  /** The bot stopped waiting while AWS was still working on `requestId`: the step stays `started`, and a
   * later run (the sweeper's) adopts the request instead of failing or writing again. */
  | { kind: 'pending'; reason: string; requestId?: string };

/** One executor per fix id of docs/causes.md. */
export interface FixExecutor<F extends FixProposal = FixProposal> {
  fix: F['fix'];
  /** The exact AWS write(s), for the approval card's dry run. */
  actions: readonly string[];
  /** Re-checks the precondition against AWS just before the write. */
  precondition(fix: F, picks: ApprovalPicks, ctx: FixContext): Promise<Precondition>;
  /**
   * Makes the write(s) and waits for AWS's asynchronous status. `previous` are the steps recorded by an
   * earlier, interrupted run of the same fix: a step with a request id is resumed by polling, never
   * written twice.
   */
  apply(fix: F, picks: ApprovalPicks, ctx: FixContext, previous: readonly FixStep[]): Promise<FixOutcome>;
}
