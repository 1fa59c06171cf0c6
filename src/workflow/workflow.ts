import { randomUUID } from 'node:crypto';
import { AwsCallError } from '../aws/errors';
import { CACHE_KEYS, type MetadataCache } from '../diagnosis/facts/ports';
import type { DiagnosisReport, Finding } from '../diagnosis/types';
import { employeeHeadline } from '../explain';
import { translateFailureReason } from '../explain/failure-reason';
import { type DryRunNames, describeFix } from '../fixes/dry-run';
import type { Clock } from '../lib/clock';
import { CantLoginError, isRetryable } from '../lib/errors';
import type { Logger } from '../log/logger';
import type { TicketChange, TicketStore } from '../tickets/store';
import {
  type Approval,
  type ApprovalPicks,
  type Choice,
  type FixRun,
  type FixStep,
  OPEN_STATES,
  type Ticket,
  TicketConflictError,
} from '../tickets/types';
import {
  describeGuardrails,
  type GuardrailSettings,
  type GuardrailStatement,
  guardrailStatements,
  judge,
  targetsOf,
  type Verdict,
} from './guardrails';
import type {
  ApproverDirectory,
  CardStatus,
  DecisionOutcome,
  DecisionRefusal,
  FixRunner,
  Notifier,
  PermissionSetFacts,
  Verifier,
  WorkflowReads,
} from './types';

/** What the approval workflow needs; everything passed in. */
export interface WorkflowDeps {
  store: TicketStore;
  notifier: Notifier;
  approvers: ApproverDirectory;
  reads: WorkflowReads;
  fixes: FixRunner;
  verify: Verifier;
  clock: Clock;
  logger: Logger;
  guardrails: GuardrailSettings;
  approvalExpiryHours: number;
  reminderHours: number;
  /** Whether approval cards can be posted at all (an admin channel is configured). */
  canAskApprovers: boolean;
  /** The metadata cache the diagnoses share: a fix invalidates what it changed before verifying. */
  cache?: MetadataCache;
  /** Waits between polls (a timer; tests pass their own). */
  sleep: (ms: number) => Promise<void>;
  /** How often a running fix writes its heartbeat (default 15 s). */
  heartbeatMs?: number;
}

/** A run of a fix found that another run (the sweeper's) owns the ticket now: it stops at once. */
export class FixRunTakenOverError extends CantLoginError {
  override readonly name = 'FixRunTakenOverError';
  readonly code = 'fix-run-taken-over';
}

const iso = (ms: number) => new Date(ms).toISOString();
const DEFAULT_HEARTBEAT_MS = 15_000;

/** The fix the ticket asks approval for: the primary cause's. Other fixable findings wait their turn
 * (after a verified fix the diagnosis runs again, and the next primary cause gets its own card), so an
 * admin is never asked to fix something that a more basic problem explains. */
export function fixableFinding(report: DiagnosisReport): Finding | undefined {
  const [primary] = report.findings;
  return report.primaryCause && primary?.fix && primary.severity === 'blocking' ? primary : undefined;
}

/** Whether a finding after the fix is the same problem at the same place as the one fixed. */
function sameProblem(f: Finding, approval: Approval): boolean {
  if (f.cause !== approval.cause) return false;
  const fix = approval.fix;
  switch (fix.fix) {
    case 'provision-permission-set':
      // Any pair the fix was meant to provision that still shows the problem.
      return [
        { accountId: fix.accountId, permissionSetArn: fix.permissionSetArn },
        ...(fix.targets ?? []),
      ].some((t) => f.context.accountId === t.accountId && f.context.permissionSetArn === t.permissionSetArn);
    case 'grant-account-access':
      return (
        fix.accountId === undefined ||
        f.context.accountId === undefined ||
        f.context.accountId === fix.accountId
      );
    case 'repoint-assignments':
    case 'add-to-group':
      return true;
  }
}

function dryRunNames(ticket: Ticket): DryRunNames {
  const report = ticket.report;
  const finding = report?.findings.find((f) => f.cause === ticket.approval?.cause);
  return {
    ...(finding?.context.accountName ? { accountName: finding.context.accountName } : {}),
    ...(finding?.context.permissionSetName ? { permissionSetName: finding.context.permissionSetName } : {}),
    ...(finding?.context.groupName ? { groupName: finding.context.groupName } : {}),
    ...(report?.subject?.userName ? { principalName: report.subject.userName } : {}),
    ...(ticket.approval?.managementAccountId
      ? { managementAccountId: ticket.approval.managementAccountId }
      : {}),
  };
}

/** Who may decide on a ticket's fix (approve, reject, pick, even see the choices): an approver who is
 * neither the person whose access changes nor the one who asked. Checked at the moment of each decision. */
export async function decisionRefusal(
  ticket: Pick<Ticket, 'subjectSlackId' | 'requesterId'>,
  clickerId: string,
  approvers: ApproverDirectory,
): Promise<DecisionRefusal | undefined> {
  if (!(await approvers.isApprover(clickerId))) return 'not-an-approver';
  if (clickerId === ticket.subjectSlackId) return 'own-access';
  if (clickerId === ticket.requesterId) return 'own-request';
  return undefined;
}

