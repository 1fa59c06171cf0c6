import { randomUUID } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import { type SetupAlerts, setupFailuresOf, unreachableFailure } from '../alerts/setup-alerts';
import { type DiagnoseDeps, diagnose, IdentityCenterUnreachableError } from '../diagnosis/diagnose';
import { UnknownAccountError } from '../diagnosis/facts/facts';
import { type ProgressEvent, reportCoverage } from '../diagnosis/runner';
import type { DiagnosisReport, DiagnosisRequest } from '../diagnosis/types';
import type { DoctorDeps } from '../doctor/types';
import { employeeHeadline } from '../explain';
import { explainNothingFound } from '../explain/coverage';
import { isRetryable } from '../lib/errors';
import type { Logger } from '../log/logger';
import type { TicketChange, TicketStore } from '../tickets/store';
import { OPEN_STATES, type Ticket, TicketConflictError } from '../tickets/types';
import type { ApprovalWorkflow } from '../workflow/workflow';
import type { Approvers } from './approvers';
import { parseCommandText } from './command-text';
import { handleDoctorJob } from './doctor-job';
import type { DriftSlack } from './drift';
import { type IdentityOptions, identifySlackUser } from './identity';
import type { SlackJob } from './jobs';
import { buildHumanRequestView } from './views/admin-request';
import { decisionText } from './views/decision';
import { buildHomeView } from './views/home';
import {
  buildCannotCheckView,
  buildErrorView,
  buildHumanRequestedView,
  buildNoEmailView,
  buildRefusalView,
  buildThanksView,
} from './views/notices';
import { buildProgressView } from './views/progress';
import { buildReportView } from './views/report';
import type { CauseStat, MessageView, RecentCheck } from './views/types';

/** What the worker needs; everything is passed in. */
export interface SlackWorkerDeps {
  client: webApi.WebClient;
  diagnosis: Omit<DiagnoseDeps, 'onProgress'>;
  store: TicketStore;
  flow: ApprovalWorkflow;
  /** `queue`: the queue retries a job that throws (SQS on Lambda), so retryable failures are rethrown and
   * only permanent ones become an apology. `none` (in process): every failure is answered. */
  retries?: 'queue' | 'none';
  approvers: Approvers;
  identity: IdentityOptions;
  logger: Logger;
  adminChannelId?: string;
  /** Tells the admins, once per distinct failure, what stopped the bot reading. */
  setupAlerts?: SetupAlerts;
  /** Posts a message to a response_url (ephemeral where the command or click happened). */
  respond?: (responseUrl: string, message: MessageView) => Promise<void>;
  /** Least time between two progress updates of one message (Slack allows about one a second). */
  progressIntervalMs?: number;
  /** The doctor's view of this bot, for `/cant-login doctor` (src/doctor). */
  doctor?: () => DoctorDeps;
  /** Drift scans, digests and repairs (src/slack/drift.ts); its blocks are added to approvers' App Home. */
  drift?: DriftSlack;
}

/** Applies a change to the current version of a ticket, re-reading and retrying when it lost a race. */
export async function changeLatest(
  store: TicketStore,
  id: string,
  build: (current: Ticket) => TicketChange,
  attempts = 3,
): Promise<Ticket> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.get(id);
    if (!current) throw new Error(`no ticket ${id}`);
    try {
      return await store.change(id, build(current));
    } catch (error) {
      if (!(error instanceof TicketConflictError) || attempt >= attempts) throw error;
    }
  }
}

/** Posts to a response_url with fetch: works in any channel, even where the bot is not a member. */
export async function respondViaUrl(responseUrl: string, message: MessageView): Promise<void> {
  const res = await fetch(responseUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...message }),
  });
  if (!res.ok) throw new Error(`response_url answered ${res.status}`);
}

const plainView = (text: string): MessageView => ({
  text,
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
});

/** How a ticket shows on App Home. */
function recentOf(t: Ticket): RecentCheck {
  const status: RecentCheck['status'] =
    t.state === 'resolved'
      ? 'resolved'
      : t.state === 'awaiting-approval'
        ? 'awaiting-approval'
        : t.state === 'approved' || t.state === 'fixing'
          ? 'fixing'
          : OPEN_STATES.includes(t.state)
            ? t.escalatedAt
              ? 'escalated'
              : 'open'
            : 'closed';
  return {
    id: t.id,
    slackUserId: t.subjectSlackId,
    subject: t.identifier,
    primaryCause: t.primaryCause,
    headline: t.headline,
    status,
    at: t.updatedAt,
  };
}

