import { classifyAwsError, errorName } from '../../aws';
import { TABLE_SHAPE } from '../../tickets/table';
import type { DoctorCheck, DoctorOutcome } from '../types';

/** Does the tickets table exist with the key schema the app writes? */
export const ticketsTable: DoctorCheck = {
  id: 'tickets-table',
  title: 'Is the tickets table there, with the keys the app uses?',
  cheap: false,
  async run({ dynamodb, settings }): Promise<DoctorOutcome> {
    const table = settings.ticketsTable;
    if (!table) {
      if (settings.sandbox)
        return { status: 'ok', summary: 'Sandbox: tickets are kept in the embedded store.' };
      return {
        status: 'warn',
        summary: `TICKETS_TABLE is not set: tickets are kept on this machine's disk (${settings.dataDir ?? '.data'}), which a container loses when it is replaced.`,
        fix: 'Create the table (README, "Set up in Slack" > the tickets table) and set TICKETS_TABLE, or mount DATA_DIR on a persistent volume.',
      };
    }
    if (!dynamodb)
      return {
        status: 'warn',
        summary: `TICKETS_TABLE is ${table}, but no DynamoDB client was available to check it.`,
      };
    try {
      const out = await dynamodb.describeTable({ TableName: table });
      const t = out.Table;
      const key = (schema: ReadonlyArray<{ AttributeName?: string; KeyType?: string }> | undefined) =>
        (schema ?? []).map((k) => `${k.AttributeName}:${k.KeyType}`).join(',');
      const problems: string[] = [];
      const want = `${TABLE_SHAPE.partitionKey}:HASH,${TABLE_SHAPE.sortKey}:RANGE`;
      if (key(t?.KeySchema) !== want)
        problems.push(`key schema is ${key(t?.KeySchema) || 'empty'}, expected ${want}`);
      for (const index of TABLE_SHAPE.indexes) {
        const found = t?.GlobalSecondaryIndexes?.find((g) => g.IndexName === index.name);
        const wantIndex = `${index.partitionKey}:HASH,${index.sortKey}:RANGE`;
        if (!found) problems.push(`index ${index.name} is missing`);
        else if (key(found.KeySchema) !== wantIndex)
          problems.push(`index ${index.name} has keys ${key(found.KeySchema)}, expected ${wantIndex}`);
      }
      if (problems.length > 0)
        return {
          status: 'fail',
          summary: `Table ${table} does not have the shape the app writes.`,
          fix: 'Create it as README "Set up in Slack" > the tickets table shows (or deploy infra/), and point TICKETS_TABLE at it.',
          details: problems,
        };
      if (t?.TableStatus && t.TableStatus !== 'ACTIVE')
        return {
          status: 'warn',
          summary: `Table ${table} is ${t.TableStatus}.`,
          fix: 'Wait until it is ACTIVE, then run the doctor again.',
        };
      return { status: 'ok', summary: `Table ${table} has the expected keys and both indexes.` };
    } catch (error) {
      const code = classifyAwsError(error);
      return {
        status: 'fail',
        summary: `dynamodb:DescribeTable on ${table} failed: ${errorName(error) ?? 'unknown error'}.`,
        fix:
          code === 'not-found'
            ? `Create the table (README, "Set up in Slack" > the tickets table) in ${settings.region}, or correct TICKETS_TABLE.`
            : code === 'access-denied'
              ? `Allow dynamodb:DescribeTable, GetItem, PutItem, UpdateItem, Query and DeleteItem on ${table} and its indexes.`
              : 'Check the credentials and the region, then run the doctor again.',
      };
    }
  },
};
