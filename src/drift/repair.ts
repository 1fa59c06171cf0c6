import type { AwsClients } from '../aws';
import type { FixProposal } from '../diagnosis/types';
import { executorFor } from '../fixes';
import { FIX_CONCURRENCY } from '../fixes/multi-target';
import type { FixContext, PollPolicy } from '../fixes/types';
import type { Clock } from '../lib/clock';
import type { Logger } from '../log/logger';
import type { TicketStore } from '../tickets/store';
import { type FixStep, type Ticket, TicketConflictError } from '../tickets/types';
import { update } from './state';
import type { DriftRecord, DriftStore } from './store';

/** Where a drift repair stands, as its approval card shows it. */
export type RepairStatus =
  | { kind: 'pending' }
  | { kind: 'fixing'; by: string }
  | { kind: 'resolved'; by: string }
  | { kind: 'failed'; by: string; reason: string; canRetry: boolean }
  | { kind: 'rejected'; by: string }
  | { kind: 'expired' };

/** Why someone may not decide on a drift repair. */
export type RepairRefusal = 'not-an-approver' | 'own-access';

/** What the repair of organisation-wide drifts needs; everything passed in. */
export interface DriftRepairDeps {
  tickets: TicketStore;
  drifts: DriftStore;
  isApprover(slackUserId: string): Promise<boolean>;
  /** The Identity Center identifier (email or user name) of a Slack user, if it can be told. */
  identifierOf(slackUserId: string): Promise<string | undefined>;
  /** Read-only clients (preconditions, polling, verification). */
  reader: AwsClients;
  /** Clients that may write (the fix role, with the approver as SourceIdentity and the ticket in the
   * session name), made only when an approved repair runs. */
  writer(approverId: string, ticketId: string): AwsClients | Promise<AwsClients>;
  /** The deployment's guardrails on a fix (protected accounts, allowed permission sets, two approvers),
   * judged at the moment of the decision; `blocked` when what they need could not be read. */
  guard(
    fix: FixProposal,
  ): Promise<{ kind: 'allow'; secondApprover: boolean } | { kind: 'deny' | 'blocked'; reason: string }>;
  /** The organisation's management account and the bot's own account, when known (the delegated-admin
   * refusal and the risk note). */
  accounts(): Promise<{ managementAccountId?: string; callerAccountId?: string }>;
  clock: Clock;
  sleep(ms: number): Promise<void>;
  poll: PollPolicy;
  logger: Logger;
  approvalExpiryHours: number;
  /** Called after every change of a repair, to redraw its card and tell the people (the Slack glue). */
  onChange(ticket: Ticket, record: DriftRecord | undefined, status: RepairStatus): Promise<void>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A short name of what a drift is about, for the ticket. */
function labelOf(record: DriftRecord): string {
  const d = record.drift;
  return d.principal?.name ?? d.permissionSet?.name ?? d.accounts[0]?.name ?? d.accounts[0]?.id ?? d.kind;
}

export function refusalText(refusal: RepairRefusal): string {
  switch (refusal) {
    case 'not-an-approver':
      return 'Only configured approvers can approve or reject fixes. Nothing was changed.';
    case 'own-access':
      return 'This repair changes your own access; another approver has to decide. Nothing was changed.';
  }
}

/**
 * Repairs of organisation-wide drifts, through the same tickets, state machine, approval rules and
 * exactly-once transitions as a person's fix: one ticket per drift, one approval for every target, a
 * precondition re-checked against AWS, each step recorded, the result verified against AWS, and a retry
 * of only the targets that failed.
 */
export class DriftRepairFlow {
  constructor(private readonly deps: DriftRepairDeps) {}

  private now(): string {
    return iso(this.deps.clock.now());
  }

