import type { webApi } from '@slack/bolt';
import {
  type AwsClients,
  collectPages,
  DescribeOrganizationCommand,
  DescribePermissionSetCommand,
  GetCallerIdentityCommand,
  paginateListAccounts,
  paginateListPermissionSets,
} from '../aws';
import { type DiagnoseDeps, diagnose } from '../diagnosis/diagnose';
import { CACHE_KEYS, type MetadataCache } from '../diagnosis/facts/ports';
import type { DiagnosisReport, Finding } from '../diagnosis/types';
import { employeeHeadline } from '../explain';
import { translateFailureReason } from '../explain/failure-reason';
import { executorFor } from '../fixes';
import { type DryRunNames, describeFix } from '../fixes/dry-run';
import type { FixContext, PollPolicy } from '../fixes/types';
import type { Logger } from '../log/logger';
import type { TicketStore } from '../tickets/store';
import {
  type Approval,
  type Choice,
  type FixStep,
  OPEN_STATES,
  type Ticket,
  TicketConflictError,
} from '../tickets/types';
import type { Approvers } from './approvers';
import { mentionOf } from './views/admin-request';
import {
  type ApprovalCardStatus,
  buildApprovalCardView,
  buildFixUpdateView,
  buildResolvedNoteView,
} from './views/approval';
import { buildReportView } from './views/report';
import type { MessageView } from './views/types';

/** What the approval and fix flow needs; everything passed in. */
export interface TicketFlowDeps {
  client: webApi.WebClient;
  store: TicketStore;
  approvers: Approvers;
  diagnosis: Omit<DiagnoseDeps, 'onProgress'>;
  /** Clients that may write (the fix role): created only when an approved fix runs. */
  writer: () => Promise<AwsClients>;
  logger: Logger;
  adminChannelId?: string;
  notifyChannelId?: string;
  approvalExpiryHours: number;
  reminderHours: number;
  poll: PollPolicy;
  sleep: (ms: number) => Promise<void>;
  /** The metadata cache the diagnoses share: a fix invalidates what it changed before verifying. */
  cache?: MetadataCache;
}

/** Why someone may not decide on a ticket's fix, or undefined when they may. */
export type DecisionRefusal = 'not-an-approver' | 'own-access' | 'own-request';

const iso = (ms: number) => new Date(ms).toISOString();

/** The fix the ticket asks approval for: the primary cause's. Other fixable findings wait their turn
 * (after a verified fix the diagnosis runs again, and the next primary cause gets its own card), so an
 * admin is never asked to fix something that a more basic problem explains (e.g. provisioning still
 * in progress). */
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
      return f.context.accountId === fix.accountId && f.context.permissionSetArn === fix.permissionSetArn;
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

function dryRunNames(ticket: Ticket, report: DiagnosisReport): DryRunNames {
  const finding = report.findings.find((f) => f.cause === ticket.approval?.cause);
  return {
    ...(finding?.context.accountName ? { accountName: finding.context.accountName } : {}),
    ...(finding?.context.permissionSetName ? { permissionSetName: finding.context.permissionSetName } : {}),
    ...(finding?.context.groupName ? { groupName: finding.context.groupName } : {}),
    ...(report.subject?.userName ? { principalName: report.subject.userName } : {}),
    ...(ticket.approval?.managementAccountId
      ? { managementAccountId: ticket.approval.managementAccountId }
      : {}),
  };
}

/**
 * Tickets from diagnosis to resolution: the approval card, who may decide, the fix (exactly once,
 * whatever the clicks and retries), verification, and the notes to the person and the notify channel.
 */
export class TicketFlow {
  constructor(private readonly deps: TicketFlowDeps) {}

  private now(): number {
    return this.deps.diagnosis.clock.now();
  }

