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
