import { randomUUID } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import { type DiagnoseDeps, diagnose } from '../diagnosis/diagnose';
import { UnknownAccountError } from '../diagnosis/facts/facts';
import type { ProgressEvent } from '../diagnosis/runner';
import type { DiagnosisReport, DiagnosisRequest } from '../diagnosis/types';
import { employeeHeadline } from '../explain';
import type { Logger } from '../log/logger';
import type { Approvers } from './approvers';
import type { CheckRecord, CheckStore } from './check-store';
import { parseCommandText } from './command-text';
import { type IdentityOptions, identifySlackUser } from './identity';
import type { SlackJob } from './jobs';
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
import type { MessageView, RecentCheck } from './views/types';

/** What the worker needs; everything is passed in. */
export interface SlackWorkerDeps {
  client: webApi.WebClient;
  diagnosis: Omit<DiagnoseDeps, 'onProgress'>;
  store: CheckStore;
  approvers: Approvers;
  identity: IdentityOptions;
  logger: Logger;
  adminChannelId?: string;
  /** Posts a message to a slash command's response_url (ephemeral where the command was typed). */
  respond?: (responseUrl: string, message: MessageView) => Promise<void>;
  /** Least time between two progress updates of one message (Slack allows about one a second). */
  progressIntervalMs?: number;
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

/**
 * Does the slow part of every Slack interaction after the listener has acknowledged: identifies the
 * person, runs the diagnosis with live progress in their DM, renders the report, escalates to admins.
 * Any failure ends in a friendly message to the person and an error log with the request id.
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
      }
    } catch (error) {
      log.error({ err: error }, 'slack job failed');
      await this.tellAboutFailure(job).catch((e: unknown) =>
        log.error({ err: e }, 'could not tell the person about the failure'),
      );
    }
  }

  private async tellAboutFailure(job: SlackJob): Promise<void> {
    const who =
      job.kind === 'diagnose' ? job.requesterId : job.kind === 'publish-home' ? undefined : job.clickerId;
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

  /** Answers privately where the command was typed, or in the DM when there is no response_url. */
  private async answerPrivately(
    job: Extract<SlackJob, { kind: 'diagnose' }>,
    view: MessageView,
  ): Promise<void> {
    if (job.responseUrl && this.deps.respond) return this.deps.respond(job.responseUrl, view);
    await this.post(await this.dmChannel(job.requesterId), view);
  }