  private async post(channel: string, view: MessageView, threadTs?: string): Promise<string> {
    const out = await this.deps.client.chat.postMessage({
      channel,
      text: view.text,
      blocks: view.blocks,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    return out.ts ?? '';
  }

  private async update(channel: string, ts: string, view: MessageView): Promise<void> {
    await this.deps.client.chat.update({ channel, ts, text: view.text, blocks: view.blocks });
  }

  /** Tells the person in their thread; a Slack failure here never fails the flow. */
  private async tellPerson(ticket: Ticket, view: MessageView): Promise<void> {
    if (!ticket.dm) return;
    await this.post(ticket.dm.channel, view, ticket.dm.ts).catch((error: unknown) =>
      this.deps.logger.warn({ err: error, ticketId: ticket.id }, 'could not update the person'),
    );
  }

  private async showCard(ticket: Ticket, status: ApprovalCardStatus): Promise<void> {
    const card = ticket.approval?.card;
    if (!card || !ticket.approval || !ticket.report) return;
    const dryRun = describeFix(
      ticket.approval.fix,
      ticket.approval.picks,
      dryRunNames(ticket, ticket.report),
    );
    await this.update(
      card.channel,
      card.ts,
      buildApprovalCardView({ ticket, report: ticket.report, dryRun, status }),
    ).catch((error: unknown) =>
      this.deps.logger.warn({ err: error, ticketId: ticket.id }, 'could not update the approval card'),
    );
  }

  // --- after a diagnosis ------------------------------------------------------------------------

  /** Asks for approval of the ticket's fix (or refreshes the card it already has), or retires a card whose
   * fix is no longer needed. The ticket must be `diagnosed` or `awaiting-approval`. */
  async requestApproval(ticket: Ticket): Promise<Ticket> {
    const report = ticket.report;
    if (!report) return ticket;
    const finding = fixableFinding(report);
    const existing = ticket.approval;
    if (!finding?.fix) {
      if (existing?.card && ticket.state === 'awaiting-approval') {
        const next = await this.deps.store.change(ticket.id, {
          from: 'awaiting-approval',
          to: 'diagnosed',
          expectedVersion: ticket.version,
          audit: { actor: 'bot', action: 'approval-withdrawn', details: { reason: 'nothing left to fix' } },
        });
        await this.showCard(next, {
          kind: 'superseded',
          reason: 'A fresh diagnosis found nothing left to fix, so no approval is needed.',
        });
        return next;
      }
      return ticket;
    }
    if (!this.deps.adminChannelId) {
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
      ...(existing?.choices ? { choices: existing.choices } : {}),
    };
    // The card warns when a fix touches the management account: read it once per card.
    const managementAccountId = existing?.managementAccountId ?? (await this.managementAccountId());
    if (managementAccountId) approval.managementAccountId = managementAccountId;
    if (
      !approval.choices &&
      finding.fix.fix === 'grant-account-access' &&
      (!finding.fix.permissionSetArn || !finding.fix.accountId)
    ) {
      approval.choices = await this.loadChoices(report, !finding.fix.accountId);
    }
    const draft: Ticket = { ...ticket, approval };
    const dryRun = describeFix(finding.fix, approval.picks, dryRunNames(draft, report));
    const view = buildApprovalCardView({ ticket: draft, report, dryRun, status: { kind: 'pending' } });
    if (approval.card) {
      // The same ticket keeps one card: a fresh diagnosis refreshes it rather than posting another.
      await this.update(approval.card.channel, approval.card.ts, view);
    } else {
      const ts = await this.post(this.deps.adminChannelId, view);
      approval.card = { channel: this.deps.adminChannelId, ts };
    }
    const next = await this.deps.store.change(ticket.id, {
      from: ['diagnosed', 'awaiting-approval'],
      to: 'awaiting-approval',
      expectedVersion: ticket.version,
      patch: { approval },
      audit: {
        actor: 'bot',
        action: existing ? 'approval-refreshed' : 'approval-requested',
        details: { cause: finding.cause, fix: finding.fix },
      },
    });
    if (!existing) await this.tellPerson(next, buildFixUpdateView({ kind: 'awaiting' }));
    return next;
  }

  /** Every permission set (with its name) and, when the person named no account, every account: what the
   * card's type-ahead selects offer. Read once per card; fine past 100 options (Slack filters by typing). */
  private async loadChoices(
    report: DiagnosisReport,
    withAccounts: boolean,
  ): Promise<{ permissionSets: Choice[]; accounts: Choice[] }> {
    const instanceArn = report.subject?.instanceArn;
    if (!instanceArn) return { permissionSets: [], accounts: [] };
    const clients = this.deps.diagnosis.clients;
    const { items: arns } = await collectPages(
      paginateListPermissionSets,
      { client: clients.ssoAdmin },
      { InstanceArn: instanceArn },
      (p) => p.PermissionSets,
    );
    const permissionSets = await Promise.all(
      arns.map(async (arn) => {
        const out = await clients.ssoAdmin.send(
          new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }),
        );
        return { value: arn, label: out.PermissionSet?.Name ?? arn };
      }),
    );
    const accounts = withAccounts
      ? (
          await collectPages(paginateListAccounts, { client: clients.organizations }, {}, (p) => p.Accounts)
        ).items
          .filter((a) => a.Id && (a.State ?? a.Status ?? 'ACTIVE') === 'ACTIVE')
          .map((a) => ({ value: a.Id as string, label: a.Name ? `${a.Name} (${a.Id})` : (a.Id as string) }))
      : [];
    return {
      permissionSets: permissionSets.sort((a, b) => a.label.localeCompare(b.label)),
      accounts: accounts.sort((a, b) => a.label.localeCompare(b.label)),
    };
  }

