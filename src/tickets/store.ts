import type { PrincipalMemory } from '../diagnosis/facts/principal-memory';
import type { AuditEvent, Ticket, TicketState } from './types';

/** How a change to a ticket is made: from which state(s), at which version, to what, and why. */
export interface TicketChange {
  /** The state the caller believes the ticket is in (one of them). */
  from: TicketState | readonly TicketState[];
  to: TicketState;
  expectedVersion: number;
  /** Fields to set (never id, version or state). */
  patch?: Partial<Omit<Ticket, 'id' | 'version' | 'state'>>;
  /** The audit event, written in the same conditional write as the change. Omitted only for a fix run's
   * heartbeat, which changes nothing anyone audits. A change of state always has one. */
  audit?: Omit<AuditEvent, 'ticketId' | 'at' | 'from' | 'to' | 'ttl'>;
}

/** Retention, set at write time as a TTL attribute. */
export interface Retention {
  ticketDays: number;
  auditDays: number;
}

export const DEFAULT_RETENTION: Retention = { ticketDays: 180, auditDays: 400 };

/**
 * Where tickets, their audit trail and the bot's memory of principals live. Every change is a
 * conditional write on the ticket's version and expected state, so double clicks, retries and racing
 * approvers cannot both succeed; the loser gets a TicketConflictError with the current ticket.
 * Audit events are appended, never updated or deleted.
 */
export interface TicketStore {
  /** Stores a new ticket (fails if the id exists) and its first audit event. */
  create(ticket: Ticket, audit: Omit<AuditEvent, 'ticketId' | 'at' | 'ttl'>): Promise<Ticket>;
  get(id: string): Promise<Ticket | undefined>;
  /** Moves a ticket to another state (or the same one, for updates), atomically with its version. */
  change(id: string, change: TicketChange): Promise<Ticket>;
  /** The subject's tickets, newest first ("my tickets"). */
  forSubject(slackUserId: string, limit: number): Promise<Ticket[]>;
  /** Tickets in one state, most recently updated first ("awaiting approval", sweeps). */
  inState(state: TicketState, limit: number): Promise<Ticket[]>;
  /** Every ticket in one state, least recently updated first, page by page with no cap (the sweeper:
   * the oldest are the ones due first). */
  eachInState(state: TicketState): AsyncIterable<Ticket>;
  /** Every ticket not in a terminal state, most recently updated first. */
  open(limit: number): Promise<Ticket[]>;
  /** The subject's most recent open ticket, if any (a new /cant-login reuses it). */
  openFor(slackUserId: string): Promise<Ticket | undefined>;
  /** Tickets resolved (or otherwise closed) since a time, for statistics. */
  closedSince(sinceIso: string): Promise<Ticket[]>;
  /** One ticket's audit trail, oldest first. */
  auditOf(ticketId: string): Promise<AuditEvent[]>;
  /** Every audit event since a time, oldest first (the audit export). */
  auditSince(sinceIso: string): Promise<AuditEvent[]>;
  /** Whether a queued job (by its request id) was already handled: a job sent again is refused. */
  jobSeen(requestId: string): Promise<boolean>;
  /** Records a job as handled (kept a day, longer than any job stays valid). */
  rememberJob(requestId: string): Promise<void>;
  /** The bot's memory of principals, kept in the same place. */
  principals: PrincipalMemory;
  close(): Promise<void>;
}
