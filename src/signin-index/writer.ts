import type { ModelType } from 'dynamoose/dist/General';
import type { DynamoDB } from '../aws/dynamodb';
import { type Clock, systemClock } from '../lib/clock';
import { indexedRecord, signInKeys, signInTtl, toStored } from './keys';
import { isConditionFailure, type SignInRowItem, signInModel } from './model';

/** What the marker item records: since when the index has been fed. */
export interface SignInIndexMarker {
  since: string;
}

export interface SignInIndexWriterOptions {
  ddb: DynamoDB;
  tableName: string;
  clock?: Clock;
}

/** Writes CloudTrail sign-in (and SCIM) records into the tickets table, one item per person key. */
export class SignInIndexWriter {
  private readonly model: ModelType<SignInRowItem>;
  private readonly clock: Clock;
  private marked = false;

  constructor(options: SignInIndexWriterOptions) {
    this.model = signInModel(options.ddb, options.tableName);
    this.clock = options.clock ?? systemClock;
  }

  /** Indexes one CloudTrail record (an EventBridge event's `detail`). Idempotent: a re-delivered event
   * rewrites the same items. Returns the keys it was indexed under (none: nothing ties it to a person). */
  async indexEvent(detail: unknown): Promise<string[]> {
    await this.markReady();
    const record = indexedRecord(detail);
    if (!record || record.keys.length === 0) return [];
    const doc = JSON.stringify(toStored(record.raw));
    const ttl = signInTtl(record.eventTime);
    for (const key of record.keys) {
      await this.model.create(
        { pk: signInKeys.partition(key), sk: signInKeys.sort(record.eventTime, record.eventId), doc, ttl },
        { overwrite: true },
      );
    }
    return record.keys;
  }

  /** Indexes many records at once (25 items a BatchWriteItem): for back-filling an index and for the
   * benchmark, which feeds a whole organisation's day before it measures. Returns the items written. */
  async indexEvents(details: readonly unknown[]): Promise<number> {
    await this.markReady();
    const rows: Array<{ pk: string; sk: string; doc: string; ttl: number }> = [];
    for (const detail of details) {
      const record = indexedRecord(detail);
      if (!record) continue;
      const doc = JSON.stringify(toStored(record.raw));
      const ttl = signInTtl(record.eventTime);
      const sk = signInKeys.sort(record.eventTime, record.eventId);
      for (const key of record.keys) rows.push({ pk: signInKeys.partition(key), sk, doc, ttl });
    }
    for (let i = 0; i < rows.length; i += 25) {
      const batch = rows.slice(i, i + 25);
      const out = await this.model.batchPut(batch);
      if (out.unprocessedItems.length > 0) {
        // dynalite and an unthrottled table process every item; a real table may push back.
        for (const item of out.unprocessedItems)
          await this.model.create(item as (typeof rows)[number], { overwrite: true });
      }
    }
    return rows.length;
  }

  /** The marker readers look for: written once (the first write wins, so `since` is when feeding began). */
  private async markReady(): Promise<void> {
    if (this.marked) return;
    const marker: SignInIndexMarker = { since: new Date(this.clock.now()).toISOString() };
    try {
      await this.model.create({ ...signInKeys.marker, doc: JSON.stringify(marker) }, { overwrite: false });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    this.marked = true;
  }
}
