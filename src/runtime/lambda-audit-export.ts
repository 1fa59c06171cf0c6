import { AuditTrailWriter, appendedEvents, type TicketStreamRecord } from '../audit/trail';
import { createDynamoDbClient } from '../aws/dynamodb';
import { ConfigError, loadConfig } from '../config/env';
import { createLogger, type Logger } from '../log/logger';

/** Copies every audit event appended to a ticket into the trail table. A failed write throws, so the
 * stream retries the batch (the writes are idempotent: an item already there is left as it is). */
export function buildAuditExportHandler(writer: Pick<AuditTrailWriter, 'append'>, logger: Logger) {
  return async (event: { Records: TicketStreamRecord[] }): Promise<{ exported: number }> => {
    let exported = 0;
    for (const record of event.Records) exported += await writer.append(appendedEvents(record));
    logger.debug({ exported, records: event.Records.length }, 'audit events exported');
    return { exported };
  };
}

let cached: Promise<ReturnType<typeof buildAuditExportHandler>> | undefined;

/** The exporter's entry point (a DynamoDB stream of the tickets table). */
export const handler = async (event: { Records: TicketStreamRecord[] }): Promise<{ exported: number }> => {
  cached ??= (async () => {
    const config = loadConfig(process.env);
    if (!config.AUDIT_TABLE)
      throw new ConfigError('AUDIT_TABLE is required: the audit trail table', 'AUDIT_TABLE');
    const logger = createLogger({ level: config.LOG_LEVEL, name: 'cant-login-audit-export' });
    if (!config.AWS_REGION) throw new ConfigError('AWS_REGION is required (Lambda sets it)', 'AWS_REGION');
    const ddb = createDynamoDbClient({ region: config.AWS_REGION });
    return buildAuditExportHandler(new AuditTrailWriter(ddb, config.AUDIT_TABLE), logger);
  })().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return (await cached)(event);
};