  // --- decisions --------------------------------------------------------------------------------

  /** Checked at click time: an approver, and never the person whose access changes nor who asked. */
  async refusalFor(ticket: Ticket, clickerId: string): Promise<DecisionRefusal | undefined> {
    if (!(await this.deps.approvers.isApprover(clickerId))) return 'not-an-approver';
    if (clickerId === ticket.subjectSlackId) return 'own-access';
    if (clickerId === ticket.requesterId) return 'own-request';
    return undefined;
  }

  /** Why a decision came too late, naming who was first. */
  static lateMessage(ticket: Ticket): string {
    const by = ticket.approval?.decidedBy ? ` by ${mentionOf(ticket.approval.decidedBy)}` : '';
    const at = ticket.approval?.decidedAt ? ` at ${ticket.approval.decidedAt.slice(11, 16)} UTC` : '';
    switch (ticket.state) {
      case 'approved':
      case 'fixing':
        return `Already approved${by}${at}; the fix is running.`;
      case 'resolved':
        return `Already resolved${by ? ` (approved${by}${at})` : ''}.`;
      case 'rejected':
        return `Already rejected${by}${at}.`;
      case 'expired':
        return 'This request expired before anyone approved it.';
      case 'fix-failed':
        return `Already approved${by}${at}; the fix failed and is being looked into.`;
      default:
        return 'This request is no longer waiting for approval.';
    }
  }

  /** Approves and runs the fix exactly once. Returns what the clicker should be told privately, if anything. */
  async approve(ticketId: string, clickerId: string): Promise<string | undefined> {
    const ticket = await this.deps.store.get(ticketId);
    if (!ticket?.approval) return 'I cannot find that request any more.';
    const refusal = await this.refusalFor(ticket, clickerId);
    if (refusal) return refusalText(refusal);
    if (ticket.state !== 'awaiting-approval') return TicketFlow.lateMessage(ticket);
    const dryRun = describeFix(ticket.approval.fix, ticket.approval.picks, {});
    if (dryRun.needs.permissionSet || dryRun.needs.account) {
      return `Pick ${[dryRun.needs.permissionSet ? 'a permission set' : '', dryRun.needs.account ? 'an account' : ''].filter(Boolean).join(' and ')} on the card first, then approve.`;
    }
    let approved: Ticket;
    try {
      approved = await this.deps.store.change(ticket.id, {
        from: 'awaiting-approval',
        to: 'approved',
        expectedVersion: ticket.version,
        patch: { approval: { ...ticket.approval, decidedBy: clickerId, decidedAt: iso(this.now()) } },
        audit: {
          actor: clickerId,
          action: 'approved',
          details: { fix: ticket.approval.fix, picks: ticket.approval.picks },
        },
      });
    } catch (error) {
      if (error instanceof TicketConflictError && error.current) return TicketFlow.lateMessage(error.current);
      throw error;
    }
    await this.showCard(approved, { kind: 'approved', by: clickerId });
    await this.tellPerson(approved, buildFixUpdateView({ kind: 'approved' }));
    await this.runFix(approved, 'bot');
    return undefined;
  }

