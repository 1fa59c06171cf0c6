import type { webApi } from '@slack/bolt';
import type { DryRun } from '../fixes/dry-run';
import type { Logger } from '../log/logger';
import type { Ticket } from '../tickets/types';
import type { CardRef, CardStatus, Notifier, PersonUpdate, ResolvedNote } from '../workflow/types';
import {
  buildApprovalCardView,
  buildFixUpdateView,
  buildResolvedNoteView,
  type SelectMenus,
} from './views/approval';
import { buildErrorView } from './views/notices';
import { buildReportView } from './views/report';
import type { MessageView } from './views/types';

/** The workflow's notifier on Slack: renders with the view builders and posts through the Web API. A
 * failed post never fails the workflow (it is logged with the ticket), except a new approval card, whose
 * reference the workflow must record. */
export class SlackNotifier implements Notifier {
  constructor(
    private readonly deps: {
      client: webApi.WebClient;
      logger: Logger;
      adminChannelId?: string | undefined;
      notifyChannelId?: string | undefined;
      /** The card's pickers: `static` where the options load URL is not set (SLACK_SELECT_MENUS). */
      selects?: SelectMenus;
    },
  ) {}

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

  private warn(error: unknown, ticket: Ticket, what: string): void {
    this.deps.logger.warn({ err: error, ticketId: ticket.id }, what);
  }

  async showCard(ticket: Ticket, dryRun: DryRun, status: CardStatus): Promise<CardRef | undefined> {
    if (!ticket.report) return undefined;
    const view = buildApprovalCardView({
      ticket,
      report: ticket.report,
      dryRun,
      status,
      selects: this.deps.selects ?? 'external',
    });
    const card = ticket.approval?.card;
    if (card) {
      await this.update(card.channel, card.ts, view).catch((e: unknown) =>
        this.warn(e, ticket, 'could not update the approval card'),
      );
      return card;
    }
    if (!this.deps.adminChannelId) return undefined;
    const ts = await this.post(this.deps.adminChannelId, view);
    return { channel: this.deps.adminChannelId, ts };
  }

  async tellPerson(ticket: Ticket, update: PersonUpdate): Promise<void> {
    if (ticket.dm) {
      await this.post(ticket.dm.channel, buildFixUpdateView(update), ticket.dm.ts).catch((e: unknown) =>
        this.warn(e, ticket, 'could not update the person'),
      );
    }
    // An approver's own ticket about someone else: the person whose access it was hears that it is fixed.
    if (update.kind === 'resolved' && ticket.subjectSlackId !== ticket.requesterId) {
      try {
        const dm = await this.deps.client.conversations.open({ users: ticket.subjectSlackId });
        if (dm.channel?.id) await this.post(dm.channel.id, buildFixUpdateView(update));
      } catch (e) {
        this.warn(e, ticket, 'could not tell the person their access is fixed');
      }
    }
  }

  async refreshReport(ticket: Ticket): Promise<void> {
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
    ).catch((e: unknown) => this.warn(e, ticket, 'could not refresh the report'));
  }

  async notifyResolved(note: ResolvedNote): Promise<void> {
    if (!this.deps.notifyChannelId) return;
    await this.post(this.deps.notifyChannelId, buildResolvedNoteView(note)).catch((e: unknown) =>
      this.deps.logger.warn({ err: e, subject: note.subjectId }, 'could not post the resolved note'),
    );
  }

  async remindApprovers(ticket: Ticket): Promise<void> {
    const card = ticket.approval?.card;
    if (!card) return;
    await this.post(
      card.channel,
      { text: 'Reminder: this fix is still waiting for an approver.', blocks: [] },
      card.ts,
    ).catch((e: unknown) => this.warn(e, ticket, 'could not remind the approvers'));
  }

  async reportStuck(ticket: Ticket, reason: string): Promise<void> {
    this.deps.logger.error({ ticketId: ticket.id, reason }, 'a diagnosis never finished; ticket closed');
    if (!ticket.dm) return;
    await this.update(ticket.dm.channel, ticket.dm.ts, buildErrorView({ reference: ticket.id })).catch(
      (e: unknown) => this.warn(e, ticket, 'could not tell the person their check did not finish'),
    );
  }
}