  /** Opens the repair ticket of a drift with a fix, awaiting approval (once: a drift keeps its ticket). */
  async request(record: DriftRecord, identityStoreId: string): Promise<Ticket | undefined> {
    const fix = record.drift.fix;
    if (!fix) return undefined;
    if (record.ticketId) return this.deps.tickets.get(record.ticketId);
    const accounts = await this.deps.accounts();
    const id = `drift-${record.id.replace(/[^A-Za-z0-9-]/g, '').slice(-40)}-${this.deps.clock.now().toString(36)}`;
    const now = this.now();
    const created = await this.deps.tickets.create(
      {
        id,
        version: 1,
        state: 'created',
        requesterId: 'drift-scan',
        subjectSlackId: 'drift-scan',
        identifier: labelOf(record),
        subjectName: labelOf(record),
        audience: 'admin',
        request: { user: labelOf(record) },
        primaryCause: record.drift.kind,
        headline: record.drift.summary,
        createdAt: now,
        updatedAt: now,
        drift: { id: record.id, identityStoreId },
      },
      { actor: 'drift-scan', action: 'created', details: { drift: record.id } },
    );
    const diagnosed = await this.deps.tickets.change(id, {
      from: 'created',
      to: 'diagnosed',
      expectedVersion: created.version,
      audit: { actor: 'drift-scan', action: 'diagnosed', details: { cause: record.drift.kind } },
    });
    const ticket = await this.deps.tickets.change(id, {
      from: 'diagnosed',
      to: 'awaiting-approval',
      expectedVersion: diagnosed.version,
      patch: {
        approval: {
          cause: record.drift.kind,
          fix,
          picks: {},
          requestedAt: now,
          expiresAt: iso(this.deps.clock.now() + this.deps.approvalExpiryHours * 3600_000),
          ...(accounts.managementAccountId ? { managementAccountId: accounts.managementAccountId } : {}),
        },
      },
      audit: {
        actor: 'drift-scan',
        action: 'approval-requested',
        details: { cause: record.drift.kind, fix },
      },
    });
    await update(this.deps.drifts, record.id, record, (current) =>
      current && !current.ticketId ? { ...current, ticketId: id } : current,
    );
    return ticket;
  }

  /** Checked at click time: an approver, and never someone whose own access the repair changes. */
  async refusalFor(ticket: Ticket, clickerId: string): Promise<RepairRefusal | undefined> {
    if (!(await this.deps.isApprover(clickerId))) return 'not-an-approver';
    const record = ticket.drift ? await this.deps.drifts.get(ticket.drift.id) : undefined;
    const me = (await this.deps.identifierOf(clickerId))?.toLowerCase();
    if (me && record?.drift.affectedUsers.some((u) => u.userName?.toLowerCase() === me)) return 'own-access';
    return undefined;
  }

  private lateMessage(ticket: Ticket): string {
    const by = ticket.approval?.decidedBy ? ` by <@${ticket.approval.decidedBy}>` : '';
    switch (ticket.state) {
      case 'approved':
      case 'fixing':
        return `Already approved${by}; the repair is running.`;
      case 'resolved':
        return `Already repaired${by ? ` (approved${by})` : ''}.`;
      case 'rejected':
        return `Already rejected${by}.`;
      case 'expired':
        return 'This request expired before anyone approved it.';
      case 'fix-failed':
        return `Already approved${by}; the repair failed (use Retry on the card for what is left).`;
      default:
        return 'This repair is no longer waiting for approval.';
    }
  }

  private async load(
    ticketId: string,
  ): Promise<{ ticket: Ticket; record: DriftRecord | undefined } | string> {
    const ticket = await this.deps.tickets.get(ticketId);
    if (!ticket?.approval || !ticket.drift) return 'I cannot find that repair any more.';
    return { ticket, record: await this.deps.drifts.get(ticket.drift.id) };
  }

  /** Approves and runs the repair exactly once; returns what the clicker should be told, if anything. */
  async approve(ticketId: string, clickerId: string): Promise<string | undefined> {
    const loaded = await this.load(ticketId);
    if (typeof loaded === 'string') return loaded;
    const { ticket } = loaded;
    const refusal = await this.refusalFor(ticket, clickerId);
    if (refusal) return refusalText(refusal);
    if (ticket.state !== 'awaiting-approval') return this.lateMessage(ticket);
    const approval = ticket.approval!;
    // Re-checked when the decision is taken, as for a person's fix: expiry, then the guardrails.
    if (Date.parse(approval.expiresAt) <= this.deps.clock.now())
      return 'This repair request has expired; the next scan asks again if the drift is still there. Nothing was changed.';
    const verdict = await this.deps.guard(approval.fix);
    if (verdict.kind !== 'allow') return `${verdict.reason} Nothing was changed.`;
    if (verdict.secondApprover && !approval.firstApproval) {
      await this.deps.tickets.change(ticket.id, {
        from: 'awaiting-approval',
        to: 'awaiting-approval',
        expectedVersion: ticket.version,
        patch: {
          approval: {
            ...approval,
            needsSecondApprover: true,
            firstApproval: { by: clickerId, at: this.now() },
          },
        },
        audit: { actor: clickerId, action: 'first-approval', details: { fix: approval.fix } },
      });
      return 'Noted: this repair grants an administrator-like permission set, so a second approver has to approve it too.';
    }
    if (verdict.secondApprover && approval.firstApproval?.by === clickerId)
      return 'You approved this already; a second, different approver has to approve it. Nothing was changed.';
    let approved: Ticket;
    try {
      approved = await this.deps.tickets.change(ticket.id, {
        from: 'awaiting-approval',
        to: 'approved',
        expectedVersion: ticket.version,
        patch: { approval: { ...ticket.approval!, decidedBy: clickerId, decidedAt: this.now() } },
        audit: { actor: clickerId, action: 'approved', details: { fix: ticket.approval!.fix } },
      });
    } catch (error) {
      if (error instanceof TicketConflictError && error.current) return this.lateMessage(error.current);
      throw error;
    }
    await this.run(approved);
    return undefined;
  }