  async reject(ticketId: string, clickerId: string, reason: string | undefined): Promise<string | undefined> {
    const ticket = await this.deps.store.get(ticketId);
    if (!ticket?.approval) return 'I cannot find that request any more.';
    const refusal = await this.refusalFor(ticket, clickerId);
    if (refusal) return refusalText(refusal);
    if (ticket.state !== 'awaiting-approval') return TicketFlow.lateMessage(ticket);
    const trimmed = reason?.trim() || undefined;
    let rejected: Ticket;
    try {
      rejected = await this.deps.store.change(ticket.id, {
        from: 'awaiting-approval',
        to: 'rejected',
        expectedVersion: ticket.version,
        patch: {
          approval: {
            ...ticket.approval,
            decidedBy: clickerId,
            decidedAt: iso(this.now()),
            ...(trimmed ? { rejectReason: trimmed } : {}),
          },
        },
        audit: { actor: clickerId, action: 'rejected', details: trimmed ? { reason: trimmed } : {} },
      });
    } catch (error) {
      if (error instanceof TicketConflictError && error.current) return TicketFlow.lateMessage(error.current);
      throw error;
    }
    await this.showCard(rejected, {
      kind: 'rejected',
      by: clickerId,
      ...(trimmed ? { reason: trimmed } : {}),
    });
    await this.tellPerson(
      rejected,
      buildFixUpdateView({ kind: 'rejected', ...(trimmed ? { reason: trimmed } : {}) }),
    );
    return undefined;
  }

  /** Records what an approver picked on the card (permission set or account) and refreshes the card. */
  async pick(
    ticketId: string,
    clickerId: string,
    kind: 'permission-set' | 'account',
    value: string,
    label: string,
  ): Promise<string | undefined> {
    const ticket = await this.deps.store.get(ticketId);
    if (!ticket?.approval || ticket.state !== 'awaiting-approval')
      return ticket ? TicketFlow.lateMessage(ticket) : undefined;
    if (!(await this.deps.approvers.isApprover(clickerId))) return refusalText('not-an-approver');
    const choice = (
      kind === 'permission-set' ? ticket.approval.choices?.permissionSets : ticket.approval.choices?.accounts
    )?.find((c) => c.value === value);
    if (!choice) return 'That choice is not one I offered; pick again from the list.';
    const picks =
      kind === 'permission-set'
        ? { ...ticket.approval.picks, permissionSetArn: value, permissionSetName: choice.label || label }
        : { ...ticket.approval.picks, accountId: value, accountName: choice.label || label };
    const next = await this.deps.store.change(ticket.id, {
      from: 'awaiting-approval',
      to: 'awaiting-approval',
      expectedVersion: ticket.version,
      patch: { approval: { ...ticket.approval, picks } },
      audit: { actor: clickerId, action: 'picked', details: { [kind]: value } },
    });
    await this.showCard(next, { kind: 'pending' });
    return undefined;
  }

  // --- the fix ----------------------------------------------------------------------------------

