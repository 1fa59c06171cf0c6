import { loadConfig } from '../config/env';
import { systemClock } from '../lib/clock';
import { openTicketStore } from '../tickets/open-store';
import { type CliIo, UsageError } from './io';

/** `cant-login audit [--since <date>] [--json]`: the append-only audit trail, oldest first. */
export async function runAudit(options: { since?: string; json?: boolean }, io: CliIo): Promise<number> {
  const config = loadConfig(io.env);
  const sinceMs = options.since ? Date.parse(options.since) : systemClock.now() - 30 * 24 * 3600_000;
  if (Number.isNaN(sinceMs))
    throw new UsageError(
      `--since ${options.since}: expected a date such as 2026-11-01 or 2026-11-01T09:00:00Z`,
    );
  const store = await openTicketStore({
    ...(config.TICKETS_TABLE ? { tableName: config.TICKETS_TABLE } : {}),
    dataDir: config.DATA_DIR,
    ...(config.AWS_REGION ? { region: config.AWS_REGION } : {}),
    clock: systemClock,
    retention: { ticketDays: config.TICKET_RETENTION_DAYS, auditDays: config.AUDIT_RETENTION_DAYS },
  });
  try {
    const events = await store.auditSince(new Date(sinceMs).toISOString());
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
  } finally {
    await store.close();
  }
}
