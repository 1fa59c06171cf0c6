import type { Clock } from '../lib/clock';
import type { Retention, TicketChange } from './store';
import {
  type AuditEvent,
  canTransition,
  InvalidTransitionError,
  type Ticket,
  TicketConflictError,
} from './types';

const DAY_S = 24 * 3600;

export function ttlAfter(nowMs: number, days: number): number {
  return Math.floor(nowMs / 1000) + days * DAY_S;
}

/** Checks a change against the ticket as stored and computes the next version; shared by every store so
 * they refuse exactly the same things. */
export function applyChange(
  current: Ticket | undefined,
  id: string,
  change: TicketChange,
  clock: Clock,
  retention: Retention,
): { next: Ticket; audit: AuditEvent | undefined } {
  if (!current) throw new TicketConflictError(`ticket ${id} does not exist`, undefined);
  const from = typeof change.from === 'string' ? [change.from] : change.from;
  if (current.version !== change.expectedVersion || !from.includes(current.state)) {
    throw new TicketConflictError(
      `ticket ${id} is ${current.state} at version ${current.version}, not ${from.join('/')} at version ${change.expectedVersion}`,
      current,
    );
  }
  if (!change.audit && current.state !== change.to) {
    throw new InvalidTransitionError(`a move from ${current.state} to ${change.to} needs an audit event`);
  }
  if (!canTransition(current.state, change.to)) {
    throw new InvalidTransitionError(`a ticket cannot go from ${current.state} to ${change.to}`);
  }
  const now = clock.now();
  const at = new Date(now).toISOString();
  const next: Ticket = {
    ...current,
    ...change.patch,
    id,
    state: change.to,
    version: current.version + 1,
    updatedAt: at,
    ...(change.to === 'resolved' && !current.resolvedAt ? { resolvedAt: at } : {}),
    ttl: ttlAfter(now, retention.ticketDays),
  };
  const audit: AuditEvent | undefined = change.audit && {
    ...change.audit,
    ticketId: id,
    at,
    ...(current.state !== change.to ? { from: current.state, to: change.to } : {}),
    ttl: ttlAfter(now, retention.auditDays),
  };
  return { next, audit };
}