  /**
   * Runs (or resumes) the approved fix: precondition, write, wait, verify. Safe to call again for the
   * same ticket: the move to `fixing` is conditional, and recorded request ids are resumed, not re-sent.
   */
  async runFix(start: Ticket, actor: 'bot' | 'sweeper'): Promise<Ticket> {
    let ticket = start;
    const approval = ticket.approval;
    if (!approval || !ticket.report?.subject)
      throw new Error(`ticket ${ticket.id} has no approved fix to run`);
    if (ticket.state === 'approved') {
      ticket = await this.deps.store.change(ticket.id, {
        from: 'approved',
        to: 'fixing',
        expectedVersion: ticket.version,
        patch: {
          fixRun: {
            fix: approval.fix.fix,
            startedAt: iso(this.now()),
            heartbeatAt: iso(this.now()),
            steps: [],
          },
        },
        audit: { actor, action: 'fix-started', details: { fix: approval.fix } },
      });
    } else if (ticket.state === 'fixing') {
      ticket = await this.deps.store.change(ticket.id, {
        from: 'fixing',
        to: 'fixing',
        expectedVersion: ticket.version,
        patch: {
          fixRun: { ...(ticket.fixRun as NonNullable<Ticket['fixRun']>), heartbeatAt: iso(this.now()) },
        },
        audit: { actor, action: 'fix-resumed' },
      });
    } else {
      return ticket;
    }
    const by = approval.decidedBy ?? 'bot';
    const previous = [...(ticket.fixRun?.steps ?? [])];
    const subject = ticket.report?.subject;
    if (!subject) throw new Error(`ticket ${ticket.id} lost its subject`);
    const reader = this.deps.diagnosis.clients;
    const context: FixContext = {
      writer: await this.deps.writer(),
      reader,
      instanceArn: subject.instanceArn,
      identityStoreId: subject.identityStoreId,
      ...(await this.accountsContext(reader)),
      clock: this.deps.diagnosis.clock,
      sleep: this.deps.sleep,
      poll: this.deps.poll,
      logger: this.deps.logger.child({ ticketId: ticket.id }),
      record: async (step: FixStep) => {
        const run = ticket.fixRun as NonNullable<Ticket['fixRun']>;
        const steps = [
          ...run.steps.filter(
            (s) => !(s.requestId && s.requestId === step.requestId && s.action === step.action),
          ),
          step,
        ];
        ticket = await this.deps.store.change(ticket.id, {
          from: 'fixing',
          to: 'fixing',
          expectedVersion: ticket.version,
          patch: { fixRun: { ...run, steps, heartbeatAt: iso(this.now()) } },
          audit: { actor, action: `fix-step-${step.status}`, details: { ...step } },
        });
        if (step.status === 'started')
          await this.showCard(ticket, { kind: 'fixing', by, step: `${step.action}: waiting for AWS…` });
      },
    };
    const executor = executorFor(approval.fix);
    await this.showCard(ticket, { kind: 'fixing', by, step: 'Checking the precondition against AWS…' });
    const pre = await executor.precondition(approval.fix as never, approval.picks, context);
    if (pre.kind === 'refused') return this.fixFailed(ticket, pre.reason, by, actor);
    if (pre.kind === 'ok') {
      await this.tellPerson(ticket, buildFixUpdateView({ kind: 'applying' }));
      const outcome = await executor.apply(approval.fix as never, approval.picks, context, previous);
      if (outcome.kind === 'failed') return this.fixFailed(ticket, outcome.reason, by, actor);
    }
    this.invalidateCacheAfter(approval);
    return this.verify(ticket, by, actor);
  }

  /** Forgets the cached metadata the fix changed, so the verifying diagnosis reads it afresh. Also
   * when the precondition found the work already done (a resumed run applied it before a restart). */
  private invalidateCacheAfter(approval: Approval): void {
    const cache = this.deps.cache;
    if (!cache) return;
    const fix = approval.fix;
    switch (fix.fix) {
      case 'provision-permission-set':
        cache.invalidate(CACHE_KEYS.provisioning(fix.accountId));
        return;
      case 'grant-account-access': {
        // Creating an assignment provisions the permission set to the account.
        const accountId = fix.accountId ?? approval.picks.accountId;
        if (accountId) cache.invalidate(CACHE_KEYS.provisioning(accountId));
        return;
      }
      case 'repoint-assignments':
        for (const accountId of new Set(fix.stale.map((s) => s.accountId)))
          cache.invalidate(CACHE_KEYS.provisioning(accountId));
        return;
      case 'add-to-group':
        // Group memberships are never cached (only instance, permission sets, accounts, provisioning).
        return;
    }
  }

