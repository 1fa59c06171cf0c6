import dynamoose from 'dynamoose';
import type { ModelType, ObjectType } from 'dynamoose/dist/General';
import type { Item } from 'dynamoose/dist/Item';
import type { Query } from 'dynamoose/dist/ItemRetriever';
import type { DynamoDB } from '../aws';
import type { KnownPrincipal, PrincipalMemory } from '../diagnosis/facts/principal-memory';
import type { Clock } from '../lib/clock';
import { applyChange, ttlAfter } from './change';
import { DEFAULT_RETENTION, type Retention, type TicketChange, type TicketStore } from './store';
import { keys, TABLE_SHAPE } from './table';
import {
  type AuditEvent,
  OPEN_STATES,
  TERMINAL_STATES,
  type Ticket,
  TicketConflictError,
  type TicketState,
} from './types';

/** One row of the table; every kind of item shares these attributes (single-table design). */
interface Row {
  pk: string;
  sk: string;
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk?: string;
  gsi2sk?: string;
  state?: string;
  version?: number;
  doc: string;
  /** A ticket's audit events (JSON array, oldest first), written in the same conditional write as each
   * change: a crash can never keep the change and lose its event. */
  events?: string;
  ttl?: number;
}

type RowItem = Row & Item;

const [gsi1, gsi2] = TABLE_SHAPE.indexes;

function rowSchema() {
  return new dynamoose.Schema(
    {
      [TABLE_SHAPE.partitionKey]: { type: String, hashKey: true },
      [TABLE_SHAPE.sortKey]: { type: String, rangeKey: true },
      [gsi1.partitionKey]: {
        type: String,
        index: { name: gsi1.name, type: 'global', rangeKey: gsi1.sortKey },
      },
      [gsi1.sortKey]: String,
      [gsi2.partitionKey]: {
        type: String,
        index: { name: gsi2.name, type: 'global', rangeKey: gsi2.sortKey },
      },
      [gsi2.sortKey]: String,
      state: String,
      version: Number,
      doc: { type: String, required: true },
      events: String,
      [TABLE_SHAPE.ttlAttribute]: Number,
    },
    { saveUnknown: false, timestamps: false },
  );
}

let modelCounter = 0;

/** Every row a query matches, up to `limit`: DynamoDB answers at most 1 MB per request, so one `exec()`
 * silently drops the rest (the audit export, the statistics, a busy state). */
async function collect(build: () => Query<RowItem>, limit?: number): Promise<RowItem[]> {
  const rows: RowItem[] = [];
  let lastKey: ObjectType | undefined;
  do {
    let query = build();
    if (lastKey) query = query.startAt(lastKey);
    if (limit) query = query.limit(limit - rows.length);
    const page = await query.exec();
    rows.push(...page);
    lastKey = page.lastKey;
  } while (lastKey && (!limit || rows.length < limit));
  return rows;
}

function isConditionFailure(error: unknown): boolean {
  const name =
    (error as { name?: string; code?: string } | null)?.name ?? (error as { code?: string } | null)?.code;
  return name === 'ConditionalCheckFailedException';
}

export interface DynamoStoreOptions {
  ddb: DynamoDB;
  tableName: string;
  clock: Clock;
  retention?: Retention;
  /** Create the table when it is missing (the embedded store only). In production the table belongs to
   * the infrastructure: dynamoose never creates or alters it. */
  createTable: boolean;
}

/** The ticket store on DynamoDB through dynamoose: tickets, the audit trail and principals in one table. */
export class DynamoTicketStore implements TicketStore {
  private readonly model: ModelType<RowItem>;
  private readonly table;
  private readonly retention: Retention;
  readonly principals: PrincipalMemory;

  private constructor(private readonly options: DynamoStoreOptions) {
    const instance = new dynamoose.Instance();
    instance.aws.ddb.set(options.ddb);
    // Model names are global in dynamoose; each store gets its own so several can coexist (tests). No
    // `tableName` option: with one, dynamoose attaches a new model to the table (and the client) of any
    // earlier model with that table name, and the Table below then throws "already been assigned".
    modelCounter += 1;
    this.model = dynamoose.model<RowItem>(`cant-login-row-${modelCounter}`, rowSchema());
    this.table = new instance.Table(options.tableName, [this.model], {
      create: options.createTable,
      update: false,
      waitForActive: options.createTable,
      throughput: 'ON_DEMAND',
      initialize: false,
    });
    this.retention = options.retention ?? DEFAULT_RETENTION;
    this.principals = new DynamoPrincipalMemory(this.model, options.clock, this.retention);
  }