/** A read the decision needed failed: the reason to show, naming the action and the error. */
function blockedBy(error: unknown, what: string): string {
  if (error instanceof AwsCallError) {
    return `I could not ${what} (${error.action} failed: ${error.awsErrorName ?? error.code}), so nothing can be approved until that read works. Nothing was changed.`;
  }
  return `I could not ${what}, so nothing can be approved until that works. Nothing was changed.`;
}

function logFields(error: unknown): Record<string, unknown> {
  return error instanceof AwsCallError
    ? { err: error, action: error.action, errorCode: error.awsErrorName ?? error.code }
    : { err: error };
}

/**
 * Tickets from diagnosis to resolution: the approval card, who may decide, the guardrails, the fix
 * (exactly once, whatever the clicks, retries and crashes), verification, and the notes to the person
 * and the notify channel. Plain services behind ports: nothing here knows Slack.
 */
export class ApprovalWorkflow {
  constructor(private readonly deps: WorkflowDeps) {}

  private now(): number {
    return this.deps.clock.now();
  }

  /** Re-reads the ticket and applies `build` to its current version until the write wins (or `build`
   * says there is nothing to do): a lost race is retried against fresh state, never reported. */
  private async changeFresh(
    id: string,
    build: (current: Ticket) => TicketChange | undefined,
    attempts = 5,
  ): Promise<Ticket | undefined> {
    for (let attempt = 1; ; attempt += 1) {
      const current = await this.deps.store.get(id);
      if (!current) return undefined;
      const change = build(current);
      if (!change) return undefined;
      try {
        return await this.deps.store.change(id, change);
      } catch (error) {
        if (!(error instanceof TicketConflictError) || attempt >= attempts) throw error;
      }
    }
  }

  private dryRun(ticket: Ticket) {
    const approval = ticket.approval as Approval;
    return describeFix(approval.fix, approval.picks, dryRunNames(ticket));
  }

  private async showCard(ticket: Ticket, status: CardStatus): Promise<void> {
    if (!ticket.approval?.card || !ticket.report) return;
    await this.deps.notifier.showCard(ticket, this.dryRun(ticket), status);
  }

  private statements(managementAccountId: string): GuardrailStatement[] {
    return guardrailStatements(this.deps.guardrails, managementAccountId);
  }

  /** The permission sets a fix grants, with what the guardrails need to know of them. */
  private async permissionSetFacts(ticket: Ticket, picks: ApprovalPicks): Promise<PermissionSetFacts[]> {
    const approval = ticket.approval as Approval;
    const instanceArn = ticket.report?.subject?.instanceArn;
    const { permissionSetArns } = targetsOf(approval.fix, picks);
    if (permissionSetArns.length === 0) return [];
    if (!instanceArn) throw new Error(`ticket ${ticket.id} has no Identity Center instance`);
    const withTags = this.deps.guardrails.allowedPermissionSetTag !== undefined;
    return Promise.all(
      permissionSetArns.map((arn) => this.deps.reads.permissionSet(instanceArn, arn, withTags)),
    );
  }

  /** Judges the ticket's fix (with `picks`) against the guardrails, reading what they need. */
  private async judgeFix(
    ticket: Ticket,
    picks: ApprovalPicks,
  ): Promise<
    { kind: 'verdict'; verdict: Verdict; managementAccountId: string } | { kind: 'blocked'; reason: string }
  > {
    let managementAccountId: string;
    try {
      managementAccountId = await this.deps.reads.managementAccountId();
    } catch (error) {
      // Throttled or unavailable: the same decision will most likely work when the job is retried.
      if (isRetryable(error)) throw error;
      this.deps.logger.warn(
        { ...logFields(error), ticketId: ticket.id },
        'could not read the management account; the approval is blocked',
      );
      return { kind: 'blocked', reason: blockedBy(error, 'read which account is the management account') };
    }
    let permissionSets: PermissionSetFacts[];
    try {
      permissionSets = await this.permissionSetFacts(ticket, picks);
    } catch (error) {
      if (isRetryable(error)) throw error;
      this.deps.logger.warn(
        { ...logFields(error), ticketId: ticket.id },
        'could not read the permission set; the approval is blocked',
      );
      return { kind: 'blocked', reason: blockedBy(error, 'read the permission set this fix grants') };
    }
    const { accountIds } = targetsOf((ticket.approval as Approval).fix, picks);
    return {
      kind: 'verdict',
      verdict: judge(this.statements(managementAccountId), { accountIds, permissionSets }),
      managementAccountId,
    };
  }

  // --- after a diagnosis ------------------------------------------------------------------------

