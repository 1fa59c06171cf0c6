import type { ModelType, ObjectType } from 'dynamoose/dist/General';
import type { DynamoDB } from '../aws/dynamodb';
import type { SignInIndex } from '../diagnosis/facts/ports';
import type { RawEvent } from '../diagnosis/facts/signin-events';
import { TABLE_SHAPE } from '../tickets/table';
import { fromStored, type StoredEvent, signInKeys } from './keys';
import { type SignInRowItem, signInModel } from './model';
import type { SignInIndexMarker } from './writer';

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
    const byId = new Map<string, RawEvent>();
    for (const raw of lists.flat()) {
      const t = raw.EventTime?.getTime() ?? Number.NaN;
      if (!(t >= sinceMs && t <= untilMs)) continue;
      byId.set(raw.EventId ?? '', raw);
    }
    return [...byId.values()].sort((a, b) => (b.EventTime?.getTime() ?? 0) - (a.EventTime?.getTime() ?? 0));
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
