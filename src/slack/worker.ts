import { randomUUID } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import { type DiagnoseDeps, diagnose } from '../diagnosis/diagnose';
import { UnknownAccountError } from '../diagnosis/facts/facts';
import type { ProgressEvent } from '../diagnosis/runner';
import type { DiagnosisReport, DiagnosisRequest } from '../diagnosis/types';
import { employeeHeadline } from '../explain';
import type { Logger } from '../log/logger';
import type { TicketChange, TicketStore } from '../tickets/store';
import { OPEN_STATES, type Ticket, TicketConflictError } from '../tickets/types';
import type { Approvers } from './approvers';
import { parseCommandText } from './command-text';
import type { DriftSlack } from './drift';
import { type IdentityOptions, identifySlackUser } from './identity';
import type { SlackJob } from './jobs';
import type { TicketFlow } from './ticket-flow';
import { buildHumanRequestView } from './views/admin-request';
import { buildHomeView } from './views/home';
import {
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
  flow: TicketFlow;
  approvers: Approvers;
  identity: IdentityOptions;
  logger: Logger;
  adminChannelId?: string;
  /** Posts a message to a response_url (ephemeral where the command or click happened). */
  respond?: (responseUrl: string, message: MessageView) => Promise<void>;
  /** Least time between two progress updates of one message (Slack allows about one a second). */
  progressIntervalMs?: number;
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

  async handle(job: SlackJob): Promise<void> {
    const log = this.deps.logger.child({ requestId: job.requestId, job: job.kind });
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
            await this.deps.flow.approve(job.ticketId, job.clickerId),
          );
        case 'reject':
          return await this.answer(
            undefined,
            job.clickerId,
            await this.deps.flow.reject(job.ticketId, job.clickerId, job.reason),
          );
        case 'pick':
          return await this.answer(
            job.responseUrl,
            job.clickerId,
            await this.deps.flow.pick(job.ticketId, job.clickerId, job.what, job.value, job.label),
          );
        case 'sweep': {
          const result = await this.deps.flow.sweep();
          log.info(result, 'swept');
          return;
        }
        case 'drift':
          if (!this.deps.drift) throw new Error('drift jobs need the drift services');
          return await this.deps.drift.handle(job);
      }
    } catch (error) {
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
      job.kind === 'diagnose'
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

    // A person who asks again while their ticket is open gets a fresh diagnosis on the same ticket. An
    // approver looking into someone gets a ticket of their own, answered in their own DM.
    const open = clicked ? undefined : await store.openFor(targetId);
    let ticket = clicked ?? (open && open.requesterId === job.requesterId ? open : undefined);
    if (ticket && (ticket.state === 'approved' || ticket.state === 'fixing')) {
      const channel = ticket.dm?.channel ?? (await this.dmChannel(job.requesterId));
      await this.post(
        channel,
        plainView(
          'A fix for your access is being applied right now; I will tell you here as soon as it is done.',
        ),
        ticket.dm?.ts,
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

    const channel = ticket.dm?.channel ?? (await this.dmChannel(job.requesterId));
    const asked = parsed.rest || undefined;
    let ts = ticket.dm?.ts;
    const total = this.deps.diagnosis.checks?.length ?? 0;
    const firstView = buildProgressView({ done: 0, total, ...(asked ? { asked } : {}) });
    if (ts) await this.update(channel, ts, firstView);
    else ts = await this.post(channel, firstView);

    const report = await this.runWithProgress(request, channel, ts, asked, log).catch(
      async (error: unknown) => {
        if (!(error instanceof UnknownAccountError) || !request.account) throw error;
        // Not an account after all: treat what they typed as the error message they see.
        request = { user: request.user, symptom: job.text };
        return this.runWithProgress(request, channel, ts as string, asked, log);
      },
    );

    const headline = report.findings[0]
      ? employeeHeadline(report.findings[0], { subject: report.subject, request })
      : 'Everything looked fine.';
    // The ticket may have moved on while the checks ran (its approval card was posted, say): the fresh
    // report applies to whatever version is current, so re-read and retry a lost race.
    ticket = await changeLatest(store, ticket.id, (current) => ({
      from: ['created', 'diagnosed', 'awaiting-approval', 'fix-failed'],
      to: current.state === 'awaiting-approval' ? 'awaiting-approval' : 'diagnosed',
      expectedVersion: current.version,
      patch: { request, report, primaryCause: report.primaryCause, headline, dm: { channel, ts } },
      audit: {
        actor: job.requesterId,
        action: 'diagnosed',
        details: {
          primaryCause: report.primaryCause,
          awsCalls: report.stats.awsCalls,
          checks: report.checks.length,
        },
      },
    }));
    await this.update(
      channel,
      ts,
      buildReportView({
        report,
        audience: ticket.audience,
        reportId: ticket.id,
        offerSymptomMenu: !request.symptom,
        ...(forSomeoneElse ? { forSomeoneElse: { name: who.name } } : {}),
      }),
    );
    log.info(
      {
        ticketId: ticket.id,
        primaryCause: report.primaryCause,
        awsCalls: report.stats.awsCalls,
        durationMs: report.stats.durationMs,
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
      await this.deps.store
        .change(ticket.id, {
          from: ticket.state,
          to: ticket.state,
          expectedVersion: ticket.version,
          patch: { escalatedAt: this.now() },
          audit: { actor: job.clickerId, action: 'escalated' },
        })
        .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not record the escalation'));
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
