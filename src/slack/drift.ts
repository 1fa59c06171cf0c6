import type { types, webApi } from '@slack/bolt';
import {
  type AwsClients,
  DescribeOrganizationCommand,
  GetCallerIdentityCommand,
  toAwsCallError,
} from '../aws';
import type { PrincipalMemory } from '../diagnosis/facts/principal-memory';
import { planDigest } from '../drift/digest';
import { type DriftRepairDeps, DriftRepairFlow, type RepairStatus } from '../drift/repair';
import { runDriftScan } from '../drift/scan';
import { reconcile, update } from '../drift/state';
import type { DriftRecord, DriftStore } from '../drift/store';
import type { Drift } from '../drift/types';
import { type DryRun, describeFix } from '../fixes/dry-run';
import type { PollPolicy } from '../fixes/types';
import type { InventoryStore } from '../inventory/inventory-store';
import { resolveInstance } from '../inventory/resolve-instance';
import type { Clock } from '../lib/clock';
import type { Logger } from '../log/logger';
import type { TicketStore } from '../tickets/store';
import type { Ticket } from '../tickets/types';
import type { Approvers } from './approvers';
import type { DriftJob } from './drift-jobs';
import { type IdentityOptions, identifySlackUser } from './identity';
import {
  buildDriftAffectedDmView,
  buildDriftCardView,
  buildDriftDigestView,
  buildDriftHomeBlocks,
  buildDriftRepairedDmView,
  buildDriftTargetsViews,
} from './views/drift';
import type { MessageView } from './views/types';

/** What the drift glue needs; everything passed in. */
export interface DriftSlackDeps {
  client: webApi.WebClient;
  tickets: TicketStore;
  drifts: DriftStore;
  approvers: Pick<Approvers, 'isApprover'>;
  identity: IdentityOptions;
  /** The bot's read-only, rate-limited clients. */
  reader: AwsClients;
  writer: DriftRepairDeps['writer'];
  guard: DriftRepairDeps['guard'];
  inventory: InventoryStore;
  /** The inventory lives in this process only (no table): the drift scan keeps its names itself. */
  learnNames?: boolean;
  memory: PrincipalMemory;
  clock: Clock;
  logger: Logger;
  poll: PollPolicy;
  sleep(ms: number): Promise<void>;
  region: string;
  instanceArn?: string;
  adminChannelId?: string;
  /** NOTIFY_AFFECTED: DM each affected person once, and again when repaired. */
  notifyAffected: boolean;
  approvalExpiryHours: number;
  /** How long one scheduled run may scan before it saves its cursor for the next. */
  scanBudgetMs?: number;
  respond?: (responseUrl: string, message: MessageView) => Promise<void>;
}

/** What a scheduled run did. */
export interface DriftRunSummary {
  done: boolean;
  announced: number;
  resolved: number;
  digestTs?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Drift in Slack: after each scheduled scan, one digest in the admin channel with only what is new (and
 * what got resolved), an approval card per repair in its thread, a DM to each affected person when
 * NOTIFY_AFFECTED is on, the repair decisions, and App Home's list for approvers.
 */
export class DriftSlack {
  readonly flow: DriftRepairFlow;
  private accounts: { managementAccountId?: string; callerAccountId?: string } | undefined;

  constructor(private readonly deps: DriftSlackDeps) {
    this.flow = new DriftRepairFlow({
      tickets: deps.tickets,
      drifts: deps.drifts,
      isApprover: (id) => deps.approvers.isApprover(id),
      identifierOf: async (id) => {
        const who = await identifySlackUser(deps.client, id, deps.identity);
        return who.kind === 'found' ? who.identifier : undefined;
      },
      reader: deps.reader,
      writer: (approverId, ticketId) => deps.writer(approverId, ticketId),
      guard: (fix) => deps.guard(fix),
      accounts: () => this.prepareRepairs(),
      clock: deps.clock,
      sleep: deps.sleep,
      poll: deps.poll,
      logger: deps.logger,
      approvalExpiryHours: deps.approvalExpiryHours,
      onChange: (ticket, record, status) => this.onChange(ticket, record, status),
    });
  }