  /** Asks for approval of the ticket's fix (or refreshes the card it already has), or retires a card whose
   * fix is no longer needed. The ticket must be `diagnosed` or `awaiting-approval`. A fix that a guardrail
   * forbids, or whose guardrails cannot be read, gets a card that says so and offers no Approve. */
  async requestApproval(ticket: Ticket): Promise<Ticket> {
    const report = ticket.report;
    if (!report) return ticket;
    const finding = fixableFinding(report);
    const existing = ticket.approval;
    if (!finding?.fix) {
      if (existing?.card && ticket.state === 'awaiting-approval') {
        const next = await this.changeFresh(ticket.id, (current) =>
          current.state === 'awaiting-approval'
            ? {
                from: 'awaiting-approval',
                to: 'diagnosed',
                expectedVersion: current.version,
                audit: {
                  actor: 'bot',
                  action: 'approval-withdrawn',
                  details: { reason: 'nothing left to fix' },
                },
              }
            : undefined,
        );
        if (next) {
          await this.showCard(next, {
            kind: 'superseded',
            reason: 'A fresh diagnosis found nothing left to fix, so no approval is needed.',
          });
          return next;
        }
      }
      return ticket;
    }
    if (!this.deps.canAskApprovers) {
      this.deps.logger.warn({ ticketId: ticket.id }, 'a fix needs approval but ADMIN_CHANNEL_ID is not set');
      return ticket;
    }
    const sameFix = existing && JSON.stringify(existing.fix) === JSON.stringify(finding.fix);
    const now = this.now();
    const approval: Approval = {
      cause: finding.cause,
      fix: finding.fix,
      picks: sameFix ? existing.picks : {},
      requestedAt: sameFix ? existing.requestedAt : iso(now),
      expiresAt: iso(now + this.deps.approvalExpiryHours * 3600_000),
      ...(existing?.card ? { card: existing.card } : {}),
    };
    const draft: Ticket = { ...ticket, approval };
    const judged = await this.judgeFix(draft, approval.picks);
    if (judged.kind === 'blocked') {
      approval.refusal = judged.reason;
    } else {
      approval.managementAccountId = judged.managementAccountId;
      approval.guardrails = describeGuardrails(this.statements(judged.managementAccountId));
      if (judged.verdict.kind === 'deny') approval.refusal = judged.verdict.reason;
      else if (judged.verdict.secondApprover) approval.needsSecondApprover = true;
    }
    if (
      !approval.refusal &&
      finding.fix.fix === 'grant-account-access' &&
      (!finding.fix.permissionSetArn || !finding.fix.accountId)
    ) {
      try {
        approval.choices =
          sameFix && existing?.choices
            ? existing.choices
            : await this.loadChoices(report, !finding.fix.accountId, approval.managementAccountId as string);
      } catch (error) {
        this.deps.logger.warn(
          { ...logFields(error), ticketId: ticket.id },
          'could not load the card choices',
        );
        approval.refusal = blockedBy(error, 'list the permission sets and accounts to choose from');
      }
    }
    const status: CardStatus = approval.refusal
      ? { kind: 'refused', reason: approval.refusal }
      : { kind: 'pending' };
    const card = await this.deps.notifier.showCard(
      draft,
      describeFix(approval.fix, approval.picks, dryRunNames(draft)),
      status,
    );
    if (!card) return ticket;
    approval.card = card;
    // The card is posted: record it whatever else changed the ticket meanwhile (a click on "Get a human",
    // a fresh diagnosis), so it is never left unrecorded and a later click never posts a second one.
    const next = await this.changeFresh(ticket.id, (current) =>
      current.state === 'diagnosed' || current.state === 'awaiting-approval'
        ? {
            from: current.state,
            to: 'awaiting-approval',
            expectedVersion: current.version,
            patch: {
              approval: current.approval?.card ? { ...approval, card: current.approval.card } : approval,
            },
            audit: {
              actor: 'bot',
              action: approval.refusal
                ? 'approval-refused-by-guardrail'
                : existing
                  ? 'approval-refreshed'
                  : 'approval-requested',
              details: {
                cause: finding.cause,
                fix: finding.fix,
                ...(approval.refusal ? { refusal: approval.refusal } : {}),
              },
            },
          }
        : undefined,
    );
    if (!next) return ticket;
    if (!existing && !approval.refusal) await this.deps.notifier.tellPerson(next, { kind: 'awaiting' });
    return next;
  }

  /** Every permission set and, when the person named no account, every account the guardrails allow:
   * what the card's type-ahead selects offer (answered from the ticket within Slack's time limit). */
  private async loadChoices(
    report: DiagnosisReport,
    withAccounts: boolean,
    managementAccountId: string,
  ): Promise<{ permissionSets: Choice[]; accounts: Choice[] }> {
    const instanceArn = report.subject?.instanceArn;
    if (!instanceArn) return { permissionSets: [], accounts: [] };
    const statements = this.statements(managementAccountId);
    const withTags = this.deps.guardrails.allowedPermissionSetTag !== undefined;
    const allChoices = await this.deps.reads.permissionSetChoices(instanceArn);
    const permissionSets: Choice[] = [];
    for (const choice of allChoices) {
      const facts: PermissionSetFacts = withTags
        ? await this.deps.reads.permissionSet(instanceArn, choice.value, true)
        : { arn: choice.value, name: choice.label, tags: undefined };
      if (judge(statements, { accountIds: [], permissionSets: [facts] }).kind === 'allow')
        permissionSets.push(choice);
    }
    const accounts = withAccounts
      ? (await this.deps.reads.accountChoices()).filter(
          (a) => judge(statements, { accountIds: [a.value], permissionSets: [] }).kind === 'allow',
        )
      : [];
    return { permissionSets, accounts };
  }

