import type { DynamoDB } from '../aws/dynamodb';
import type { AuditEvent } from '../tickets/types';

/**
 * The long-term audit trail: a table of its own that only the exporter (fed by the tickets table's
 * stream) may write to, and only by adding items (a put that never overwrites). The worker cannot touch
 * it, so nothing a worker does can rewrite what happened; `cant-login audit` reads it.
 */
export const AUDIT_TRAIL_SHAPE = { partitionKey: 'pk', sortKey: 'sk' } as const;

/** One event's key: by month, then time, ticket and its position in the ticket's trail (unique, ordered). */
export function trailKey(event: AuditEvent, position: number): { pk: string; sk: string } {
  return {
    pk: `AUDIT#${event.at.slice(0, 7)}`,
    sk: `${event.at}#${event.ticketId}#${String(position).padStart(6, '0')}`,
  };
}

/** The part of a DynamoDB stream record the exporter reads (the tickets table, NEW_AND_OLD_IMAGES). */
export interface TicketStreamRecord {
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | string;
  dynamodb?: {
    NewImage?: Record<string, { S?: string } | undefined>;
    OldImage?: Record<string, { S?: string } | undefined>;
  };
}

const eventsIn = (image: Record<string, { S?: string } | undefined> | undefined): AuditEvent[] => {
  const text = image?.events?.S;
  return text ? (JSON.parse(text) as AuditEvent[]) : [];
};

/** The events a change of a ticket item appended (with their positions in the ticket's trail). A removal
 * (TTL) appends nothing; the trail keeps what it has. */
export function appendedEvents(record: TicketStreamRecord): Array<{ event: AuditEvent; position: number }> {
  if (record.eventName === 'REMOVE') return [];
  const before = eventsIn(record.dynamodb?.OldImage);
  const after = eventsIn(record.dynamodb?.NewImage);
  return after.slice(before.length).map((event, i) => ({ event, position: before.length + i }));
}

/** Writes events to the trail; a re-delivered stream record finds its items there and adds nothing. */
export class AuditTrailWriter {
  constructor(
    private readonly ddb: DynamoDB,
    private readonly tableName: string,
  ) {}

  async append(entries: ReadonlyArray<{ event: AuditEvent; position: number }>): Promise<number> {
    let added = 0;
    for (const { event, position } of entries) {
      const { ttl: _ttl, ...kept } = event;
      const key = trailKey(event, position);
      try {
        await this.ddb.putItem({
          TableName: this.tableName,
          Item: { pk: { S: key.pk }, sk: { S: key.sk }, doc: { S: JSON.stringify(kept) } },
          ConditionExpression: 'attribute_not_exists(pk)',
        });
        added += 1;
      } catch (error) {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      }
    }
    return added;
  }
}

/** Reads the trail, oldest first, month by month from `since` to `until`. */
export async function readAuditTrail(
  ddb: DynamoDB,
  tableName: string,
  sinceIso: string,
  untilMs: number,
): Promise<AuditEvent[]> {
  const since = new Date(sinceIso).toISOString();
  const events: AuditEvent[] = [];
  for (
    let d = new Date(`${since.slice(0, 7)}-01T00:00:00Z`);
    d.getTime() <= untilMs;
    d.setUTCMonth(d.getUTCMonth() + 1)
  ) {
    let start: Record<string, { S: string }> | undefined;
    do {
      const out = await ddb.query({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND sk >= :since',
        ExpressionAttributeValues: {
          ':pk': { S: `AUDIT#${d.toISOString().slice(0, 7)}` },
          ':since': { S: since },
        },
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      for (const item of out.Items ?? []) {
        if (item.doc?.S) events.push(JSON.parse(item.doc.S) as AuditEvent);
      }
      start = out.LastEvaluatedKey as Record<string, { S: string }> | undefined;
    } while (start);
  }
  return events;
}
