import { createDynamoDbClient } from '../aws/dynamodb';
import { type AppConfig, loadConfig } from '../config/env';
import { createLogger, type Logger } from '../log/logger';
import { SCIM_EVENT_SOURCE, SIGNIN_EVENT_SOURCE, SSO_EVENT_SOURCE } from '../signin-index/keys';
import { SignInIndexWriter } from '../signin-index/writer';

/** The part of an EventBridge event the indexer reads. `detail` is the CloudTrail record. */
export interface CloudTrailEventBridgeEvent {
  id?: string;
  source?: string;
  'detail-type'?: string;
  detail?: { eventSource?: string; eventID?: string; eventName?: string } & Record<string, unknown>;
}

/** Whether an event is one the index keeps: a sign-in event (source `aws.signin`, or eventSource
 * signin.amazonaws.com) or a SCIM provisioning event (eventSource identitystore-scim.amazonaws.com). */
export function isIndexable(event: CloudTrailEventBridgeEvent): boolean {
  const source = event.detail?.eventSource;
  // sso-directory events are forwarded too (the forwarder stack) but tie to no person: taken, not indexed.
  return (
    source === SIGNIN_EVENT_SOURCE ||
    source === SCIM_EVENT_SOURCE ||
    source === SSO_EVENT_SOURCE ||
    source === 'sso-directory.amazonaws.com'
  );
}

/** Indexes each sign-in or SCIM event EventBridge delivers; anything else is logged and ignored. A
 * failed write throws, so EventBridge retries the (idempotent) delivery. */
export function buildIndexerHandler(writer: Pick<SignInIndexWriter, 'indexEvent'>, logger: Logger) {
  return async (event: CloudTrailEventBridgeEvent): Promise<{ indexed: number }> => {
    if (!isIndexable(event)) {
      logger.warn(
        { id: event.id, source: event.source, detailType: event['detail-type'] },
        'ignored an event that is neither a sign-in nor a SCIM event',
      );
      return { indexed: 0 };
    }
    const keys = await writer.indexEvent(event.detail);
    logger.debug(
      { id: event.id, eventID: event.detail?.eventID, eventName: event.detail?.eventName, keys: keys.length },
      'indexed',
    );
    return { indexed: keys.length };
  };
}

let cached: ((event: CloudTrailEventBridgeEvent) => Promise<{ indexed: number }>) | undefined;

function init(config: AppConfig): (event: CloudTrailEventBridgeEvent) => Promise<{ indexed: number }> {
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'cant-login-signin-indexer' });
  if (!config.TICKETS_TABLE) throw new Error('TICKETS_TABLE is required: the table the index is kept in');
  const region = config.AWS_REGION;
  if (!region) throw new Error('AWS_REGION is required (Lambda sets it)');
  const writer = new SignInIndexWriter({
    ddb: createDynamoDbClient({ region }),
    tableName: config.TICKETS_TABLE,
  });
  return buildIndexerHandler(writer, logger);
}

/** The sign-in indexer Lambda's entry point (an EventBridge rule target). */
export const handler = async (event: CloudTrailEventBridgeEvent): Promise<{ indexed: number }> => {
  cached ??= init(loadConfig(process.env));
  return cached(event);
};