  // --- decisions --------------------------------------------------------------------------------

  /** Expires the request now when its time is up (the sweeper may not have run yet). */
  private async expireIfDue(ticket: Ticket): Promise<boolean> {
    const approval = ticket.approval;
    if (!approval || ticket.state !== 'awaiting-approval') return false;
    if (Date.parse(approval.expiresAt) > this.now()) return false;
    const next = await this.changeFresh(ticket.id, (current) =>
      current.state === 'awaiting-approval'
        ? {
            from: 'awaiting-approval',
            to: 'expired',
            expectedVersion: current.version,
            audit: { actor: 'bot', action: 'expired', details: { expiresAt: approval.expiresAt } },
          }
        : undefined,
    );
    if (next) {
      await this.showCard(next, { kind: 'expired' });
      await this.deps.notifier.tellPerson(next, { kind: 'expired' });
    }
    return true;
  }

  /** Everything a decision re-checks, in order, on the ticket as it is now. */
  private async checkDecision(
    ticket: Ticket | undefined,
    clickerId: string,
  ): Promise<DecisionOutcome | undefined> {
    if (!ticket?.approval) return { kind: 'not-found' };
    const refusal = await decisionRefusal(ticket, clickerId, this.deps.approvers);
    if (refusal) return { kind: 'refused', refusal };
    if (ticket.state !== 'awaiting-approval') return { kind: 'late', ticket };
    if (await this.expireIfDue(ticket)) return { kind: 'expired' };
    return undefined;
  }

  /** Approves and runs the fix exactly once. Re-checks, at the click: the approver, the state, the expiry,
   * the picks, the guardrails (with a fresh read of the management account), a second approver. */
  async approve(ticketId: string, clickerId: string): Promise<DecisionOutcome> {
    for (let attempt = 1; ; attempt += 1) {
      const ticket = await this.deps.store.get(ticketId);
      const stop = await this.checkDecision(ticket, clickerId);
      if (stop) return stop;
      const current = ticket as Ticket;
      // A refusal recorded when the card was posted is judged again below: a read that failed then may
      // work now, and a guardrail may have changed.
      const approval = current.approval as Approval;
      const needs = describeFix(approval.fix, approval.picks, {}).needs;
      if (needs.permissionSet || needs.account) {
        return { kind: 'needs-picks', permissionSet: needs.permissionSet, account: needs.account };
      }
      if (approval.firstApproval?.by === clickerId)
        return { kind: 'refused', refusal: 'same-approver-twice' };
      const judged = await this.judgeFix(current, approval.picks);
      if (judged.kind === 'blocked') return { kind: 'blocked', reason: judged.reason };
      if (judged.verdict.kind === 'deny') {
        const reason = judged.verdict.reason;
        const refused = await this.changeFresh(ticketId, (t) =>
          t.state === 'awaiting-approval' && t.approval
            ? {
                from: 'awaiting-approval',
                to: 'awaiting-approval',
                expectedVersion: t.version,
                patch: { approval: { ...t.approval, refusal: reason } },
                audit: { actor: clickerId, action: 'approval-refused-by-guardrail', details: { reason } },
              }
            : undefined,
        );
        if (refused) await this.showCard(refused, { kind: 'refused', reason });
        return { kind: 'guardrail', reason };
      }
      const at = iso(this.now());
      let callerAccountId: string;
      try {
        callerAccountId = await this.deps.reads.callerAccountId();
      } catch (error) {
        if (isRetryable(error)) throw error;
        this.deps.logger.warn({ ...logFields(error), ticketId }, 'could not read the caller account');
        return { kind: 'blocked', reason: blockedBy(error, 'read which account the bot runs in') };
      }
      const decided: Approval = {
        ...approval,
        managementAccountId: judged.managementAccountId,
        callerAccountId,
      };
      delete decided.refusal;
      try {
        if (judged.verdict.secondApprover && !approval.firstApproval) {
          const next = await this.deps.store.change(ticketId, {
            from: 'awaiting-approval',
            to: 'awaiting-approval',
            expectedVersion: current.version,
            patch: {
              approval: { ...decided, needsSecondApprover: true, firstApproval: { by: clickerId, at } },
            },
            audit: { actor: clickerId, action: 'first-approval', details: { picks: approval.picks } },
          });
          await this.showCard(next, { kind: 'pending', waitingForSecondApprover: clickerId });
          return { kind: 'waiting-for-second-approver' };
        }
        const approved = await this.deps.store.change(ticketId, {
          from: 'awaiting-approval',
          to: 'approved',
          expectedVersion: current.version,
          patch: { approval: { ...decided, decidedBy: clickerId, decidedAt: at } },
          audit: {
            actor: clickerId,
            action: 'approved',
            details: {
              fix: approval.fix,
              picks: approval.picks,
              ...(approval.firstApproval ? { firstApprovedBy: approval.firstApproval.by } : {}),
            },
          },
        });
        await this.showCard(approved, { kind: 'approved', by: clickerId });
        await this.deps.notifier.tellPerson(approved, { kind: 'approved' });
        try {
          await this.runFix(approved, 'bot');
        } catch (error) {
          // This run stalled and the sweeper took the fix over: it finishes it, and this run stops quietly.
          if (!(error instanceof FixRunTakenOverError)) throw error;
          this.deps.logger.warn({ ticketId }, 'the fix was taken over by the sweeper; this run stopped');
        }
        return { kind: 'done' };
      } catch (error) {
        // Someone changed the ticket between the checks and the write (a pick, another approver): judge
        // it again as it is now, never what was read before.
        if (error instanceof TicketConflictError && attempt < 3) continue;
        if (error instanceof TicketConflictError && error.current)
          return { kind: 'late', ticket: error.current };
        throw error;
      }
    }
  }

