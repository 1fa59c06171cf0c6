import dynamoose from 'dynamoose';
import type { ModelType, ObjectType } from 'dynamoose/dist/General';
import type { Item } from 'dynamoose/dist/Item';
import { createDynamoDbClient, type DynamoDB } from '../aws';
import type { Clock } from '../lib/clock';
import { ttlAfter } from '../tickets/change';
import { TABLE_SHAPE } from '../tickets/table';
import type { DriftCursorStore, DriftScanCursor } from './scan';
import type { Drift } from './types';

/** What the bot knows of one drift over time: when it was first and last seen, where it was announced,
 * the ticket of its repair, and whom it told. Every change is a conditional write on `version`. */
export interface DriftRecord {
  id: string;
  version: number;
  state: 'open' | 'resolved';
  /** The drift as the last scan that saw it found it. */
  drift: Drift;
  firstSeen: string;
  lastSeen: string;
  resolvedAt?: string;
  /** The digest message that announced it (set once: a drift is never announced twice). */
  digest?: { channel: string; ts: string; at: string };
  /** The digest that said it was resolved. */
  resolutionAnnounced?: string;
  /** The ticket of its repair (approval card, fix, audit trail). */
  ticketId?: string;
  /** When its repair was approved, applied and verified. */
  repairedAt?: string;
  /** Affected people told it is broken (Slack user ids), and told it is repaired. */
  notified?: string[];
  repairNotified?: string[];
}

/** Someone else changed the drift first. */
export class DriftConflictError extends Error {
  override readonly name = 'DriftConflictError';
  readonly code = 'drift-conflict';
  constructor(
    message: string,
    readonly current: DriftRecord | undefined,
  ) {
    super(message);
  }
}

/** Where drifts and the scan's cursor live. */
export interface DriftStore extends DriftCursorStore {
  get(id: string): Promise<DriftRecord | undefined>;
  /** Every drift the store holds (open, and resolved ones not yet expired), ordered by id. */
  all(): Promise<DriftRecord[]>;
  /** Writes `record` if the stored one is still at `expectedVersion` (0: it must not exist yet); returns
   * the record at its new version, or throws DriftConflictError. */
  save(record: DriftRecord, expectedVersion: number): Promise<DriftRecord>;
}

/** The drift store held in process (tests, the CLI, the demo). */
export class InMemoryDriftStore implements DriftStore {
  private readonly records = new Map<string, DriftRecord>();
  private cursor: DriftScanCursor | undefined;

  async loadCursor() {
    return this.cursor ? structuredClone(this.cursor) : undefined;
  }

  async saveCursor(cursor: DriftScanCursor | undefined) {
    this.cursor = cursor ? structuredClone(cursor) : undefined;
  }

  async get(id: string) {
    const r = this.records.get(id);
    return r ? structuredClone(r) : undefined;
  }

  async all() {
    return [...this.records.values()].sort((a, b) => a.id.localeCompare(b.id)).map((r) => structuredClone(r));
  }

  async save(record: DriftRecord, expectedVersion: number) {
    const current = this.records.get(record.id);
    if ((current?.version ?? 0) !== expectedVersion)
      throw new DriftConflictError(
        `drift ${record.id} is at version ${current?.version ?? 0}, not ${expectedVersion}`,
        current && structuredClone(current),
      );
    const next = { ...structuredClone(record), version: expectedVersion + 1 };
    this.records.set(record.id, next);
    return structuredClone(next);
  }
}

/** Key layout of the drift items in the tickets table: every read is a Query of one partition. */
export const driftKeys = {
  partition: 'DRIFT',
  record: (id: string) => ({ pk: 'DRIFT', sk: `DRIFT#${id}` }),
  cursorPartition: 'DRIFT#CURSOR',
  cursorChunk: (i: number) => ({ pk: 'DRIFT#CURSOR', sk: `CHUNK#${String(i).padStart(4, '0')}` }),
} as const;

interface Row {
  pk: string;
  sk: string;
  doc: string;
  version?: number;
  ttl?: number;
}
type RowItem = Row & Item;

export interface DynamoDriftOptions {
  ddb: DynamoDB;
  tableName: string;
  clock: Clock;
  /** How long a resolved drift is kept. Default 30 days. */
  resolvedDays?: number;
  /** Create the table when missing (tests and the embedded store only). */
  createTable?: boolean;
}

// A DynamoDB item holds at most 400 KB: a large organisation's cursor is split over several items.
const CHUNK_CHARS = 300_000;
let modelCounter = 0;

const isConditionFailure = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  ((error as { name?: string }).name === 'ConditionalCheckFailedException' ||
    (error as { code?: string }).code === 'ConditionalCheckFailedException');

