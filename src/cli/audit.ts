import { readAuditTrail } from '../audit/trail';
import { createDynamoDbClient } from '../aws/dynamodb';
import { loadConfig } from '../config/env';
import { systemClock } from '../lib/clock';
import { openTicketStore } from '../tickets/open-store';
import type { AuditEvent } from '../tickets/types';
import { type CliIo, UsageError } from './io';

/** `cant-login audit [--since <date>] [--json]`: the append-only audit trail, oldest first: the trail table
 * (AUDIT_TABLE) when the deployment has one, else the events kept with each ticket. */
export async function runAudit(options: { since?: string; json?: boolean }, io: CliIo): Promise<number> {
  const config = loadConfig(io.env);
  const sinceMs = options.since ? Date.parse(options.since) : systemClock.now() - 30 * 24 * 3600_000;
  if (Number.isNaN(sinceMs))
    throw new UsageError(
      `--since ${options.since}: expected a date such as 2026-11-01 or 2026-11-01T09:00:00Z`,
    );
  if (config.AUDIT_TABLE) {
    // The long-term trail (the worker cannot rewrite it), when the deployment has one.
    if (!config.AWS_REGION) throw new UsageError('AWS_REGION is required to read AUDIT_TABLE');
    const ddb = createDynamoDbClient({ region: config.AWS_REGION });
    try {
      const events = await readAuditTrail(
        ddb,
        config.AUDIT_TABLE,
        new Date(sinceMs).toISOString(),
        systemClock.now(),
      );
      return print(events, sinceMs, options, io);
    } finally {
      ddb.destroy();
    }
  }
  const store = await openTicketStore({
    ...(config.TICKETS_TABLE ? { tableName: config.TICKETS_TABLE } : {}),
    dataDir: config.DATA_DIR,
    ...(config.AWS_REGION ? { region: config.AWS_REGION } : {}),
    clock: systemClock,
    retention: { ticketDays: config.TICKET_RETENTION_DAYS, auditDays: config.AUDIT_RETENTION_DAYS },
  });
  try {
    return print(await store.auditSince(new Date(sinceMs).toISOString()), sinceMs, options, io);
  } finally {
    await store.close();
  }
}

function print(events: AuditEvent[], sinceMs: number, options: { json?: boolean }, io: CliIo): number {
  if (options.json) {
    io.out(
      JSON.stringify(
        events.map(({ ttl: _ttl, ...e }) => e),
        null,
        2,
      ),
    );
    return 0;
  }
  if (events.length === 0) {
    io.out(`No audit events since ${new Date(sinceMs).toISOString()}.`);
    return 0;
  }
  for (const e of events) {
    const move = e.from && e.to ? ` ${e.from} → ${e.to}` : '';
    const details = e.details && Object.keys(e.details).length > 0 ? ` ${JSON.stringify(e.details)}` : '';
    io.out(`${e.at}  ticket ${e.ticketId}  ${e.actor}  ${e.action}${move}${details}`);
  }
  return 0;
}
