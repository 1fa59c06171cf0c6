import { InMemoryPrincipalMemory } from '../diagnosis/facts/principal-memory';
import type { Clock } from '../lib/clock';
import { applyChange, ttlAfter } from './change';
import { DEFAULT_RETENTION, type Retention, type TicketChange, type TicketStore } from './store';
import { type AuditEvent, OPEN_STATES, type Ticket, TicketConflictError, type TicketState } from './types';

const byUpdatedDesc = (a: Ticket, b: Ticket) => b.updatedAt.localeCompare(a.updatedAt);

/** The ticket store in process memory: for tests and for a bot that keeps nothing between restarts. */
export class InMemoryTicketStore implements TicketStore {
  private readonly tickets = new Map<string, Ticket>();
  private readonly audit: AuditEvent[] = [];
  readonly principals = new InMemoryPrincipalMemory();
  private readonly jobs = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly retention: Retention = DEFAULT_RETENTION,
  ) {}

  async create(ticket: Ticket, audit: Omit<AuditEvent, 'ticketId' | 'at' | 'ttl'>): Promise<Ticket> {
    if (this.tickets.has(ticket.id))
      throw new TicketConflictError(`ticket ${ticket.id} already exists`, this.tickets.get(ticket.id));
    const now = this.clock.now();
    const stored = { ...ticket, ttl: ttlAfter(now, this.retention.ticketDays) };
    this.tickets.set(ticket.id, structuredClone(stored));
    this.audit.push({
      ...audit,
      ticketId: ticket.id,
      at: new Date(now).toISOString(),
      ttl: ttlAfter(now, this.retention.auditDays),
    });
    return structuredClone(stored);
  }

  async get(id: string): Promise<Ticket | undefined> {
    const t = this.tickets.get(id);
    return t ? structuredClone(t) : undefined;
  }

  async change(id: string, change: TicketChange): Promise<Ticket> {
    const { next, audit } = applyChange(this.tickets.get(id), id, change, this.clock, this.retention);
    this.tickets.set(id, structuredClone(next));
    if (audit) this.audit.push(audit);
    return structuredClone(next);
  }

  async forSubject(slackUserId: string, limit: number): Promise<Ticket[]> {
    return [...this.tickets.values()]
      .filter((t) => t.subjectSlackId === slackUserId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit)
      .map((t) => structuredClone(t));
  }

  async inState(state: TicketState, limit: number): Promise<Ticket[]> {
    return [...this.tickets.values()]
      .filter((t) => t.state === state)
      .sort(byUpdatedDesc)
      .slice(0, limit)
      .map((t) => structuredClone(t));
  }

  async *eachInState(state: TicketState): AsyncIterable<Ticket> {
    const due = [...this.tickets.values()]
      .filter((t) => t.state === state)
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
    for (const t of due) yield structuredClone(t);
  }

  async open(limit: number): Promise<Ticket[]> {
    return [...this.tickets.values()]
      .filter((t) => OPEN_STATES.includes(t.state))
      .sort(byUpdatedDesc)
      .slice(0, limit)
      .map((t) => structuredClone(t));
  }

  async openFor(slackUserId: string): Promise<Ticket | undefined> {
    return (await this.forSubject(slackUserId, 50)).find((t) => OPEN_STATES.includes(t.state));
  }

  async closedSince(sinceIso: string): Promise<Ticket[]> {
    return [...this.tickets.values()]
      .filter((t) => !OPEN_STATES.includes(t.state) && Date.parse(t.updatedAt) >= Date.parse(sinceIso))
      .sort(byUpdatedDesc)
      .map((t) => structuredClone(t));
  }

  async auditOf(ticketId: string): Promise<AuditEvent[]> {
    return this.audit.filter((e) => e.ticketId === ticketId).map((e) => structuredClone(e));
  }

  async auditSince(sinceIso: string): Promise<AuditEvent[]> {
    return this.audit.filter((e) => Date.parse(e.at) >= Date.parse(sinceIso)).map((e) => structuredClone(e));
  }

  async jobSeen(requestId: string): Promise<boolean> {
    return this.jobs.has(requestId);
  }

  async rememberJob(requestId: string): Promise<void> {
    this.jobs.add(requestId);
  }

  async close(): Promise<void> {}
}