  async reject(ticketId: string, clickerId: string): Promise<string | undefined> {
    const loaded = await this.load(ticketId);
    if (typeof loaded === 'string') return loaded;
    const { ticket, record } = loaded;
    const refusal = await this.refusalFor(ticket, clickerId);
    if (refusal) return refusalText(refusal);
    if (ticket.state !== 'awaiting-approval') return this.lateMessage(ticket);
    try {
      const rejected = await this.deps.tickets.change(ticket.id, {
        from: 'awaiting-approval',
        to: 'rejected',
        expectedVersion: ticket.version,
        patch: { approval: { ...ticket.approval!, decidedBy: clickerId, decidedAt: this.now() } },
        audit: { actor: clickerId, action: 'rejected' },
      });
      await this.deps.onChange(rejected, record, { kind: 'rejected', by: clickerId });
    } catch (error) {
      if (error instanceof TicketConflictError && error.current) return this.lateMessage(error.current);
      throw error;
    }
    return undefined;
  }

  /** Retries only what a failed repair left, as one more approved decision (same rules, exactly once). */
  async retry(ticketId: string, clickerId: string): Promise<string | undefined> {
    const loaded = await this.load(ticketId);
    if (typeof loaded === 'string') return loaded;
    const { ticket } = loaded;
    const refusal = await this.refusalFor(ticket, clickerId);
    if (refusal) return refusalText(refusal);
    if (ticket.state !== 'fix-failed') return this.lateMessage(ticket);
    const fix = ticket.drift?.retry ?? ticket.approval!.fix;
    let again: Ticket;
    try {
      const waiting = await this.deps.tickets.change(ticket.id, {
        from: 'fix-failed',
        to: 'awaiting-approval',
        expectedVersion: ticket.version,
        patch: { approval: { ...ticket.approval!, fix } },
        audit: { actor: clickerId, action: 'retry-requested', details: { fix } },
      });
      again = await this.deps.tickets.change(ticket.id, {
        from: 'awaiting-approval',
        to: 'approved',
        expectedVersion: waiting.version,
        patch: { approval: { ...waiting.approval!, decidedBy: clickerId, decidedAt: this.now() } },
        audit: { actor: clickerId, action: 'approved', details: { fix, retry: true } },
      });
    } catch (error) {
      if (error instanceof TicketConflictError && error.current) return this.lateMessage(error.current);
      throw error;
    }
    await this.run(again);
    return undefined;
  }