  private async managementAccountId(): Promise<string | undefined> {
    const out = await this.deps.diagnosis.clients.organizations
      .send(new DescribeOrganizationCommand({}))
      .catch(() => undefined);
    return out?.Organization?.MasterAccountId;
  }

  private async accountsContext(
    reader: AwsClients,
  ): Promise<Pick<FixContext, 'managementAccountId' | 'callerAccountId'>> {
    const [caller, org] = await Promise.all([
      reader.sts.send(new GetCallerIdentityCommand({})).catch(() => undefined),
      reader.organizations.send(new DescribeOrganizationCommand({})).catch(() => undefined),
    ]);
    return {
      ...(caller?.Account ? { callerAccountId: caller.Account } : {}),
      ...(org?.Organization?.MasterAccountId
        ? { managementAccountId: org.Organization.MasterAccountId }
        : {}),
    };
  }

  private async fixFailed(ticket: Ticket, reason: string, by: string, actor: string): Promise<Ticket> {
    const plain = translateFailureReason(reason);
    const failed = await this.deps.store.change(ticket.id, {
      from: 'fixing',
      to: 'fix-failed',
      expectedVersion: ticket.version,
      patch: {
        fixRun: {
          ...(ticket.fixRun as NonNullable<Ticket['fixRun']>),
          outcome: 'failed',
          failureReason: reason,
          finishedAt: iso(this.now()),
        },
      },
      audit: { actor, action: 'fix-failed', details: { reason } },
    });
    await this.showCard(failed, { kind: 'failed', by, reason: plain.plain });
    await this.tellPerson(
      failed,
      buildFixUpdateView({ kind: 'failed', reasonForEmployee: plain.plainForEmployee }),
    );
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
    await this.tellPerson(ticket, buildFixUpdateView({ kind: 'verifying' }));
    const report = await diagnose(ticket.request, this.deps.diagnosis);
    const approval = ticket.approval as Approval;
    const run = ticket.fixRun as NonNullable<Ticket['fixRun']>;
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
      await this.tellPerson(ticket, buildFixUpdateView({ kind: 'still-broken', headline }));
      await this.refreshReport(ticket);
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
    await this.tellPerson(ticket, buildFixUpdateView({ kind: 'resolved' }));
    await this.refreshReport(ticket);
    await this.notifyResolved(ticket, start.primaryCause);
    return ticket;
  }

  private async refreshReport(ticket: Ticket): Promise<void> {
    if (!ticket.dm || !ticket.report) return;
    await this.update(
      ticket.dm.channel,
      ticket.dm.ts,
      buildReportView({
        report: ticket.report,
        audience: ticket.audience,
        reportId: ticket.id,
        offerSymptomMenu: false,
      }),
    ).catch((error: unknown) =>
      this.deps.logger.warn({ err: error, ticketId: ticket.id }, 'could not refresh the report'),
    );
  }

  /** One short note in the notify channel per resolved ticket; that channel gets nothing else. */
  async notifyResolved(ticket: Ticket, cause: Ticket['primaryCause']): Promise<void> {
    if (!this.deps.notifyChannelId) return;
    const minutes =
      (Date.parse(ticket.resolvedAt ?? ticket.updatedAt) - Date.parse(ticket.createdAt)) / 60_000;
    await this.post(
      this.deps.notifyChannelId,
      buildResolvedNoteView({
        subjectId: ticket.subjectSlackId,
        cause,
        ...(ticket.approval?.fix ? { fix: ticket.approval.fix.fix } : {}),
        ...(ticket.approval?.decidedBy ? { approverId: ticket.approval.decidedBy } : {}),
        minutes,
        resolution: ticket.resolution ?? 'works-now',
      }),
    ).catch((error: unknown) =>
      this.deps.logger.warn({ err: error, ticketId: ticket.id }, 'could not post the resolved note'),
    );
  }

