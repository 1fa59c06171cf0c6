import { createDynamoDbClient } from '../aws';
import type { Clock } from '../lib/clock';
import { DynamoTicketStore } from './dynamo-store';
import { startEmbeddedDynamo } from './embedded';
import type { Retention, TicketStore } from './store';

export const EMBEDDED_TABLE = 'cant-login';

/** The configured ticket store: the infrastructure's table when TICKETS_TABLE is set (never created or
 * altered here), otherwise the embedded store in DATA_DIR (or in memory for `:memory:`). */
export async function openTicketStore(options: {
  tableName?: string;
  dataDir: string;
  region?: string;
  clock: Clock;
  retention: Retention;
}): Promise<TicketStore> {
  if (options.tableName) {
    return DynamoTicketStore.open({
      ddb: createDynamoDbClient({ region: options.region ?? 'us-east-1' }),
      tableName: options.tableName,
      clock: options.clock,
      retention: options.retention,
      createTable: false,
    });
  }
  const embedded = await startEmbeddedDynamo(options.dataDir === ':memory:' ? undefined : options.dataDir);
  let store: DynamoTicketStore;
  try {
    store = await DynamoTicketStore.open({
      ddb: createDynamoDbClient({
        region: 'us-east-1',
        endpoint: embedded.endpoint,
        credentials: { accessKeyId: 'embedded', secretAccessKey: 'embedded' },
      }),
      tableName: EMBEDDED_TABLE,
      clock: options.clock,
      retention: options.retention,
      createTable: true,
    });
  } catch (error) {
    // Never leave the embedded server running behind a store that could not open.
    await embedded.close();
    throw error;
  }
  const close = store.close.bind(store);
  store.close = async () => {
    await close();
    await embedded.close();
  };
  return store;
}