  /** Runs (or resumes) an approved repair: precondition, writes, wait, verification against AWS. */
  async run(start: Ticket): Promise<Ticket> {
    let ticket = start;
    const approval = ticket.approval!;
    const by = approval.decidedBy ?? 'bot';
    ticket = await this.deps.tickets.change(ticket.id, {
      from: ['approved', 'fixing'],
      to: 'fixing',
      expectedVersion: ticket.version,
      patch: {
        fixRun: {
          fix: approval.fix.fix,
          startedAt: this.now(),
          heartbeatAt: this.now(),
          steps: ticket.state === 'fixing' ? (ticket.fixRun?.steps ?? []) : [],
        },
      },
      audit: { actor: 'bot', action: 'fix-started', details: { fix: approval.fix } },
    });
    const previous = [...(ticket.fixRun?.steps ?? [])];
    const record = () => this.deps.drifts.get(ticket.drift!.id);
    await this.deps.onChange(ticket, await record(), { kind: 'fixing', by });
    const accounts = await this.deps.accounts();
    const context: FixContext = {
      writer: await this.deps.writer(by, ticket.id),
      reader: this.deps.reader,
      instanceArn: 'instanceArn' in approval.fix ? approval.fix.instanceArn : '',
      identityStoreId: ticket.drift!.identityStoreId,
      ...(accounts.managementAccountId ? { managementAccountId: accounts.managementAccountId } : {}),
      ...(accounts.callerAccountId ? { callerAccountId: accounts.callerAccountId } : {}),
      clock: this.deps.clock,
      sleep: this.deps.sleep,
      poll: this.deps.poll,
      logger: this.deps.logger.child({ ticketId: ticket.id }),
      concurrency: FIX_CONCURRENCY,
      record: async (step: FixStep) => {
        const run = ticket.fixRun!;
        ticket = await this.deps.tickets.change(ticket.id, {
          from: 'fixing',
          to: 'fixing',
          expectedVersion: ticket.version,
          patch: { fixRun: { ...run, steps: [...run.steps, step], heartbeatAt: this.now() } },
          audit: { actor: 'bot', action: `fix-step-${step.status}`, details: { ...step } },
        });
      },
    };
    const executor = executorFor(approval.fix);
    const pre = await executor.precondition(approval.fix as never, {}, context);
    if (pre.kind === 'refused') return this.failed(ticket, pre.reason, by, undefined);
    if (pre.kind === 'ok') {
      const outcome = await executor.apply(approval.fix as never, {}, context, previous);
      if (outcome.kind === 'failed') return this.failed(ticket, outcome.reason, by, outcome.retry);
    }
    // Verified against AWS: the same check that would have found the work already done.
    const after = await executor.precondition(approval.fix as never, {}, context);
    if (after.kind !== 'done')
      return this.failed(ticket, 'AWS accepted the change, but it is not in place yet.', by, undefined);
    ticket = await this.deps.tickets.change(ticket.id, {
      from: 'fixing',
      to: 'resolved',
      expectedVersion: ticket.version,
      patch: {
        resolution: 'fix-verified',
        fixRun: { ...ticket.fixRun!, outcome: 'verified', finishedAt: this.now() },
      },
      audit: { actor: 'bot', action: 'resolved', details: { by: 'fix-verified', fix: approval.fix.fix } },
    });
    const repaired = await update(this.deps.drifts, ticket.drift!.id, await record(), (current) =>
      current ? { ...current, repairedAt: this.now() } : undefined,
    ).catch((error: unknown) => {
      this.deps.logger.warn({ err: error, ticketId: ticket.id }, 'could not mark the drift repaired');
      return undefined;
    });
    await this.deps.onChange(ticket, repaired, { kind: 'resolved', by });
    return ticket;
  }

  /** Expires repairs nobody approved in time and resumes repairs a stopped worker left approved or fixing
   * (their recorded steps are resumed, never written twice). */
  async sweep(options: { staleAfterMs?: number } = {}): Promise<{ expired: number; resumed: number }> {
    const now = this.deps.clock.now();
    const staleAfter = options.staleAfterMs ?? 2 * 60_000;
    let expired = 0;
    let resumed = 0;
    for (const ticket of await this.deps.tickets.inState('awaiting-approval', 200)) {
      if (!ticket.drift || !ticket.approval || Date.parse(ticket.approval.expiresAt) > now) continue;
      try {
        const next = await this.deps.tickets.change(ticket.id, {
          from: 'awaiting-approval',
          to: 'expired',
          expectedVersion: ticket.version,
          audit: { actor: 'sweeper', action: 'expired', details: { expiresAt: ticket.approval.expiresAt } },
        });
        await this.deps.onChange(next, await this.deps.drifts.get(ticket.drift.id), { kind: 'expired' });
        expired += 1;
      } catch (error) {
        if (!(error instanceof TicketConflictError)) throw error;
      }
    }
    const stuck = [
      ...(await this.deps.tickets.inState('approved', 100)),
      ...(await this.deps.tickets.inState('fixing', 100)),
    ].filter((t) => t.drift && now - Date.parse(t.fixRun?.heartbeatAt ?? t.updatedAt) >= staleAfter);
    for (const ticket of stuck) {
      try {
        await this.run(ticket);
        resumed += 1;
      } catch (error) {
        if (!(error instanceof TicketConflictError))
          this.deps.logger.error({ err: error, ticketId: ticket.id }, 'could not resume a drift repair');
      }
    }
    return { expired, resumed };
  }

  private async failed(
    ticket: Ticket,
    reason: string,
    by: string,
    retry: FixProposal | undefined,
  ): Promise<Ticket> {
    const failed = await this.deps.tickets.change(ticket.id, {
      from: 'fixing',
      to: 'fix-failed',
      expectedVersion: ticket.version,
      patch: {
        fixRun: { ...ticket.fixRun!, outcome: 'failed', failureReason: reason, finishedAt: this.now() },
        drift: { ...ticket.drift!, ...(retry ? { retry } : {}) },
      },
      audit: { actor: 'bot', action: 'fix-failed', details: { reason, ...(retry ? { retry } : {}) } },
    });
    await this.deps.onChange(failed, await this.deps.drifts.get(ticket.drift!.id), {
      kind: 'failed',
      by,
      reason,
      canRetry: true,
    });
    return failed;
  }
}