  async reject(ticketId: string, clickerId: string, reason: string | undefined): Promise<DecisionOutcome> {
    const ticket = await this.deps.store.get(ticketId);
    const stop = await this.checkDecision(ticket, clickerId);
    if (stop) return stop;
    const trimmed = reason?.trim() || undefined;
    let decided = false;
    const rejected = await this.changeFresh(ticketId, (current) => {
      if (current.state !== 'awaiting-approval' || !current.approval) return undefined;
      decided = true;
      return {
        from: 'awaiting-approval',
        to: 'rejected',
        expectedVersion: current.version,
        patch: {
          approval: {
            ...current.approval,
            decidedBy: clickerId,
            decidedAt: iso(this.now()),
            ...(trimmed ? { rejectReason: trimmed } : {}),
          },
        },
        audit: { actor: clickerId, action: 'rejected', details: trimmed ? { reason: trimmed } : {} },
      };
    });
    if (!rejected || !decided) {
      const latest = await this.deps.store.get(ticketId);
      return latest ? { kind: 'late', ticket: latest } : { kind: 'not-found' };
    }
    await this.showCard(rejected, {
      kind: 'rejected',
      by: clickerId,
      ...(trimmed ? { reason: trimmed } : {}),
    });
    await this.deps.notifier.tellPerson(rejected, {
      kind: 'rejected',
      ...(trimmed ? { reason: trimmed } : {}),
    });
    return { kind: 'done' };
  }

  /** Records what an approver picked on the card (permission set or account) and refreshes the card.
   * Re-checked at the pick: the approver (never the subject), the expiry, the offered choices, the
   * guardrails; a concurrent pick is merged, never lost. */
  async pick(
    ticketId: string,
    clickerId: string,
    kind: 'permission-set' | 'account',
    value: string,
  ): Promise<DecisionOutcome> {
    const ticket = await this.deps.store.get(ticketId);
    const stop = await this.checkDecision(ticket, clickerId);
    if (stop) return stop;
    const approval = (ticket as Ticket).approval as Approval;
    const choice = (
      kind === 'permission-set' ? approval.choices?.permissionSets : approval.choices?.accounts
    )?.find((c) => c.value === value);
    if (!choice) return { kind: 'not-offered' };
    const judged = await this.judgeFix(ticket as Ticket, {
      ...approval.picks,
      ...(kind === 'permission-set' ? { permissionSetArn: value } : { accountId: value }),
    });
    if (judged.kind === 'blocked') return { kind: 'blocked', reason: judged.reason };
    if (judged.verdict.kind === 'deny') return { kind: 'guardrail', reason: judged.verdict.reason };
    const next = await this.changeFresh(ticketId, (current) => {
      if (current.state !== 'awaiting-approval' || !current.approval) return undefined;
      const picks =
        kind === 'permission-set'
          ? { ...current.approval.picks, permissionSetArn: value, permissionSetName: choice.label }
          : { ...current.approval.picks, accountId: value, accountName: choice.label };
      // A pick changes what is approved: an earlier first approval no longer counts.
      const { firstApproval: _dropped, ...rest } = current.approval;
      return {
        from: 'awaiting-approval',
        to: 'awaiting-approval',
        expectedVersion: current.version,
        patch: {
          approval: {
            ...rest,
            picks,
            ...(judged.verdict.kind === 'allow' && judged.verdict.secondApprover
              ? { needsSecondApprover: true }
              : { needsSecondApprover: false }),
          },
        },
        audit: { actor: clickerId, action: 'picked', details: { [kind]: value } },
      };
    });
    if (!next) {
      const latest = await this.deps.store.get(ticketId);
      return latest ? { kind: 'late', ticket: latest } : { kind: 'not-found' };
    }
    await this.showCard(next, { kind: 'pending' });
    return { kind: 'done' };
  }

  // --- the fix ----------------------------------------------------------------------------------

