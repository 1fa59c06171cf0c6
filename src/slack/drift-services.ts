import type { webApi } from '@slack/bolt';
import type { AwsClients } from '../aws';
import type { AppConfig } from '../config/env';
import type { KnownPrincipal, PrincipalMemory } from '../diagnosis/facts/principal-memory';
import type { DriftRepairDeps } from '../drift/repair';
import { openDriftStore } from '../drift/store';
import { DEFAULT_POLL } from '../fixes/types';
import { InMemoryInventoryStore, openInventoryStore } from '../inventory/inventory-store';
import type { Clock } from '../lib/clock';
import type { Logger } from '../log/logger';
import type { TicketStore } from '../tickets/store';
import type { Approvers } from './approvers';
import { DriftSlack } from './drift';
import { respondViaUrl } from './worker';

/** Builds the drift glue from the configuration, next to the ticket flow (same stores, clients, approvers). */
export async function buildDriftSlack(
  config: AppConfig,
  parts: {
    client: webApi.WebClient;
    tickets: TicketStore;
    approvers: Approvers;
    reader: AwsClients;
    writer: DriftRepairDeps['writer'];
    guard: DriftRepairDeps['guard'];
    memory: PrincipalMemory;
    clock: Clock;
    logger: Logger;
    region: string;
    /** The sandbox snapshot's knownPrincipals (the inventory's earlier names when there is no table). */
    knownPrincipals: KnownPrincipal[];
  },
): Promise<DriftSlack> {
  const tableName = config.TICKETS_TABLE;
  const inventory = tableName
    ? await openInventoryStore({ tableName, region: parts.region, clock: parts.clock })
    : new InMemoryInventoryStore(parts.knownPrincipals);
  const drifts = await openDriftStore({
    ...(tableName ? { tableName } : {}),
    region: parts.region,
    clock: parts.clock,
  });
  return new DriftSlack({
    client: parts.client,
    tickets: parts.tickets,
    drifts,
    approvers: parts.approvers,
    identity: {
      ...(config.SLACK_EMAIL_DOMAIN_REWRITE ? { emailDomainRewrite: config.SLACK_EMAIL_DOMAIN_REWRITE } : {}),
      ...(config.SLACK_IDENTITY_FIELD ? { profileField: config.SLACK_IDENTITY_FIELD } : {}),
    },
    reader: parts.reader,
    writer: parts.writer,
    guard: parts.guard,
    inventory,
    learnNames: !tableName,
    memory: parts.memory,
    clock: parts.clock,
    logger: parts.logger,
    poll: DEFAULT_POLL,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    region: parts.region,
    ...(config.IDENTITY_CENTER_INSTANCE_ARN ? { instanceArn: config.IDENTITY_CENTER_INSTANCE_ARN } : {}),
    ...(config.ADMIN_CHANNEL_ID ? { adminChannelId: config.ADMIN_CHANNEL_ID } : {}),
    notifyAffected: config.NOTIFY_AFFECTED,
    approvalExpiryHours: config.APPROVAL_EXPIRY_HOURS,
    // A scheduled run stops well inside its interval and saves its cursor for the next one.
    scanBudgetMs: Math.max(60_000, config.DRIFT_SCAN_INTERVAL_MINUTES * 60_000 * 0.8),
    respond: respondViaUrl,
  });
}