/** Resolved tickets of the last 30 days grouped by cause: count and median minutes to resolve. */
export function causeStats(tickets: readonly Ticket[]): CauseStat[] {
  const byCause = new Map<string, number[]>();
  for (const t of tickets) {
    if (t.state !== 'resolved') continue;
    const minutes = (Date.parse(t.resolvedAt ?? t.updatedAt) - Date.parse(t.createdAt)) / 60_000;
    const key = t.primaryCause ?? 'nothing found';
    byCause.set(key, [...(byCause.get(key) ?? []), minutes]);
  }
  return [...byCause].map(([cause, minutes]) => {
    const sorted = [...minutes].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    return { cause, count: sorted.length, medianMinutes: median };
  });
}

/**
 * Does the slow part of every Slack interaction after the listener has acknowledged: identifies the
 * person, runs the diagnosis on their ticket with live progress in their DM, renders the report, and
 * hands approvals and fixes to the ticket flow. Any failure ends in a friendly message to the person
 * and an error log with the request id.
 */
export class SlackWorker {
  constructor(private readonly deps: SlackWorkerDeps) {}

  /** Runs one job; `logger` carries the invocation's fields (awsRequestId, message id) on Lambda. */
  async handle(job: SlackJob, logger?: Logger): Promise<void> {
    const log = logger ?? this.deps.logger.child({ requestId: job.requestId, job: job.kind });
    try {
      switch (job.kind) {
        case 'diagnose':
          return await this.diagnose(job, log);
        case 'get-human':
          return await this.getHuman(job);
        case 'it-works':
          return await this.itWorks(job);
        case 'publish-home':
          return await this.publishHome(job.userId);
        case 'approve':
          return await this.answer(
            job.responseUrl,
            job.clickerId,
            decisionText(await this.deps.flow.approve(job.ticketId, job.clickerId)),
          );
        case 'reject':
          return await this.answer(
            undefined,
            job.clickerId,
            decisionText(await this.deps.flow.reject(job.ticketId, job.clickerId, job.reason)),
          );
        case 'pick':
          return await this.answer(
            job.responseUrl,
            job.clickerId,
            decisionText(await this.deps.flow.pick(job.ticketId, job.clickerId, job.what, job.value)),
          );
        case 'sweep': {
          const result = await this.deps.flow.sweep();
          log.info(result, 'swept');
          return;
        }
        case 'doctor':
          return await handleDoctorJob(job, {
            isApprover: (id) => this.deps.approvers.isApprover(id),
            doctor: this.deps.doctor,
            tell: async (view) =>
              job.responseUrl && this.deps.respond
                ? this.deps.respond(job.responseUrl, view)
                : void (await this.post(await this.dmChannel(job.requesterId), view)),
            logger: log,
          });
        case 'drift':
          if (!this.deps.drift) throw new Error('drift jobs need the drift services');
          return await this.deps.drift.handle(job);
      }
    } catch (error) {
      if (this.deps.retries === 'queue' && isRetryable(error)) {
        // The queue delivers the job again (and the dead-letter queue keeps what never succeeds): no
        // apology for something that will most likely work on the next try.
        log.warn({ err: error }, 'slack job failed; the queue will retry it');
        throw error;
      }
      log.error({ err: error }, 'slack job failed');
      await this.tellAboutFailure(job).catch((e: unknown) =>
        log.error({ err: e }, 'could not tell the person about the failure'),
      );
    }
  }

  /** Tells the clicker privately (response_url, else an ephemeral in the admin channel). */
  private async answer(
    responseUrl: string | undefined,
    userId: string,
    text: string | undefined,
  ): Promise<void> {
    if (!text) return;
    if (responseUrl && this.deps.respond) return this.deps.respond(responseUrl, plainView(text));
    if (this.deps.adminChannelId) {
      await this.deps.client.chat.postEphemeral({ channel: this.deps.adminChannelId, user: userId, text });
    }
  }

  private async tellAboutFailure(job: SlackJob): Promise<void> {
    const who =
      job.kind === 'diagnose' || job.kind === 'doctor'
        ? job.requesterId
        : job.kind === 'publish-home' || job.kind === 'sweep' || job.kind === 'drift'
          ? undefined
          : job.clickerId;
    if (!who) return;
    const channel = await this.dmChannel(who);
    await this.post(channel, buildErrorView({ reference: job.requestId }));
  }