  static async open(options: DynamoStoreOptions): Promise<DynamoTicketStore> {
    const store = new DynamoTicketStore(options);
    await store.table.initialize();
    return store;
  }

  private ticketRow(t: Ticket, events: readonly AuditEvent[]): Row {
    return {
      events: JSON.stringify(events),
      ...keys.ticket(t.id),
      [gsi1.partitionKey]: keys.ticketBySubject(t.subjectSlackId),
      [gsi1.sortKey]: `${t.createdAt}#${t.id}`,
      [gsi2.partitionKey]: keys.ticketByState(t.state),
      [gsi2.sortKey]: `${t.updatedAt}#${t.id}`,
      state: t.state,
      version: t.version,
      doc: JSON.stringify(t),
      ...(t.ttl !== undefined ? { ttl: t.ttl } : {}),
    };
  }

  async create(ticket: Ticket, audit: Omit<AuditEvent, 'ticketId' | 'at' | 'ttl'>): Promise<Ticket> {
    const now = this.options.clock.now();
    const stored: Ticket = { ...ticket, ttl: ttlAfter(now, this.retention.ticketDays) };
    const first: AuditEvent = {
      ...audit,
      ticketId: ticket.id,
      at: new Date(now).toISOString(),
      ttl: ttlAfter(now, this.retention.auditDays),
    };
    try {
      await this.model.create(this.ticketRow(stored, [first]), { overwrite: false });
    } catch (error) {
      if (isConditionFailure(error))
        throw new TicketConflictError(`ticket ${ticket.id} already exists`, await this.get(ticket.id));
      throw error;
    }
    return stored;
  }

  async get(id: string): Promise<Ticket | undefined> {
    return (await this.getWithEvents(id))?.ticket;
  }

  private async getWithEvents(id: string): Promise<{ ticket: Ticket; events: AuditEvent[] } | undefined> {
    const row = await this.model.get(keys.ticket(id), { consistent: true });
    if (!row) return undefined;
    return {
      ticket: JSON.parse(row.doc) as Ticket,
      events: row.events ? (JSON.parse(row.events) as AuditEvent[]) : [],
    };
  }

  async change(id: string, change: TicketChange): Promise<Ticket> {
    const found = await this.getWithEvents(id);
    const current = found?.ticket;
    const { next, audit } = applyChange(current, id, change, this.options.clock, this.retention);
    // One UpdateItem, conditional on the version read: the change and its audit event together or neither.
    const row = this.ticketRow(next, audit ? [...(found?.events ?? []), audit] : (found?.events ?? []));
    const { pk, sk, ...attributes } = row;
    try {
      await this.model.update({ pk, sk }, attributes, {
        condition: new dynamoose.Condition('version')
          .eq(change.expectedVersion)
          .and()
          .where('state')
          .eq(current?.state),
      });
    } catch (error) {
      if (isConditionFailure(error)) {
        const latest = await this.get(id);
        throw new TicketConflictError(
          `ticket ${id} changed while it was being updated (now ${latest?.state} v${latest?.version})`,
          latest,
        );
      }
      throw error;
    }
    return next;
  }

  private async queryIndex(
    index: 'gsi1' | 'gsi2',
    partition: string,
    options: { since?: string; limit?: number; ascending?: boolean } = {},
  ) {
    const spec = index === 'gsi1' ? gsi1 : gsi2;
    const rows = await collect(() => {
      let query = this.model.query(spec.partitionKey).eq(partition).using(spec.name);
      if (options.since) query = query.and().where(spec.sortKey).ge(options.since);
      return query.sort(options.ascending ? 'ascending' : 'descending');
    }, options.limit);
    return rows.map((r: RowItem) => JSON.parse(r.doc) as unknown);
  }

  async forSubject(slackUserId: string, limit: number): Promise<Ticket[]> {
    return (await this.queryIndex('gsi1', keys.ticketBySubject(slackUserId), { limit })) as Ticket[];
  }

  async inState(state: TicketState, limit: number): Promise<Ticket[]> {
    return (await this.queryIndex('gsi2', keys.ticketByState(state), { limit })) as Ticket[];
  }

  async *eachInState(state: TicketState): AsyncIterable<Ticket> {
    let lastKey: ObjectType | undefined;
    do {
      let query = this.model
        .query(gsi2.partitionKey)
        .eq(keys.ticketByState(state))
        .using(gsi2.name)
        .sort('ascending')
        .limit(100);
      if (lastKey) query = query.startAt(lastKey);
      const page = await query.exec();
      for (const row of page) yield JSON.parse(row.doc) as Ticket;
      lastKey = page.lastKey;
    } while (lastKey);
  }

