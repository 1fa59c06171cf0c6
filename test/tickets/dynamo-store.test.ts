import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDynamoDbClient, type DynamoDB } from '../../src/aws';
import { ManualClock } from '../../src/lib/clock';
import { DynamoTicketStore } from '../../src/tickets/dynamo-store';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../src/tickets/embedded';
import { EMBEDDED_TABLE, openTicketStore } from '../../src/tickets/open-store';
import { DEFAULT_RETENTION, type TicketStore } from '../../src/tickets/store';
import { TABLE_SHAPE } from '../../src/tickets/table';
import { type Ticket, TicketConflictError } from '../../src/tickets/types';
import { describeTicketStore, makeTicket, T0 } from './store-behaviour';

describeTicketStore('DynamoTicketStore on in-memory dynalite', (clock, retention) =>
  openTicketStore({ dataDir: ':memory:', clock, retention: retention ?? DEFAULT_RETENTION }),
);

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const audit = { actor: 'U_REQUESTER', action: 'ticket.created' };

describe('DynamoTicketStore on dynalite', () => {
  const stores: TicketStore[] = [];
  const servers: EmbeddedDynamo[] = [];
  const clients: DynamoDB[] = [];
  const dirs: string[] = [];

  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const c of clients.splice(0)) c.destroy();
    for (const s of servers.splice(0)) await s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function server(): Promise<{ embedded: EmbeddedDynamo; ddb: DynamoDB }> {
    const embedded = await startEmbeddedDynamo();
    servers.push(embedded);
    const ddb = createDynamoDbClient({ region: 'us-east-1', endpoint: embedded.endpoint, credentials });
    clients.push(ddb);
    return { embedded, ddb };
  }

  it('a crash right after the ticket write loses nothing: the change and its audit event are one write', async () => {
    const { embedded, ddb } = await server();
    const clock = new ManualClock(T0);
    // The process dies the moment DynamoDB has applied the update, before any other line runs.
    let crashAfterUpdate = false;
    const dying = new Proxy(ddb, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop !== 'updateItem' || typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const out = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (crashAfterUpdate) throw new Error('the process died');
          return out;
        };
      },
    });
    const store = await DynamoTicketStore.open({
      ddb: dying,
      tableName: 'crash-table',
      clock,
      createTable: true,
    });
    stores.push(store);
    await store.create(makeTicket('t-1', T0), audit);
    crashAfterUpdate = true;
    await expect(
      store.change('t-1', {
        from: 'created',
        to: 'diagnosed',
        expectedVersion: 1,
        audit: { actor: 'bot', action: 'diagnosis.done' },
      }),
    ).rejects.toThrow('the process died');
    // A fresh process reading the same table finds the change and its event together.
    const fresh = await DynamoTicketStore.open({ ddb, tableName: 'crash-table', clock, createTable: false });
    stores.push(fresh);
    expect((await fresh.get('t-1'))?.state).toBe('diagnosed');
    expect((await fresh.auditOf('t-1')).map((e) => e.action)).toEqual(['ticket.created', 'diagnosis.done']);
    expect(embedded.endpoint).toEqual(expect.any(String));
  });

  it('keeps tickets, audit and principals on disk across a close and a reopen of the same directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cant-login-tickets-'));
    dirs.push(dataDir);
    const clock = new ManualClock(T0);
    const first = await openTicketStore({ dataDir, clock, retention: DEFAULT_RETENTION });
    stores.push(first);
    await first.create(makeTicket('t-1', T0), audit);
    clock.advance(60_000);
    const changed = await first.change('t-1', {
      from: 'created',
      to: 'diagnosed',
      expectedVersion: 1,
      audit: { actor: 'bot', action: 'diagnosis.done', details: { checks: 21 } },
    });
    const principal = {
      principalId: 'u-1',
      principalType: 'USER' as const,
      name: 'alice',
      lastSeen: '2025-10-14T00:00:00.000Z',
    };
    await first.principals.remember([principal]);
    const trail = await first.auditOf('t-1');
    expect(trail).toHaveLength(2);
    await first.close();
    stores.splice(0);

    const second = await openTicketStore({ dataDir, clock, retention: DEFAULT_RETENTION });
    stores.push(second);
    expect(await second.get('t-1')).toStrictEqual(changed);
    expect(await second.auditOf('t-1')).toStrictEqual(trail);
    expect(await second.forSubject('U_ALICE', 10)).toStrictEqual([changed]);
    expect(await second.inState('diagnosed', 10)).toStrictEqual([changed]);
    expect(await second.principals.findByName('USER', 'alice')).toStrictEqual([principal]);
    // The reopened store goes on from the stored version.
    clock.advance(60_000);
    await expect(
      second.change('t-1', {
        from: 'diagnosed',
        to: 'closed',
        expectedVersion: 1,
        audit: { actor: 'bot', action: 'x' },
      }),
    ).rejects.toBeInstanceOf(TicketConflictError);
    await expect(
      second.change('t-1', {
        from: 'diagnosed',
        to: 'closed',
        expectedVersion: 2,
        audit: { actor: 'bot', action: 'x' },
      }),
    ).resolves.toMatchObject({ state: 'closed', version: 3 });
  });

  it('with createTable: false, fails on first use against a missing table and creates none', async () => {
    const { ddb } = await server();
    const clock = new ManualClock(T0);
    let error: unknown;
    try {
      const store = await DynamoTicketStore.open({
        ddb,
        tableName: EMBEDDED_TABLE,
        clock,
        createTable: false,
      });
      stores.push(store);
      await store.create(makeTicket('t-1', T0), audit);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('ResourceNotFoundException');
    expect(await ddb.listTables({})).toMatchObject({ TableNames: [] });
  });

  it('with createTable: true, creates the table with the keys and indexes of TABLE_SHAPE', async () => {
    const { ddb } = await server();
    const store = await DynamoTicketStore.open({
      ddb,
      tableName: 'tickets-test',
      clock: new ManualClock(T0),
      createTable: true,
    });
    stores.push(store);
    expect(await ddb.listTables({})).toMatchObject({ TableNames: ['tickets-test'] });
    const { Table } = await ddb.describeTable({ TableName: 'tickets-test' });
    expect(Table?.KeySchema).toStrictEqual([
      { AttributeName: TABLE_SHAPE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_SHAPE.sortKey, KeyType: 'RANGE' },
    ]);
    const indexes = (Table?.GlobalSecondaryIndexes ?? [])
      .map((i) => ({ name: i.IndexName, keys: i.KeySchema?.map((k) => `${k.AttributeName}:${k.KeyType}`) }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name)));
    expect(indexes).toStrictEqual(
      TABLE_SHAPE.indexes.map((i) => ({
        name: i.name,
        keys: [`${i.partitionKey}:HASH`, `${i.sortKey}:RANGE`],
      })),
    );
  });

  it('lets exactly one of two store instances on the same table win a race (two bot processes, 10 rounds)', async () => {
    const { ddb } = await server();
    const clock = new ManualClock(T0);
    const a = await DynamoTicketStore.open({ ddb, tableName: 'tickets-race', clock, createTable: true });
    const b = await DynamoTicketStore.open({ ddb, tableName: 'tickets-race', clock, createTable: false });
    stores.push(a, b);
    for (let round = 0; round < 10; round++) {
      const id = `race-${round}`;
      await a.create(makeTicket(id, clock.now(), { state: 'awaiting-approval' }), audit);
      const change = (store: TicketStore, actor: string) =>
        store.change(id, {
          from: 'awaiting-approval',
          to: 'approved',
          expectedVersion: 1,
          audit: { actor, action: 'approved' },
        });
      const results = await Promise.allSettled([change(a, 'U_A'), change(b, 'U_B')]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const loss = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
      expect(loss.reason).toBeInstanceOf(TicketConflictError);
      const final = (await b.get(id)) as Ticket;
      expect(final.version).toBe(2);
      expect((loss.reason as TicketConflictError).current).toStrictEqual(final);
      expect(await a.auditOf(id)).toHaveLength(2);
      clock.advance(60_000);
    }
  });
});