  private async dmChannel(userId: string): Promise<string> {
    const out = await this.deps.client.conversations.open({ users: userId });
    const id = out.channel?.id;
    if (!id) throw new Error(`conversations.open gave no channel for ${userId}`);
    return id;
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

  private async answerPrivately(
    job: Extract<SlackJob, { kind: 'diagnose' }>,
    view: MessageView,
  ): Promise<void> {
    if (job.responseUrl && this.deps.respond) return this.deps.respond(job.responseUrl, view);
    await this.post(await this.dmChannel(job.requesterId), view);
  }

  private now(): string {
    return new Date(this.deps.diagnosis.clock.now()).toISOString();
  }

  private async diagnose(job: Extract<SlackJob, { kind: 'diagnose' }>, log: Logger): Promise<void> {
    const { store, approvers } = this.deps;
    const clicked = job.checkId ? await store.get(job.checkId) : undefined;
    if (job.checkId && !clicked) throw new Error(`no ticket ${job.checkId}`);
    const targetId = clicked?.subjectSlackId ?? job.targetId;
    const forSomeoneElse = targetId !== job.requesterId;
    if (
      clicked &&
      clicked.requesterId !== job.requesterId &&
      clicked.subjectSlackId !== job.requesterId &&
      !(await approvers.isApprover(job.requesterId))
    ) {
      return this.answerPrivately(job, buildRefusalView({ reason: 'not-an-approver' }));
    }
    if (forSomeoneElse && !(await approvers.isApprover(job.requesterId))) {
      log.info({ targetId }, 'refused: only approvers may diagnose someone else');
      return this.answerPrivately(job, buildRefusalView({ reason: 'not-an-approver' }));
    }

    const who = await identifySlackUser(this.deps.client, targetId, this.deps.identity);
    if (who.kind !== 'found') return this.answerPrivately(job, buildNoEmailView());

    // One ticket per person: someone who asks again while their ticket is open gets a fresh diagnosis
    // on it, and an approver looking into a person who already asked attaches to that person's ticket
    // (answered in the approver's own DM, said so; one card, one resolution note, and "Fixed!" goes to
    // the person). An approver looking into someone with nothing open gets a ticket of their own.
    const open = clicked ? undefined : await store.openFor(targetId);
    const attached = open && open.requesterId !== job.requesterId && forSomeoneElse ? open : undefined;
    let ticket = clicked ?? (open && (open.requesterId === job.requesterId || attached) ? open : undefined);
    if (ticket && (ticket.state === 'approved' || ticket.state === 'fixing')) {
      const channel = attached
        ? await this.dmChannel(job.requesterId)
        : (ticket.dm?.channel ?? (await this.dmChannel(job.requesterId)));
      await this.post(
        channel,
        plainView(
          'A fix for your access is being applied right now; I will tell you here as soon as it is done.',
        ),
        attached ? undefined : ticket.dm?.ts,
      );
      return;
    }

    const parsed = parseCommandText(job.text);
    let request: DiagnosisRequest =
      clicked && !job.text
        ? { ...clicked.request }
        : {
            user: who.identifier,
            ...(parsed.account ? { account: parsed.account } : {}),
            ...(parsed.symptom ? { symptom: parsed.symptom } : {}),
          };
    if (job.symptom) request = { ...request, symptom: job.symptom };
    // Attached with nothing more to go on: the person's own words (account, symptom) still apply.
    if (attached && !parsed.account && !parsed.symptom) request = { ...attached.request };

    if (!ticket) {
      ticket = await store.create(
        {
          id: job.requestId,
          version: 1,
          state: 'created',
          requesterId: job.requesterId,
          subjectSlackId: targetId,
          identifier: who.identifier,
          subjectName: who.name,
          audience: forSomeoneElse ? 'admin' : 'employee',
          request,
          primaryCause: null,
          headline: 'Checking…',
          createdAt: this.now(),
          updatedAt: this.now(),
        },
        { actor: job.requesterId, action: 'created', details: { request } },
      );
    }

    // An attached lookup answers in the approver's DM and leaves the person's own message alone.
    const channel = attached
      ? await this.dmChannel(job.requesterId)
      : (ticket.dm?.channel ?? (await this.dmChannel(job.requesterId)));
    const asked = parsed.rest || undefined;
    let ts = attached ? undefined : ticket.dm?.ts;
    const total = this.deps.diagnosis.checks?.length ?? 0;
    const firstView = buildProgressView({ done: 0, total, ...(asked ? { asked } : {}) });
    if (ts) await this.update(channel, ts, firstView);
    else if (attached) ts = await this.post(channel, firstView);
    else {
      ts = await this.post(channel, firstView);
      // Recorded at once: if this diagnosis dies, the sweeper can still tell the person in this message.
      const posted = ts;
      ticket = await changeLatest(store, ticket.id, (current) => ({
        from: current.state,
        to: current.state,
        expectedVersion: current.version,
        patch: { dm: { channel, ts: posted } },
      }));
    }

    const adminsTold = Boolean(this.deps.adminChannelId && this.deps.setupAlerts);
    let report: DiagnosisReport;
    try {
      report = await this.runWithProgress(request, channel, ts, asked, log).catch(async (error: unknown) => {
        if (!(error instanceof UnknownAccountError) || !request.account) throw error;
        // Not an account after all: treat what they typed as the error message they see.
        request = { user: request.user, symptom: parsed.rest };
        return this.runWithProgress(request, channel, ts as string, asked, log);
      });
    } catch (error) {
      if (!(error instanceof IdentityCenterUnreachableError)) throw error;
      // Nothing was read, so nothing is said about the person's access; the admins hear why.
      log.error(
        { action: error.action, code: error.errorCode, ticketId: ticket.id },
        'Identity Center unreadable',
      );
      await this.deps.setupAlerts?.report([unreachableFailure(error)]);
      await this.update(channel, ts, buildCannotCheckView({ adminsTold }));
      if (attached) return;
      await changeLatest(store, ticket.id, (current) => ({
        from: ['created'],
        to: 'closed',
        expectedVersion: current.version,
        patch: { headline: 'Could not check: AWS could not be reached' },
        audit: {
          actor: 'bot',
          action: 'not-diagnosed',
          details: { action: error.action, code: error.errorCode },
        },
      })).catch((closeError: unknown) =>
        log.warn({ err: closeError, ticketId: ticket?.id }, 'could not close the ticket'),
      );
      return;
    }
    await this.deps.setupAlerts?.report(setupFailuresOf(report));

    const headline = report.findings[0]
      ? employeeHeadline(report.findings[0], { subject: report.subject, request })
      : explainNothingFound(reportCoverage(report), { adminsTold }).headline;
    // The ticket may have moved on while the checks ran (its approval card was posted, say): the fresh
    // report applies to whatever version is current, so re-read and retry a lost race.
    ticket = await changeLatest(store, ticket.id, (current) => ({
      from: ['created', 'diagnosed', 'awaiting-approval', 'fix-failed'],
      to: current.state === 'awaiting-approval' ? 'awaiting-approval' : 'diagnosed',
      expectedVersion: current.version,
      patch: {
        request,
        report,
        primaryCause: report.primaryCause,
        headline,
        ...(attached ? {} : { dm: { channel, ts: ts as string } }),
      },
      audit: {
        actor: job.requesterId,
        action: 'diagnosed',
        details: {
          ...(attached ? { attachedBy: job.requesterId } : {}),
          primaryCause: report.primaryCause,
          awsCalls: report.stats.awsCalls,
          checks: report.checks.length,
          complete: report.coverage.complete,
          gaps: report.coverage.gaps.map((g) => g.check),
        },
      },
    }));
    await this.update(
      channel,
      ts,
      buildReportView({
        report,
        audience: attached ? 'admin' : ticket.audience,
        reportId: ticket.id,
        offerSymptomMenu: !request.symptom,
        adminsTold,
        ...(forSomeoneElse ? { forSomeoneElse: { name: who.name } } : {}),
        ...(attached ? { attachedTo: { name: who.name, askedAt: attached.createdAt } } : {}),
        ...(this.deps.adminChannelId ? {} : { nobodyToAsk: true }),
      }),
    );
    log.info(
      {
        ticketId: ticket.id,
        primaryCause: report.primaryCause,
        awsCalls: report.stats.awsCalls,
        durationMs: report.stats.durationMs,
        complete: report.coverage.complete,
        gaps: report.coverage.gaps.length,
      },
      'diagnosed',
    );
    await this.deps.flow.requestApproval(ticket);
  }

  private async runWithProgress(
    request: DiagnosisRequest,
    channel: string,
    ts: string,
    asked: string | undefined,
    log: Logger,
  ): Promise<DiagnosisReport> {
    const interval = this.deps.progressIntervalMs ?? 1000;
    let lastUpdate = 0;
    let pending: Promise<void> = Promise.resolve();
    const onProgress = (event: ProgressEvent) => {
      if (event.kind !== 'check-finished' || event.done === event.total) return;
      const now = performance.now();
      if (now - lastUpdate < interval) return;
      lastUpdate = now;
      // Progress updates are best effort and never delay the diagnosis.
      pending = pending
        .then(() =>
          this.update(
            channel,
            ts,
            buildProgressView({ done: event.done, total: event.total, ...(asked ? { asked } : {}) }),
          ),
        )
        .catch((error: unknown) => log.warn({ err: error }, 'progress update failed'));
    };
    const report = await diagnose(request, { ...this.deps.diagnosis, onProgress });
    await pending;
    return report;
  }

  private async loadForClicker(ticketId: string, clickerId: string): Promise<Ticket | undefined> {
    const ticket = await this.deps.store.get(ticketId);
    if (!ticket) return undefined;
    if (ticket.requesterId === clickerId || ticket.subjectSlackId === clickerId) return ticket;
    return (await this.deps.approvers.isApprover(clickerId)) ? ticket : undefined;
  }

  private async getHuman(job: Extract<SlackJob, { kind: 'get-human' }>): Promise<void> {
    const ticket = await this.loadForClicker(job.checkId, job.clickerId);
    if (!ticket?.report) return this.notYours(job.clickerId);
    const thread = ticket.dm;
    if (!this.deps.adminChannelId) {
      this.deps.logger.warn(
        { requestId: job.requestId },
        'Get a human clicked but ADMIN_CHANNEL_ID is not set',
      );
      if (thread) await this.post(thread.channel, buildErrorView({ reference: job.requestId }), thread.ts);
      return;
    }
    await this.post(
      this.deps.adminChannelId,
      buildHumanRequestView({
        requesterId: ticket.requesterId,
        subjectName: ticket.subjectName,
        report: ticket.report,
        reportId: ticket.id,
      }),
    );
    if (OPEN_STATES.includes(ticket.state)) {
      // Against the fresh ticket: a card posted meanwhile (a new version) must not lose the escalation.
      await changeLatest(this.deps.store, ticket.id, (current) => ({
        from: current.state,
        to: current.state,
        expectedVersion: current.version,
        patch: { escalatedAt: this.now() },
        audit: { actor: job.clickerId, action: 'escalated' },
      })).catch((error: unknown) =>
        this.deps.logger.warn({ err: error, ticketId: ticket.id }, 'could not record the escalation'),
      );
    }
    if (thread) await this.post(thread.channel, buildHumanRequestedView(), thread.ts);
  }

  private async itWorks(job: Extract<SlackJob, { kind: 'it-works' }>): Promise<void> {
    const ticket = await this.loadForClicker(job.checkId, job.clickerId);
    if (!ticket) return this.notYours(job.clickerId);
    const resolved = await this.deps.flow.worksNow(ticket.id, job.clickerId);
    if (resolved?.dm) await this.post(resolved.dm.channel, buildThanksView(), resolved.dm.ts);
  }

  /** Someone pressed a button on a report that is not theirs (a forwarded message, say): nothing changes. */
  private async notYours(userId: string): Promise<void> {
    await this.post(
      await this.dmChannel(userId),
      plainView('That report is about someone else’s access, so I changed nothing.'),
    );
  }

  private async publishHome(userId: string): Promise<void> {
    const isAdmin = await this.deps.approvers.isApprover(userId);
    const recentChecks = (await this.deps.store.forSubject(userId, 10)).map(recentOf);
    const since = new Date(this.deps.diagnosis.clock.now() - 30 * 24 * 3600_000).toISOString();
    const [open, awaiting, closed] = isAdmin
      ? await Promise.all([
          this.deps.store.open(40),
          this.deps.store.inState('awaiting-approval', 20),
          this.deps.store.closedSince(since),
        ])
      : [[], [], []];
    const home = buildHomeView({
      isAdmin,
      recentChecks,
      openItems: open.map(recentOf),
      pendingApprovals: awaiting.map(recentOf),
      stats: causeStats(closed),
    });
    const drift = isAdmin && this.deps.drift ? await this.deps.drift.homeBlocks(userId) : [];
    await this.deps.client.views.publish({
      user_id: userId,
      view: { ...home, blocks: [...home.blocks, ...drift].slice(0, 100) },
    });
  }
}

export const newRequestId = (): string => randomUUID();
