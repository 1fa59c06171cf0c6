import { DynamoDB } from '@aws-sdk/client-dynamodb';

/** The DynamoDB client (the SDK's aggregated class, as dynamoose takes it) the ticket store hands to dynamoose; an endpoint points it at the embedded store. */
export function createDynamoDbClient(options: {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}): DynamoDB {
  return new DynamoDB({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: 5,
  });
}

export type { DynamoDB };
