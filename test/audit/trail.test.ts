import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { AuditTrailWriter, appendedEvents, readAuditTrail } from '../../src/audit/trail';
import { createDynamoDbClient } from '../../src/aws';
import { silentLogger } from '../../src/log/logger';
import { buildAuditExportHandler } from '../../src/runtime/lambda-audit-export';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../src/tickets/embedded';
import type { AuditEvent } from '../../src/tickets/types';

const event = (at: string, action: string, ticketId = 't-1'): AuditEvent => ({
  ticketId,
  at,
  actor: 'bot',
  action,
});
const image = (events: AuditEvent[]) => ({ events: { S: JSON.stringify(events) } });

describe('the long-term audit trail (tickets stream → exporter → append-only table)', () => {
  let embedded: EmbeddedDynamo;
  const ddb = () =>
    createDynamoDbClient({
      region: 'us-east-1',
      endpoint: embedded.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });

  beforeAll(async () => {
    embedded = await startEmbeddedDynamo();
  });
  afterAll(async () => {
    await embedded.close();
  });

  it('finds exactly the events a change appended (none for a TTL removal)', () => {
    const a = event('2026-11-30T23:59:00.000Z', 'created');
    const b = event('2026-12-01T00:01:00.000Z', 'diagnosed');
    expect(appendedEvents({ eventName: 'INSERT', dynamodb: { NewImage: image([a]) } })).toEqual([
      { event: a, position: 0 },
    ]);
    expect(
      appendedEvents({ eventName: 'MODIFY', dynamodb: { OldImage: image([a]), NewImage: image([a, b]) } }),
    ).toEqual([{ event: b, position: 1 }]);
    expect(appendedEvents({ eventName: 'REMOVE', dynamodb: { OldImage: image([a, b]) } })).toEqual([]);
  });

  it('exports every event once, even when the stream delivers a record twice, and reads them back across months', async () => {
    const client = ddb();
    await client.send(
      new CreateTableCommand({
        TableName: 'trail',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const handler = buildAuditExportHandler(new AuditTrailWriter(client, 'trail'), silentLogger());
    const a = event('2026-11-30T23:59:00.000Z', 'created');
    const b = event('2026-12-01T00:01:00.000Z', 'diagnosed');
    const records = [
      { eventName: 'INSERT', dynamodb: { NewImage: image([a]) } },
      { eventName: 'MODIFY', dynamodb: { OldImage: image([a]), NewImage: image([a, b]) } },
    ];
    expect(await handler({ Records: records })).toEqual({ exported: 2 });
    expect(await handler({ Records: records })).toEqual({ exported: 0 });
    const read = await readAuditTrail(client, 'trail', '2026-11-01', Date.parse('2026-12-05T00:00:00Z'));
    expect(read.map((e) => e.action)).toEqual(['created', 'diagnosed']);
    client.destroy();
  });
});
