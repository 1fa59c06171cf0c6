import dynamoose from 'dynamoose';
import type { ModelType } from 'dynamoose/dist/General';
import type { Item } from 'dynamoose/dist/Item';
import type { DynamoDB } from '../aws/dynamodb';
import { TABLE_SHAPE } from '../tickets/table';

/** One sign-in index item: the same key and TTL attributes as every other item of the table. */
export interface SignInRow {
  pk: string;
  sk: string;
  doc: string;
  ttl?: number;
}

export type SignInRowItem = SignInRow & Item;

let modelCounter = 0;

/** A dynamoose model of the sign-in items on the (existing) tickets table, on its own Instance: nothing is
 * created, described or updated, so the indexer needs nothing but PutItem and the reader nothing but Query. */
export function signInModel(ddb: DynamoDB, tableName: string): ModelType<SignInRowItem> {
  const instance = new dynamoose.Instance();
  instance.aws.ddb.set(ddb);
  modelCounter += 1;
  // A unique model name per use: dynamoose keeps models by name, globally (see tickets/dynamo-store.ts).
  const model = dynamoose.model<SignInRowItem>(
    `cant-login-signin-${modelCounter}`,
    new dynamoose.Schema(
      {
        [TABLE_SHAPE.partitionKey]: { type: String, hashKey: true },
        [TABLE_SHAPE.sortKey]: { type: String, rangeKey: true },
        doc: { type: String, required: true },
        [TABLE_SHAPE.ttlAttribute]: Number,
      },
      { saveUnknown: false, timestamps: false },
    ),
  );
  new instance.Table(tableName, [model], {
    create: false,
    update: false,
    waitForActive: false,
    // Initialising makes no request when nothing is to be created, updated or waited for.
    initialize: true,
  });
  return model;
}

export function isConditionFailure(error: unknown): boolean {
  const e = error as { name?: string; code?: string } | null;
  return (e?.name ?? e?.code) === 'ConditionalCheckFailedException';
}