  async open(limit: number): Promise<Ticket[]> {
    const lists = await Promise.all(OPEN_STATES.map((s) => this.inState(s, limit)));
    return lists
      .flat()
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      .slice(0, limit);
  }

  async openFor(slackUserId: string): Promise<Ticket | undefined> {
    return (await this.forSubject(slackUserId, 50)).find((t) => OPEN_STATES.includes(t.state));
  }

  async closedSince(sinceIso: string): Promise<Ticket[]> {
    const since = new Date(sinceIso).toISOString();
    const states = TERMINAL_STATES;
    const lists = await Promise.all(
      states.map((s) => this.queryIndex('gsi2', keys.ticketByState(s), { since }) as Promise<Ticket[]>),
    );
    return lists.flat().sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  async auditOf(ticketId: string): Promise<AuditEvent[]> {
    return (await this.getWithEvents(ticketId))?.events ?? [];
  }

  /** The events of every ticket changed since the time (a ticket's last change is its newest event), from
   * the ticket items themselves. The long-term trail that outlives the tickets is the audit table the
   * CDK app feeds from the table's stream (`cant-login audit` reads it when AUDIT_TABLE is set). */
  async auditSince(sinceIso: string): Promise<AuditEvent[]> {
    // Compare instants, not spellings: normalise whatever ISO form the caller gave.
    const since = new Date(sinceIso).toISOString();
    const states: TicketState[] = [...OPEN_STATES, ...TERMINAL_STATES];
    const lists = await Promise.all(
      states.map(async (state) => {
        const rows = await collect(() =>
          this.model
            .query(gsi2.partitionKey)
            .eq(keys.ticketByState(state))
            .using(gsi2.name)
            .and()
            .where(gsi2.sortKey)
            .ge(since),
        );
        return rows.flatMap((r: RowItem) => (r.events ? (JSON.parse(r.events) as AuditEvent[]) : []));
      }),
    );
    // A stable sort keeps the order of events within one millisecond (each ticket's list is in order).
    return lists
      .flat()
      .filter((e) => e.at >= since)
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  async jobSeen(requestId: string): Promise<boolean> {
    return (await this.model.get(keys.job(requestId), { consistent: true })) !== undefined;
  }

  async rememberJob(requestId: string): Promise<void> {
    await this.model.create(
      { ...keys.job(requestId), doc: '{}', ttl: ttlAfter(this.options.clock.now(), 1) },
      { overwrite: true },
    );
  }

  async close(): Promise<void> {}
}

/** The last known name of a principal id. (Belongs in `keys` in table.ts.) */
const principalById = (id: string) => ({ pk: `PRINCIPALID#${id}`, sk: 'PRINCIPAL' });

/** Principals remembered in the same table, one item per (type, name, id) plus one per id. */
class DynamoPrincipalMemory implements PrincipalMemory {
  constructor(
    private readonly model: ModelType<RowItem>,
    private readonly clock: Clock,
    private readonly retention: Retention,
  ) {}

  async findByName(principalType: 'USER' | 'GROUP', name: string): Promise<KnownPrincipal[]> {
    const rows = await collect(() =>
      this.model.query(TABLE_SHAPE.partitionKey).eq(keys.principal(principalType, name, '').pk),
    );
    return rows.map((r: RowItem) => JSON.parse(r.doc) as KnownPrincipal);
  }

  /** Like the in-memory memory: an older sighting never replaces a newer one, and a principal seen under a
   * new name is no longer found under the old one (an item per id records its last known name). */
  async remember(principals: KnownPrincipal[]): Promise<void> {
    const ttl = ttlAfter(this.clock.now(), this.retention.auditDays);
    for (const p of principals) {
      const idKey = principalById(p.principalId);
      const row = await this.model.get(idKey, { consistent: true });
      const known = row ? (JSON.parse(row.doc) as KnownPrincipal) : undefined;
      if (known && known.lastSeen > p.lastSeen) continue;
      const doc = JSON.stringify(p);
      await this.model.create(
        { ...keys.principal(p.principalType, p.name, p.principalId), doc, ttl },
        { overwrite: true },
      );
      await this.model.create({ ...idKey, doc, ttl }, { overwrite: true });
      if (known && (known.name !== p.name || known.principalType !== p.principalType)) {
        await this.model.delete(keys.principal(known.principalType, known.name, known.principalId));
      }
    }
  }
}