  async handle(job: DriftJob): Promise<void> {
    if (job.action === 'scan') {
      const swept = await this.flow.sweep();
      if (swept.expired + swept.resumed > 0) this.deps.logger.info({ swept }, 'drift repairs swept');
      const summary = await this.runScheduledScan();
      this.deps.logger.info({ drift: summary }, 'drift scan run');
      return;
    }
    await this.prepareRepairs();
    const answer =
      job.action === 'approve'
        ? await this.flow.approve(job.ticketId, job.clickerId)
        : job.action === 'reject'
          ? await this.flow.reject(job.ticketId, job.clickerId)
          : await this.flow.retry(job.ticketId, job.clickerId);
    if (!answer) return;
    const view = {
      text: answer,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: answer } }],
    } as MessageView;
    if (job.responseUrl && this.deps.respond) await this.deps.respond(job.responseUrl, view);
    else if (this.deps.adminChannelId)
      await this.deps.client.chat.postEphemeral({
        channel: this.deps.adminChannelId,
        user: job.clickerId,
        text: answer,
      });
  }

  /** The management and caller accounts, read once (the risk note and the delegated-admin refusal). */
  private async prepareRepairs(): Promise<{ managementAccountId?: string; callerAccountId?: string }> {
    if (this.accounts) return this.accounts;
    const { reader, logger } = this.deps;
    const [caller, org] = await Promise.all([
      reader.sts.send(new GetCallerIdentityCommand({})).catch((error: unknown) => {
        const e = toAwsCallError(error, 'sts', 'GetCallerIdentity');
        logger.warn({ action: e.action, code: e.code }, 'could not read the caller');
        return undefined;
      }),
      reader.organizations.send(new DescribeOrganizationCommand({})).catch((error: unknown) => {
        const e = toAwsCallError(error, 'organizations', 'DescribeOrganization');
        logger.warn({ action: e.action, code: e.code }, 'could not read the organisation');
        return undefined;
      }),
    ]);
    this.accounts = {
      ...(caller?.Account ? { callerAccountId: caller.Account } : {}),
      ...(org?.Organization?.MasterAccountId
        ? { managementAccountId: org.Organization.MasterAccountId }
        : {}),
    };
    return this.accounts;
  }

  /** One scheduled run: scan (within its budget, resumed next time), record what changed, post the digest. */
  async runScheduledScan(options: { budgetMs?: number } = {}): Promise<DriftRunSummary> {
    const { deps } = this;
    const resolution = await resolveInstance(deps.reader, deps.region, deps.instanceArn);
    if (resolution.kind !== 'found')
      throw new Error(`drift scan: no usable Identity Center instance (${resolution.kind})`);
    const { InstanceArn, IdentityStoreId } = resolution.instance;
    const run = await runDriftScan({
      clients: deps.reader,
      instance: { InstanceArn, IdentityStoreId },
      inventory: deps.inventory,
      memory: deps.memory,
      cursors: deps.drifts,
      ...(deps.learnNames ? { learnNames: true } : {}),
      clock: deps.clock,
      logger: deps.logger,
      ...((options.budgetMs ?? deps.scanBudgetMs) !== undefined
        ? { budgetMs: (options.budgetMs ?? deps.scanBudgetMs) as number }
        : {}),
    });
    if (!run.done) return { done: false, announced: 0, resolved: 0 };
    const accounts = await this.prepareRepairs();
    const managementAccountId = run.report.managementAccountId ?? accounts.managementAccountId;
    await reconcile(deps.drifts, run.report, iso(deps.clock.now()));
    return this.postDigest(IdentityStoreId, managementAccountId);
  }

  /** Posts the digest of what the store holds that was never announced (nothing when nothing changed). */
  async postDigest(identityStoreId: string, managementAccountId?: string): Promise<DriftRunSummary> {
    const { deps } = this;
    const channel = deps.adminChannelId;
    const all = await deps.drifts.all();
    const plan = planDigest(all);
    if (!plan || !channel) {
      if (plan) deps.logger.warn('drifts to announce, but ADMIN_CHANNEL_ID is not set');
      return { done: true, announced: 0, resolved: 0 };
    }
    // Claim each drift for this digest first (conditional): two runs at once never announce one twice.
    const at = iso(deps.clock.now());
    const claim = async (r: DriftRecord, resolved: boolean) =>
      update(deps.drifts, r.id, r, (current) => {
        if (!current) return undefined;
        if (resolved)
          return current.resolutionAnnounced ? undefined : { ...current, resolutionAnnounced: at };
        return current.digest ? undefined : { ...current, digest: { channel, ts: '', at } };
      }).then((next) =>
        resolved ? next.resolutionAnnounced === at : next.digest?.at === at && next.digest.ts === '',
      );
    const announce: DriftRecord[] = [];
    for (const r of plan.announce) if (await claim(r, false)) announce.push(r);
    const resolved: DriftRecord[] = [];
    for (const r of plan.resolved) if (await claim(r, true)) resolved.push(r);
    if (announce.length === 0 && resolved.length === 0) return { done: true, announced: 0, resolved: 0 };
    const view = buildDriftDigestView({ announce, resolved, stillOpen: plan.stillOpen }, managementAccountId);
    let ts: string;
    try {
      ts = (await deps.client.chat.postMessage({ channel, text: view.text, blocks: view.blocks })).ts ?? '';
    } catch (error) {
      // Not posted: give the claims back, so the next run announces these drifts instead.
      for (const r of announce)
        await update(deps.drifts, r.id, await deps.drifts.get(r.id), (c) => {
          if (!c || c.digest?.at !== at) return undefined;
          const { digest: _, ...rest } = c;
          return rest;
        });
      for (const r of resolved)
        await update(deps.drifts, r.id, await deps.drifts.get(r.id), (c) => {
          if (!c || c.resolutionAnnounced !== at) return undefined;
          const { resolutionAnnounced: _, ...rest } = c;
          return rest;
        });
      throw error;
    }
    for (const r of announce) {
      const current = (await deps.drifts.get(r.id)) ?? r;
      const stored = await update(deps.drifts, r.id, current, (c) =>
        c ? { ...c, digest: { channel, ts, at } } : undefined,
      );
      await this.openRepair(stored, identityStoreId, channel, ts, managementAccountId);
      if (deps.notifyAffected) await this.tellAffected(stored, 'broken');
    }
    for (const r of resolved) if (deps.notifyAffected) await this.tellAffected(r, 'repaired');
    return { done: true, announced: announce.length, resolved: resolved.length, digestTs: ts };
  }

  private dryRun(ticket: Ticket, drift: Drift, managementAccountId?: string): DryRun {
    const fix = ticket.approval!.fix;
    return describeFix(
      fix,
      {},
      {
        ...(drift.permissionSet?.name ? { permissionSetName: drift.permissionSet.name } : {}),
        ...(drift.accounts[0]?.name ? { accountName: drift.accounts[0].name } : {}),
        ...(drift.principal?.name ? { principalName: drift.principal.name } : {}),
        ...(managementAccountId ? { managementAccountId } : {}),
        accountNames: Object.fromEntries(drift.accounts.flatMap((a) => (a.name ? [[a.id, a.name]] : []))),
      },
    );
  }

  /** Opens the drift's repair ticket and posts its approval card in the digest's thread. */
  private async openRepair(
    record: DriftRecord,
    identityStoreId: string,
    channel: string,
    threadTs: string,
    managementAccountId?: string,
  ): Promise<void> {
    const ticket = await this.flow.request(record, identityStoreId);
    if (!ticket?.approval || ticket.approval.card) return;
    const dryRun = this.dryRun(ticket, record.drift, managementAccountId);
    const view = buildDriftCardView({
      ticketId: ticket.id,
      drift: record.drift,
      dryRun,
      status: { kind: 'pending' },
      ...(managementAccountId ? { managementAccountId } : {}),
    });
    const posted = await this.deps.client.chat.postMessage({
      channel,
      thread_ts: threadTs,
      text: view.text,
      blocks: view.blocks,
    });
    const card = { channel, ts: posted.ts ?? '' };
    // Never a silent cut: a change longer than the card shows goes whole into the card's thread.
    if (dryRun.lines.length > 20) {
      for (const all of buildDriftTargetsViews(dryRun))
        await this.deps.client.chat.postMessage({
          channel,
          thread_ts: threadTs,
          text: all.text,
          blocks: all.blocks,
        });
    }
    await this.deps.tickets.change(ticket.id, {
      from: 'awaiting-approval',
      to: 'awaiting-approval',
      expectedVersion: ticket.version,
      patch: { approval: { ...ticket.approval, card } },
      audit: { actor: 'bot', action: 'approval-card-posted', details: { card } },
    });
  }

  /** Redraws the card; tells the affected people once it is repaired. */
  private async onChange(
    ticket: Ticket,
    record: DriftRecord | undefined,
    status: RepairStatus,
  ): Promise<void> {
    const card = ticket.approval?.card;
    if (card && record) {
      const view = buildDriftCardView({
        ticketId: ticket.id,
        drift: record.drift,
        dryRun: this.dryRun(ticket, record.drift, this.accounts?.managementAccountId),
        status,
        ...(this.accounts?.managementAccountId
          ? { managementAccountId: this.accounts.managementAccountId }
          : {}),
      });
      await this.deps.client.chat
        .update({ channel: card.channel, ts: card.ts, text: view.text, blocks: view.blocks })
        .catch((error: unknown) =>
          this.deps.logger.warn({ err: error, ticketId: ticket.id }, 'could not update the drift card'),
        );
    }
    if (status.kind === 'resolved' && record && this.deps.notifyAffected)
      await this.tellAffected(record, 'repaired');
  }

  /** DMs every affected person once per drift (and once more when repaired), found by email in Slack. */
  private async tellAffected(record: DriftRecord, what: 'broken' | 'repaired'): Promise<void> {
    const field = what === 'broken' ? 'notified' : 'repairNotified';
    const done = new Set(record[field] ?? []);
    const view =
      what === 'broken' ? buildDriftAffectedDmView(record.drift) : buildDriftRepairedDmView(record.drift);
    // Only people told it was broken hear that it is repaired.
    const people =
      what === 'broken'
        ? record.drift.affectedUsers
        : record.drift.affectedUsers.filter((u) => (record.notified ?? []).includes(u.userId));
    for (const person of people) {
      if (done.has(person.userId) || !person.userName?.includes('@')) continue;
      try {
        const found = await this.deps.client.users.lookupByEmail({ email: person.userName });
        const slackId = found.user?.id;
        if (!slackId) continue;
        // Claim before sending: a second run never sends the same note twice.
        const current = await this.deps.drifts.get(record.id);
        if (!current || (current[field] ?? []).includes(person.userId)) continue;
        await this.deps.drifts.save(
          { ...current, [field]: [...(current[field] ?? []), person.userId] },
          current.version,
        );
        const dm = await this.deps.client.conversations.open({ users: slackId });
        if (dm.channel?.id)
          await this.deps.client.chat.postMessage({
            channel: dm.channel.id,
            text: view.text,
            blocks: view.blocks,
          });
      } catch (error) {
        this.deps.logger.warn({ err: error, drift: record.id }, 'could not tell an affected person');
      }
    }
  }

  /** Where the drifts are kept (App Home, tests). */
  get store(): DriftStore {
    return this.deps.drifts;
  }

  /** App Home's drift section, for approvers only. */
  async homeBlocks(userId: string): Promise<types.KnownBlock[]> {
    if (!(await this.deps.approvers.isApprover(userId))) return [];
    return buildDriftHomeBlocks(await this.deps.drifts.all(), this.accounts?.managementAccountId);
  }
}