  /**
   * Runs (or resumes) the approved fix: precondition, write, wait, verify. `approved` tickets are claimed
   * by a conditional move to `fixing`; a `fixing` ticket is run only by the run whose id it carries (the
   * sweeper claims a stale one first). While it works and polls, the run beats a heartbeat; it stops as
   * soon as it finds the ticket claimed by another run.
   */
  async runFix(start: Ticket, actor: 'bot' | 'sweeper', claimedRunId?: string): Promise<Ticket> {
    const approval = start.approval;
    if (!approval || !start.report?.subject) throw new Error(`ticket ${start.id} has no approved fix to run`);
    let ticket = start;
    let runId = claimedRunId;
    if (ticket.state === 'approved') {
      runId = randomUUID();
      const now = iso(this.now());
      ticket = await this.deps.store.change(ticket.id, {
        from: 'approved',
        to: 'fixing',
        expectedVersion: ticket.version,
        patch: { fixRun: { fix: approval.fix.fix, startedAt: now, heartbeatAt: now, steps: [], runId } },
        audit: { actor, action: 'fix-started', details: { fix: approval.fix } },
      });
    } else if (ticket.state !== 'fixing' || !runId || ticket.fixRun?.runId !== runId) {
      return ticket;
    }
    const mine = runId;
    const by = approval.decidedBy ?? 'bot';
    const previous = [...(ticket.fixRun?.steps ?? [])];
    let lastBeat = this.now();
    // One write at a time from this run (steps and heartbeats), each against the fresh ticket.
    let writes: Promise<unknown> = Promise.resolve();
    const updateRun = (patchRun: (run: FixRun) => FixRun, audit: TicketChange['audit']): Promise<void> => {
      const write = writes.then(async () => {
        const next = await this.changeFresh(ticket.id, (current) => {
          if (current.state !== 'fixing' || current.fixRun?.runId !== mine) {
            throw new FixRunTakenOverError(`ticket ${ticket.id} is no longer owned by run ${mine}`);
          }
          return {
            from: 'fixing',
            to: 'fixing',
            expectedVersion: current.version,
            patch: { fixRun: patchRun(current.fixRun) },
            ...(audit ? { audit } : {}),
          };
        });
        if (next) ticket = next;
        lastBeat = this.now();
      });
      // The next write waits for this one; the caller of this write gets its error.
      writes = write.then(
        () => undefined,
        () => undefined,
      );
      return write;
    };
    const heartbeatMs = this.deps.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    await this.showCard(ticket, { kind: 'fixing', by, step: 'Checking the precondition against AWS…' });
    const result = await this.deps.fixes.run({
      ticket,
      previous,
      ...(approval.managementAccountId ? { managementAccountId: approval.managementAccountId } : {}),
      ...(approval.callerAccountId ? { callerAccountId: approval.callerAccountId } : {}),
      record: async (step: FixStep) => {
        await updateRun(
          (run) => ({
            ...run,
            steps: [
              ...run.steps.filter(
                (s) => !(s.requestId && s.requestId === step.requestId && s.action === step.action),
              ),
              step,
            ],
            heartbeatAt: iso(this.now()),
          }),
          { actor, action: `fix-step-${step.status}`, details: { ...step } },
        );
        if (step.status === 'started')
          await this.showCard(ticket, { kind: 'fixing', by, step: `${step.action}: waiting for AWS…` });
      },
      sleep: async (ms: number) => {
        // The heartbeat is beaten while polling: a run waiting on AWS is alive, and the sweeper leaves it.
        if (this.now() - lastBeat >= heartbeatMs) {
          await updateRun((run) => ({ ...run, heartbeatAt: iso(this.now()) }), undefined);
        }
        await this.deps.sleep(ms);
      },
      onApplying: () => this.deps.notifier.tellPerson(ticket, { kind: 'applying' }),
    });
    await writes;
    switch (result.kind) {
      case 'refused':
      case 'failed':
        return this.fixFailed(ticket, result.reason, by, actor);
      case 'pending': {
        // AWS is still working: leave the run to the sweeper, which adopts the recorded request once this
        // run's heartbeat is old. Never failed while AWS may still finish.
        await updateRun((run) => ({ ...run, pendingSince: iso(this.now()) }), {
          actor,
          action: 'fix-pending',
          details: { reason: result.reason },
        });
        await this.showCard(ticket, { kind: 'fixing', by, step: `${result.reason}.` });
        return ticket;
      }
      case 'applied':
      case 'already-done':
        this.invalidateCacheAfter(approval);
        return this.verify(ticket, by, actor);
    }
  }

  /** Forgets the cached metadata the fix changed, so the verifying diagnosis reads it afresh. */
  private invalidateCacheAfter(approval: Approval): void {
    const cache = this.deps.cache;
    if (!cache) return;
    const fix = approval.fix;
    switch (fix.fix) {
      case 'provision-permission-set':
        for (const accountId of new Set([fix.accountId, ...(fix.targets ?? []).map((t) => t.accountId)]))
          cache.invalidate(CACHE_KEYS.provisioning(accountId));
        return;
      case 'grant-account-access': {
        const accountId = fix.accountId ?? approval.picks.accountId;
        if (accountId) cache.invalidate(CACHE_KEYS.provisioning(accountId));
        return;
      }
      case 'repoint-assignments':
        for (const accountId of new Set(fix.stale.map((s) => s.accountId)))
          cache.invalidate(CACHE_KEYS.provisioning(accountId));
        return;
      case 'add-to-group':
        return;
    }
  }