  /** "It works now": resolves any open ticket that is not in the middle of a fix. */
  async worksNow(ticketId: string, clickerId: string): Promise<Ticket | undefined> {
    const ticket = await this.deps.store.get(ticketId);
    if (!ticket || !OPEN_STATES.includes(ticket.state)) return ticket;
    if (ticket.state === 'approved' || ticket.state === 'fixing') return ticket;
    const resolved = await this.deps.store.change(ticket.id, {
      from: ticket.state,
      to: 'resolved',
      expectedVersion: ticket.version,
      patch: { resolution: 'works-now' },
      audit: { actor: clickerId, action: 'resolved', details: { by: 'works-now' } },
    });
    if (ticket.state === 'awaiting-approval') {
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
   * Keeps tickets moving when nobody is watching: expires old approval requests (with a reminder
   * before), and resumes fixes left in `approved` or `fixing` by a worker that stopped.
   */
  async sweep(
    options: { staleAfterMs?: number } = {},
  ): Promise<{ expired: number; reminded: number; resumed: number }> {
    const now = this.now();
    const staleAfter = options.staleAfterMs ?? 2 * 60_000;
    let expired = 0;
    let reminded = 0;
    let resumed = 0;
    for (const ticket of await this.deps.store.inState('awaiting-approval', 200)) {
      const approval = ticket.approval;
      // Drift repairs have no person or report: their own flow sweeps them (src/drift/repair.ts).
      if (!approval || ticket.drift) continue;
      try {
        if (Date.parse(approval.expiresAt) <= now) {
          const next = await this.deps.store.change(ticket.id, {
            from: 'awaiting-approval',
            to: 'expired',
            expectedVersion: ticket.version,
            audit: { actor: 'sweeper', action: 'expired', details: { expiresAt: approval.expiresAt } },
          });
          await this.showCard(next, { kind: 'expired' });
          await this.tellPerson(next, buildFixUpdateView({ kind: 'expired' }));
          expired += 1;
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
          if (next.approval?.card) {
            await this.post(
              next.approval.card.channel,
              { text: 'Reminder: this fix is still waiting for an approver.', blocks: [] },
              next.approval.card.ts,
            );
          }
          reminded += 1;
        }
      } catch (error) {
        if (!(error instanceof TicketConflictError)) throw error;
      }
    }
    const stuck: Ticket[] = [
      ...(await this.deps.store.inState('approved', 100)).filter(
        (t) => now - Date.parse(t.updatedAt) >= staleAfter,
      ),
      ...(await this.deps.store.inState('fixing', 100)).filter(
        (t) => now - Date.parse(t.fixRun?.heartbeatAt ?? t.updatedAt) >= staleAfter,
      ),
    ].filter((t) => !t.drift);
    for (const ticket of stuck) {
      try {
        await this.runFix(ticket, 'sweeper');
        resumed += 1;
      } catch (error) {
        if (!(error instanceof TicketConflictError)) {
          this.deps.logger.error({ err: error, ticketId: ticket.id }, 'could not resume a fix');
        }
      }
    }
    return { expired, reminded, resumed };
  }
}

export function refusalText(refusal: DecisionRefusal): string {
  switch (refusal) {
    case 'not-an-approver':
      return 'Only configured approvers can approve or reject fixes. Nothing was changed.';
    case 'own-access':
      return 'You cannot approve a change to your own access; another approver has to. Nothing was changed.';
    case 'own-request':
      return 'You asked for this diagnosis, so another approver has to decide on the fix. Nothing was changed.';
  }
}
