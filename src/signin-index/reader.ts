import type { ModelType, ObjectType } from 'dynamoose/dist/General';
import type { DynamoDB } from '../aws/dynamodb';
import type { SignInIndex } from '../diagnosis/facts/ports';
import type { RawEvent } from '../diagnosis/facts/signin-events';
import { TABLE_SHAPE } from '../tickets/table';
import { fromStored, type StoredEvent, signInKeys } from './keys';
import { type SignInRowItem, signInModel } from './model';
import type { SignInIndexMarker } from './writer';

/** The streams the index keeps: sign-in events and `sso.amazonaws.com` events per person, SCIM
 * provisioning events organisation-wide. */
export type IndexedStream = 'signin' | 'sso' | 'scim';

/** What the index can say about one window: its events, or since when it is complete (the window
 * starts before that, so it cannot answer). */
export type IndexAnswer =
  | { covered: true; events: RawEvent[] }
  | { covered: false; indexedSinceMs: number | undefined };

export interface DynamoSignInIndexOptions {
  ddb: DynamoDB;
  tableName: string;
}

/** Reads the sign-in index the EventBridge-fed indexer writes into the tickets table. Answers `undefined`
 * ("not indexed: use CloudTrail") until the indexer has written its marker, and for a window that starts
 * before the indexer began: events from before then were never indexed. */
export class DynamoSignInIndex implements SignInIndex {
  private readonly model: ModelType<SignInRowItem>;

  constructor(options: DynamoSignInIndexOptions) {
    this.model = signInModel(options.ddb, options.tableName);
  }

  /** Since when the index has been fed; `undefined` when it never has. */
  async indexedSince(): Promise<number | undefined> {
    const row = await this.model.get(signInKeys.marker);
    if (!row) return undefined;
    const since = Date.parse((JSON.parse(row.doc) as SignInIndexMarker).since);
    return Number.isFinite(since) ? since : undefined;
  }

  /** The events of `stream` about `who` in [sinceMs, untilMs], when the index is complete over that
   * window; otherwise since when it is complete (undefined: the indexer has never run). */
  async readStream(
    stream: IndexedStream,
    who: { userId?: string; names: readonly string[] },
    sinceMs: number,
    untilMs: number,
  ): Promise<IndexAnswer> {
    const indexedSinceMs = await this.indexedSince();
    if (indexedSinceMs === undefined || indexedSinceMs > sinceMs) return { covered: false, indexedSinceMs };
    const keys = new Set<string>();
    switch (stream) {
      case 'signin':
        for (const n of who.names) if (n.trim() !== '') keys.add(signInKeys.byName(n));
        if (who.userId) keys.add(signInKeys.byUserId(who.userId));
        break;
      case 'sso':
        if (who.userId) keys.add(signInKeys.ssoByUserId(who.userId));
        break;
      case 'scim':
        keys.add(signInKeys.scim);
        break;
      default: {
        const never: never = stream;
        throw new Error(`unknown stream ${String(never)}`);
      }
    }
    const lists = await Promise.all(
      [...keys].map((key) => this.query(signInKeys.partition(key), sinceMs, untilMs)),
    );
    return { covered: true, events: inWindowNewestFirst(lists.flat(), sinceMs, untilMs) };
  }

  async eventsFor(
    who: { userId?: string; names: readonly string[] },
    sinceMs: number,
    untilMs: number,
  ): Promise<RawEvent[] | undefined> {
    const since = await this.indexedSince();
    if (since === undefined || since > sinceMs) return undefined;
    const keys = new Set<string>(who.names.filter((n) => n.trim() !== '').map(signInKeys.byName));
    if (who.userId) keys.add(signInKeys.byUserId(who.userId));
    const lists = await Promise.all(
      [...keys].map((key) => this.query(signInKeys.partition(key), sinceMs, untilMs)),
    );
    return inWindowNewestFirst(lists.flat(), sinceMs, untilMs);
  }

  /** Every item of one key between the two instants (all pages). */
  private async query(pk: string, sinceMs: number, untilMs: number): Promise<RawEvent[]> {
    const from = new Date(sinceMs).toISOString();
    // `#` sorts before every character of an event id: this takes in every event of the last millisecond.
    const to = `${new Date(untilMs).toISOString()}#\uffff`;
    const out: RawEvent[] = [];
    let lastKey: ObjectType | undefined;
    do {
      let query = this.model
        .query(TABLE_SHAPE.partitionKey)
        .eq(pk)
        .and()
        .where(TABLE_SHAPE.sortKey)
        .between(from, to);
      if (lastKey) query = query.startAt(lastKey);
      const page = await query.exec();
      for (const row of page) out.push(fromStored(JSON.parse(row.doc) as StoredEvent));
      lastKey = page.lastKey;
    } while (lastKey);
    return out;
  }
}

/** One copy of each event (an event is stored under each of its keys) inside the window, newest first. */
function inWindowNewestFirst(rows: readonly RawEvent[], sinceMs: number, untilMs: number): RawEvent[] {
  const byId = new Map<string, RawEvent>();
  for (const raw of rows) {
    const t = raw.EventTime?.getTime() ?? Number.NaN;
    if (!(t >= sinceMs && t <= untilMs)) continue;
    byId.set(raw.EventId ?? '', raw);
  }
  return [...byId.values()].sort((a, b) => (b.EventTime?.getTime() ?? 0) - (a.EventTime?.getTime() ?? 0));
}