  private async fixFailed(ticket: Ticket, reason: string, by: string, actor: string): Promise<Ticket> {
    const plain = translateFailureReason(reason);
    const failed = await this.deps.store.change(ticket.id, {
      from: 'fixing',
      to: 'fix-failed',
      expectedVersion: ticket.version,
      patch: {
        fixRun: {
          ...(ticket.fixRun as FixRun),
          outcome: 'failed',
          failureReason: reason,
          finishedAt: iso(this.now()),
        },
      },
      audit: { actor, action: 'fix-failed', details: { reason } },
    });
    await this.showCard(failed, { kind: 'failed', by, reason: plain.plain });
    await this.deps.notifier.tellPerson(failed, {
      kind: 'failed',
      reasonForEmployee: plain.plainForEmployee,
    });
    return failed;
  }

  /** Re-runs the diagnosis: resolved when the problem is gone and nothing else blocks; otherwise says why. */
  private async verify(start: Ticket, by: string, actor: string): Promise<Ticket> {
    let ticket = start;
    await this.showCard(ticket, {
      kind: 'fixing',
      by,
      step: 'The change is in; re-running the diagnosis to verify…',
    });
    await this.deps.notifier.tellPerson(ticket, { kind: 'verifying' });
    const report = await this.deps.verify(ticket.request);
    const approval = ticket.approval as Approval;
    const run = ticket.fixRun as FixRun;
    if (report.findings.some((f) => sameProblem(f, approval))) {
      return this.fixFailed(
        { ...ticket, report },
        'AWS accepted the change, but the diagnosis still finds the same problem.',
        by,
        actor,
      );
    }
    const headline = report.findings[0]
      ? employeeHeadline(report.findings[0], { subject: report.subject, request: report.request })
      : 'Everything looked fine.';
    const stillBlocked = report.findings.some((f) => f.severity === 'blocking');
    if (stillBlocked) {
      ticket = await this.deps.store.change(ticket.id, {
        from: 'fixing',
        to: 'diagnosed',
        expectedVersion: ticket.version,
        patch: {
          report,
          primaryCause: report.primaryCause,
          headline,
          fixRun: { ...run, outcome: 'verified', finishedAt: iso(this.now()) },
        },
        audit: { actor, action: 'fix-verified', details: { stillBlockedBy: report.primaryCause } },
      });
      await this.showCard(ticket, { kind: 'resolved', by });
      await this.deps.notifier.tellPerson(ticket, { kind: 'still-broken', headline });
      await this.deps.notifier.refreshReport(ticket);
      return this.requestApproval(ticket);
    }
    ticket = await this.deps.store.change(ticket.id, {
      from: 'fixing',
      to: 'resolved',
      expectedVersion: ticket.version,
      // primaryCause stays the cause that was fixed (the statistics count it); the report is the new one.
      patch: {
        report,
        headline,
        resolution: 'fix-verified',
        fixRun: { ...run, outcome: 'verified', finishedAt: iso(this.now()) },
      },
      audit: { actor, action: 'resolved', details: { by: 'fix-verified', fix: approval.fix.fix } },
    });
    await this.showCard(ticket, { kind: 'resolved', by });
    await this.deps.notifier.tellPerson(ticket, { kind: 'resolved' });
    await this.deps.notifier.refreshReport(ticket);
    await this.notifyResolved(ticket, start.primaryCause, start);
    return ticket;
  }

  /** One short note in the notify channel per resolved ticket: who, which access, the cause, the fix
   * and its approver. `before` is the ticket as it was diagnosed (its report names the access). */
  async notifyResolved(
    ticket: Ticket,
    cause: Ticket['primaryCause'],
    before: Ticket = ticket,
  ): Promise<void> {
    const minutes =
      (Date.parse(ticket.resolvedAt ?? ticket.updatedAt) - Date.parse(ticket.createdAt)) / 60_000;
    const context = before.report?.findings.find((f) => f.cause === cause)?.context;
    const account = context?.accountName ?? context?.accountId;
    const access = context?.permissionSetName
      ? `${context.permissionSetName}${account ? ` on ${account}` : ''}`
      : account;
    await this.deps.notifier.notifyResolved({
      subjectId: ticket.subjectSlackId,
      cause,
      ...(access ? { access } : {}),
      ...(ticket.approval?.fix ? { fix: ticket.approval.fix.fix } : {}),
      ...(ticket.approval?.decidedBy ? { approverId: ticket.approval.decidedBy } : {}),
      minutes,
      resolution: ticket.resolution ?? 'works-now',
    });
  }