/** The drift store in the tickets table (single-table design), through dynamoose. */
export class DynamoDriftStore implements DriftStore {
  private readonly model: ModelType<RowItem>;
  private readonly table;

  private constructor(private readonly options: DynamoDriftOptions) {
    const instance = new dynamoose.Instance();
    instance.aws.ddb.set(options.ddb);
    // Own model name and Instance, as the ticket and inventory stores do (dynamoose model names are global).
    modelCounter += 1;
    this.model = dynamoose.model<RowItem>(
      `cant-login-drift-${modelCounter}`,
      new dynamoose.Schema(
        {
          [TABLE_SHAPE.partitionKey]: { type: String, hashKey: true },
          [TABLE_SHAPE.sortKey]: { type: String, rangeKey: true },
          doc: { type: String, required: true },
          version: Number,
          [TABLE_SHAPE.ttlAttribute]: Number,
        },
        { saveUnknown: false, timestamps: false },
      ),
    );
    const create = options.createTable ?? false;
    this.table = new instance.Table(options.tableName, [this.model], {
      create,
      update: false,
      waitForActive: create,
      throughput: 'ON_DEMAND',
      initialize: false,
    });
  }

  static async open(options: DynamoDriftOptions): Promise<DynamoDriftStore> {
    const store = new DynamoDriftStore(options);
    await store.table.initialize();
    return store;
  }

  private async partition(pk: string): Promise<RowItem[]> {
    const rows: RowItem[] = [];
    let lastKey: ObjectType | undefined;
    do {
      let query = this.model.query(TABLE_SHAPE.partitionKey).eq(pk).consistent();
      if (lastKey) query = query.startAt(lastKey);
      const page = await query.exec();
      rows.push(...page);
      lastKey = page.lastKey;
    } while (lastKey);
    return rows.sort((a, b) => a.sk.localeCompare(b.sk));
  }

  async loadCursor(): Promise<DriftScanCursor | undefined> {
    const chunks = await this.partition(driftKeys.cursorPartition);
    if (chunks.length === 0) return undefined;
    return JSON.parse(chunks.map((c) => c.doc).join('')) as DriftScanCursor;
  }

  async saveCursor(cursor: DriftScanCursor | undefined): Promise<void> {
    const old = await this.partition(driftKeys.cursorPartition);
    const text = cursor ? JSON.stringify(cursor) : '';
    const chunks: string[] = [];
    for (let i = 0; i < text.length; i += CHUNK_CHARS) chunks.push(text.slice(i, i + CHUNK_CHARS));
    const ttl = ttlAfter(this.options.clock.now(), 7);
    for (const [i, doc] of chunks.entries())
      await this.model.create({ ...driftKeys.cursorChunk(i), doc, ttl }, { overwrite: true });
    for (const row of old.slice(chunks.length)) await this.model.delete({ pk: row.pk, sk: row.sk });
  }

  async get(id: string): Promise<DriftRecord | undefined> {
    const row = await this.model.get(driftKeys.record(id), { consistent: true });
    return row ? (JSON.parse(row.doc) as DriftRecord) : undefined;
  }

  async all(): Promise<DriftRecord[]> {
    return (await this.partition(driftKeys.partition)).map((r) => JSON.parse(r.doc) as DriftRecord);
  }

  async save(record: DriftRecord, expectedVersion: number): Promise<DriftRecord> {
    const next: DriftRecord = { ...record, version: expectedVersion + 1 };
    const now = this.options.clock.now();
    // Open drifts stay while scans keep seeing them; resolved ones go after `resolvedDays`.
    const ttl = ttlAfter(now, next.state === 'resolved' ? (this.options.resolvedDays ?? 30) : 400);
    const key = driftKeys.record(record.id);
    try {
      if (expectedVersion === 0) {
        await this.model.create(
          { ...key, doc: JSON.stringify(next), version: next.version, ttl },
          { overwrite: false },
        );
      } else {
        await this.model.update(
          key,
          { doc: JSON.stringify(next), version: next.version, ttl },
          { condition: new dynamoose.Condition('version').eq(expectedVersion) },
        );
      }
    } catch (error) {
      if (isConditionFailure(error))
        throw new DriftConflictError(
          `drift ${record.id} changed while it was being updated`,
          await this.get(record.id),
        );
      throw error;
    }
    return next;
  }
}

/** The drift store next to the ticket store: in the tickets table when `tableName` (TICKETS_TABLE) is set,
 * otherwise in process (local runs: nothing survives the process). */
export async function openDriftStore(options: {
  tableName?: string;
  region: string;
  clock: Clock;
}): Promise<DriftStore> {
  if (!options.tableName) return new InMemoryDriftStore();
  return DynamoDriftStore.open({
    ddb: createDynamoDbClient({ region: options.region }),
    tableName: options.tableName,
    clock: options.clock,
  });
}