  private async diagnose(job: Extract<SlackJob, { kind: 'diagnose' }>, log: Logger): Promise<void> {
    const previous = job.checkId ? await this.deps.store.get(job.checkId) : undefined;
    if (job.checkId && !previous) throw new Error(`no check ${job.checkId}`);
    const targetId = previous?.subjectSlackId ?? job.targetId;
    const forSomeoneElse = targetId !== job.requesterId;
    if (
      previous &&
      previous.requesterId !== job.requesterId &&
      !(await this.deps.approvers.isApprover(job.requesterId))
    ) {
      return this.answerPrivately(job, buildRefusalView({ reason: 'not-an-approver' }));
    }
    if (forSomeoneElse && !(await this.deps.approvers.isApprover(job.requesterId))) {
      log.info({ targetId }, 'refused: only approvers may diagnose someone else');
      return this.answerPrivately(job, buildRefusalView({ reason: 'not-an-approver' }));
    }

    const who = await identifySlackUser(this.deps.client, targetId, this.deps.identity);
    if (who.kind !== 'found') {
      return this.answerPrivately(job, buildNoEmailView());
    }

    const parsed = parseCommandText(job.text);
    let request: DiagnosisRequest = previous
      ? { ...previous.request }
      : {
          user: who.identifier,
          ...(parsed.account ? { account: parsed.account } : {}),
          ...(parsed.symptom ? { symptom: parsed.symptom } : {}),
        };
    if (job.symptom) request = { ...request, symptom: job.symptom };

    const channel = previous?.dm?.channel ?? (await this.dmChannel(job.requesterId));
    const asked = parsed.rest || undefined;
    let ts = previous?.dm?.ts;
    const total = this.deps.diagnosis.checks?.length;
    const firstView = buildProgressView({ done: 0, total: total ?? 0, ...(asked ? { asked } : {}) });
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

    const now = new Date(this.deps.diagnosis.clock.now()).toISOString();
    const audience = forSomeoneElse ? 'admin' : 'employee';
    const record: CheckRecord = {
      id: previous?.id ?? job.requestId,
      requesterId: job.requesterId,
      subjectSlackId: targetId,
      identifier: who.identifier,
      subjectName: who.name,
      audience,
      request,
      primaryCause: report.primaryCause,
      headline: report.findings[0]
        ? employeeHeadline(report.findings[0], { subject: report.subject, request })
        : 'Everything looked fine.',
      status: previous?.status === 'escalated' ? 'escalated' : 'open',
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
      dm: { channel, ts },
      report,
    };
    await this.deps.store.put(record);
    await this.update(
      channel,
      ts,
      buildReportView({
        report,
        audience,
        reportId: record.id,
        offerSymptomMenu: !request.symptom,
        ...(forSomeoneElse ? { forSomeoneElse: { name: who.name } } : {}),
      }),
    );
    log.info(
      {
        primaryCause: report.primaryCause,
        awsCalls: report.stats.awsCalls,
        durationMs: report.stats.durationMs,
      },
      'diagnosed',
    );
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

  private async loadForClicker(checkId: string, clickerId: string): Promise<CheckRecord | undefined> {
    const record = await this.deps.store.get(checkId);
    if (!record) return undefined;
    if (record.requesterId === clickerId || record.subjectSlackId === clickerId) return record;
    return (await this.deps.approvers.isApprover(clickerId)) ? record : undefined;
  }

  private async getHuman(job: Extract<SlackJob, { kind: 'get-human' }>): Promise<void> {
    const record = await this.loadForClicker(job.checkId, job.clickerId);
    if (!record?.report) throw new Error(`no check ${job.checkId} for ${job.clickerId}`);
    const thread = record.dm;
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
        requesterId: record.requesterId,
        subjectName: record.subjectName,
        report: record.report,
        reportId: record.id,
      }),
    );
    await this.deps.store.put({
      ...record,
      status: 'escalated',
      updatedAt: new Date(this.deps.diagnosis.clock.now()).toISOString(),
    });
    if (thread) await this.post(thread.channel, buildHumanRequestedView(), thread.ts);
  }

  private async itWorks(job: Extract<SlackJob, { kind: 'it-works' }>): Promise<void> {
    const record = await this.loadForClicker(job.checkId, job.clickerId);
    if (!record) throw new Error(`no check ${job.checkId} for ${job.clickerId}`);
    await this.deps.store.put({
      ...record,
      status: 'resolved',
      updatedAt: new Date(this.deps.diagnosis.clock.now()).toISOString(),
    });
    if (record.dm) await this.post(record.dm.channel, buildThanksView(), record.dm.ts);
  }

  private async publishHome(userId: string): Promise<void> {
    const isAdmin = await this.deps.approvers.isApprover(userId);
    const toRecent = (r: CheckRecord): RecentCheck => ({
      id: r.id,
      slackUserId: r.subjectSlackId,
      subject: r.identifier,
      primaryCause: r.primaryCause,
      headline: r.headline,
      status: r.status,
      at: r.updatedAt,
    });
    const recentChecks = (await this.deps.store.recentFor(userId, 10)).map(toRecent);
    const openItems = isAdmin ? (await this.deps.store.open(20)).map(toRecent) : [];
    await this.deps.client.views.publish({
      user_id: userId,
      view: buildHomeView({ isAdmin, recentChecks, openItems }),
    });
  }
}

export const newRequestId = (): string => randomUUID();