  /** "It works now": resolves any open ticket that is not in the middle of a fix. */
  async worksNow(ticketId: string, clickerId: string): Promise<Ticket | undefined> {
    let was: Ticket['state'] | undefined;
    const resolved = await this.changeFresh(ticketId, (current) => {
      if (!OPEN_STATES.includes(current.state)) return undefined;
      if (current.state === 'approved' || current.state === 'fixing') return undefined;
      was = current.state;
      return {
        from: current.state,
        to: 'resolved',
        expectedVersion: current.version,
        patch: { resolution: 'works-now' },
        audit: { actor: clickerId, action: 'resolved', details: { by: 'works-now' } },
      };
    });
    if (!resolved) return this.deps.store.get(ticketId);
    if (was === 'awaiting-approval') {
      await this.showCard(resolved, {
        kind: 'superseded',
        reason: 'The person says it works now; no approval needed.',
      });
    }
    await this.notifyResolved(resolved, resolved.primaryCause);
    return resolved;
  }

  // --- the sweeper ------------------------------------------------------------------------------

  /**
   * Keeps tickets moving when nobody is watching, oldest first and with no cap: expires approval
   * requests (with a reminder before), takes over fixes whose run stopped beating its heartbeat (with a
   * conditional claim, so exactly one sweeper adopts each), and reports tickets whose diagnosis died.
   */
  async sweep(
    options: { staleAfterMs?: number; stuckDiagnosisAfterMs?: number } = {},
  ): Promise<{ expired: number; reminded: number; resumed: number; reportedStuck: number }> {
    const now = this.now();
    const staleAfter = options.staleAfterMs ?? 2 * 60_000;
    const stuckAfter = options.stuckDiagnosisAfterMs ?? 15 * 60_000;
    const counts = { expired: 0, reminded: 0, resumed: 0, reportedStuck: 0 };
    for await (const ticket of this.deps.store.eachInState('awaiting-approval')) {
      const approval = ticket.approval;
      // Drift repairs have no person or report: their own flow sweeps them (src/drift/repair.ts).
      if (!approval || ticket.drift) continue;
      try {
        if (Date.parse(approval.expiresAt) <= now) {
          if (await this.expireIfDue(ticket)) counts.expired += 1;
        } else if (
          !approval.remindedAt &&
          Date.parse(approval.expiresAt) - now <= this.deps.reminderHours * 3600_000
        ) {
          const next = await this.deps.store.change(ticket.id, {
            from: 'awaiting-approval',
            to: 'awaiting-approval',
            expectedVersion: ticket.version,
            patch: { approval: { ...approval, remindedAt: iso(now) } },
            audit: { actor: 'sweeper', action: 'reminded' },
          });
          await this.deps.notifier.remindApprovers(next);
          counts.reminded += 1;
        }
      } catch (error) {
        if (!(error instanceof TicketConflictError)) throw error;
      }
    }
    for (const state of ['approved', 'fixing'] as const) {
      for await (const ticket of this.deps.store.eachInState(state)) {
        if (ticket.drift) continue;
        const beat = state === 'fixing' ? (ticket.fixRun?.heartbeatAt ?? ticket.updatedAt) : ticket.updatedAt;
        if (now - Date.parse(beat) < staleAfter) continue;
        try {
          const claimed = await this.claim(ticket);
          if (!claimed) continue;
          await this.runFix(claimed.ticket, 'sweeper', claimed.runId);
          counts.resumed += 1;
        } catch (error) {
          if (error instanceof TicketConflictError || error instanceof FixRunTakenOverError) continue;
          this.deps.logger.error({ err: error, ticketId: ticket.id }, 'could not resume a fix');
        }
      }
    }
    for await (const ticket of this.deps.store.eachInState('created')) {
      if (ticket.drift || now - Date.parse(ticket.updatedAt) < stuckAfter) continue;
      try {
        const closed = await this.deps.store.change(ticket.id, {
          from: 'created',
          to: 'closed',
          expectedVersion: ticket.version,
          audit: { actor: 'sweeper', action: 'diagnosis-abandoned', details: { since: ticket.updatedAt } },
        });
        await this.deps.notifier.reportStuck(closed, 'The check did not finish.');
        counts.reportedStuck += 1;
      } catch (error) {
        if (!(error instanceof TicketConflictError)) throw error;
      }
    }
    return counts;
  }

  /** Takes over a stale run with a write conditional on the version read (so two sweepers, or a run that
   * is still alive and beat its heartbeat meanwhile, make the claim fail). */
  private async claim(ticket: Ticket): Promise<{ ticket: Ticket; runId: string } | undefined> {
    if (ticket.state === 'approved') return { ticket, runId: '' };
    const run = ticket.fixRun;
    if (!run) return undefined;
    const runId = randomUUID();
    const claimed = await this.deps.store.change(ticket.id, {
      from: 'fixing',
      to: 'fixing',
      expectedVersion: ticket.version,
      patch: {
        fixRun: (({ pendingSince: _p, ...rest }) => ({ ...rest, runId, heartbeatAt: iso(this.now()) }))(run),
      },
      audit: {
        actor: 'sweeper',
        action: 'fix-claimed',
        details: { previousRun: run.runId ?? null, lastHeartbeat: run.heartbeatAt },
      },
    });
    return { ticket: claimed, runId };
  }
}
