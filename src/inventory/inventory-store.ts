import dynamoose from 'dynamoose';
import type { ModelType, ObjectType } from 'dynamoose/dist/General';
import type { Item } from 'dynamoose/dist/Item';
import type { Query } from 'dynamoose/dist/ItemRetriever';
import { createDynamoDbClient, type DynamoDB } from '../aws';
import type {
  InventoryAccount,
  InventoryGroup,
  InventoryLookup,
  InventoryPermissionSet,
  OrganizationInventory,
  OrphanedAssignments,
} from '../diagnosis/facts/ports';
import type { KnownPrincipal } from '../diagnosis/facts/principal-memory';
import type { Clock } from '../lib/clock';
import { ttlAfter } from '../tickets/change';
import { TABLE_SHAPE } from '../tickets/table';

/** Where a scan stopped, so the next run resumes there. One scan at a time. */
export interface ScanCursor {
  scanId: string;
  startedAt: string;
  /** users → groups (phase 1: principals), permission-sets → assignments (phase 2: orphans). */
  phase: 'users' | 'groups' | 'permission-sets' | 'assignments' | 'metadata';
  /** The NextToken of the users, groups or permission sets listing to resume from. */
  nextToken?: string;
  /** Every permission set of the instance (listed once per scan, during `permission-sets`). */
  permissionSets?: string[];
  /** The permission set reached (index in `permissionSets`). */
  psIndex?: number;
  /** The accounts that permission set is provisioned to, once listed. */
  accounts?: string[];
  /** The account reached (index in `accounts`): every pair before it is done. */
  accountIndex?: number;
  /** `metadata`: the permission set whose provisioning and policies are recorded next (index in
   * `permissionSets`); undefined until the accounts and the organisation are recorded. */
  metaIndex?: number;
  /** `metadata`: where the permission set at `metaIndex` is provisioned, once listed. */
  /** `metadata`: the name of the permission set at `metaIndex`, read with its provisioning. */
  metaName?: string;
  metaProvisioned?: Array<
    [string, 'LATEST_PERMISSION_SET_PROVISIONED' | 'LATEST_PERMISSION_SET_NOT_PROVISIONED']
  >;
}

/** A principal's id and last known name; `scanId` is the scan whose phase 1 last saw it. */
export type NamedPrincipal = KnownPrincipal & { scanId?: string };

/** The inventory scan's state and results: its cursor, the id → name map of every principal a scan has
 * seen, and the orphaned assignments of the last completed scan (looked up by name, never scanned). */
export interface InventoryStore extends InventoryLookup, OrganizationInventory {
  /** Organisation metadata found by scan `scanId` (read through `OrganizationInventory` once complete). */
  saveAccounts(accounts: InventoryAccount[], scanId: string): Promise<void>;
  savePermissionSet(permissionSet: InventoryPermissionSet, scanId: string): Promise<void>;
  saveOrganization(organization: { managementAccountId?: string }, scanId: string): Promise<void>;
  saveGroups(groups: InventoryGroup[], scanId: string): Promise<void>;
  /** Makes scan `scanId`'s organisation metadata the one `OrganizationInventory` answers with. */
  markMetadataComplete(scanId: string, completedAt: string): Promise<void>;
  loadCursor(): Promise<ScanCursor | undefined>;
  /** `undefined` clears it (no scan in progress). */
  saveCursor(cursor: ScanCursor | undefined): Promise<void>;
  /** Adds orphaned assignments found by scan `scanId` (idempotent: a pair re-read after a resume is
   * written again, not added twice). */
  saveOrphans(orphans: OrphanedAssignments[], scanId: string): Promise<void>;
  /** Makes scan `scanId`'s orphans the ones `orphansNamed` answers with. */
  markComplete(scanId: string, completedAt: string): Promise<void>;
  lastCompleted(): Promise<{ scanId: string; completedAt: string } | undefined>;
  /** The last known name (and type) of a principal id, from this scan's phase 1 or an earlier scan's. */
  nameOf(principalId: string): Promise<NamedPrincipal | undefined>;
  /** Records principals (overwriting what was known of each id); `scanId` marks them as current in it. */
  rememberNames(principals: KnownPrincipal[], scanId?: string): Promise<void>;
}

interface OrphanRow {
  principalId: string;
  principalType: 'USER' | 'GROUP';
  lastKnownName: string;
  lastSeen: string;
  accountId: string;
  permissionSetArn: string;
}

/** One row per orphaned assignment → grouped per principal, as `InventoryLookup` answers. */
function groupOrphans(rows: OrphanRow[]): OrphanedAssignments[] {
  const byId = new Map<string, OrphanedAssignments>();
  for (const r of rows) {
    let o = byId.get(r.principalId);
    if (!o) {
      o = {
        principalId: r.principalId,
        principalType: r.principalType,
        lastKnownName: r.lastKnownName,
        lastSeen: r.lastSeen,
        assignments: [],
      };
      byId.set(r.principalId, o);
    }
    if (
      !o.assignments.some((a) => a.accountId === r.accountId && a.permissionSetArn === r.permissionSetArn)
    ) {
      o.assignments.push({ accountId: r.accountId, permissionSetArn: r.permissionSetArn });
    }
  }
  return [...byId.values()];
}

function rowsOf(orphans: OrphanedAssignments[]): OrphanRow[] {
  return orphans.flatMap((o) =>
    o.assignments.map((a) => ({
      principalId: o.principalId,
      principalType: o.principalType,
      lastKnownName: o.lastKnownName,
      lastSeen: o.lastSeen,
      accountId: a.accountId,
      permissionSetArn: a.permissionSetArn,
    })),
  );
}

/** The inventory held in process: tests and the CLI. */
export class InMemoryInventoryStore implements InventoryStore {
  private cursor: ScanCursor | undefined;
  private completed: { scanId: string; completedAt: string } | undefined;
  private readonly names = new Map<string, NamedPrincipal>();
  /** scanId → type#name → rows. */
  private readonly orphans = new Map<string, Map<string, OrphanRow[]>>();
  private metadataDone: { scanId: string; completedAt: string } | undefined;
  /** scanId → ACCOUNT#id | PS#arn | ORG → record. */
  private readonly metadata = new Map<string, Map<string, unknown>>();

  /** `names`: what an earlier scan (or the snapshot's `knownPrincipals`) knew of each id. */
  constructor(names: KnownPrincipal[] = []) {
    for (const p of names) this.names.set(p.principalId, { ...p });
  }

  async loadCursor(): Promise<ScanCursor | undefined> {
    return this.cursor ? structuredClone(this.cursor) : undefined;
  }

  async saveCursor(cursor: ScanCursor | undefined): Promise<void> {
    this.cursor = cursor ? structuredClone(cursor) : undefined;
  }

  async saveOrphans(orphans: OrphanedAssignments[], scanId: string): Promise<void> {
    let scan = this.orphans.get(scanId);
    if (!scan) {
      scan = new Map();
      this.orphans.set(scanId, scan);
    }
    for (const row of rowsOf(orphans)) {
      const key = `${row.principalType}#${row.lastKnownName}`;
      const rows = scan.get(key) ?? [];
      scan.set(key, [...rows, row]);
    }
  }

  async markComplete(scanId: string, completedAt: string): Promise<void> {
    this.completed = { scanId, completedAt };
    // Only the completed scan's results are ever read again.
    for (const id of this.orphans.keys()) if (id !== scanId) this.orphans.delete(id);
  }

  async markMetadataComplete(scanId: string, completedAt: string): Promise<void> {
    this.metadataDone = { scanId, completedAt };
    // Only the completed scan's metadata is ever read again.
    for (const id of this.metadata.keys()) if (id !== scanId) this.metadata.delete(id);
  }

  async metadataCompleted() {
    return this.metadataDone;
  }

  private putMeta(scanId: string, key: string, value: unknown): void {
    let scan = this.metadata.get(scanId);
    if (!scan) {
      scan = new Map();
      this.metadata.set(scanId, scan);
    }
    scan.set(key, structuredClone(value));
  }

  private getMeta<T>(scanId: string, key: string): T | undefined {
    const value = this.metadata.get(scanId)?.get(key);
    return value === undefined ? undefined : (structuredClone(value) as T);
  }

  async saveAccounts(accounts: InventoryAccount[], scanId: string): Promise<void> {
    for (const a of accounts) this.putMeta(scanId, inventoryKeys.metaAccount(a.id), a);
  }

  async savePermissionSet(permissionSet: InventoryPermissionSet, scanId: string): Promise<void> {
    this.putMeta(scanId, inventoryKeys.metaPermissionSet(permissionSet.arn), permissionSet);
  }

  async saveOrganization(organization: { managementAccountId?: string }, scanId: string): Promise<void> {
    this.putMeta(scanId, inventoryKeys.metaOrganization(), organization);
  }

  async saveGroups(groups: InventoryGroup[], scanId: string): Promise<void> {
    for (const g of groups) this.putMeta(scanId, inventoryKeys.metaGroup(g.id), g);
  }

  async groupIn(scanId: string, groupId: string): Promise<InventoryGroup | undefined> {
    return this.getMeta(scanId, inventoryKeys.metaGroup(groupId));
  }

  async accountIn(scanId: string, accountId: string): Promise<InventoryAccount | undefined> {
    return this.getMeta(scanId, inventoryKeys.metaAccount(accountId));
  }

  async permissionSetIn(scanId: string, arn: string): Promise<InventoryPermissionSet | undefined> {
    return this.getMeta(scanId, inventoryKeys.metaPermissionSet(arn));
  }

  async organizationIn(scanId: string): Promise<{ managementAccountId?: string } | undefined> {
    return this.getMeta(scanId, inventoryKeys.metaOrganization());
  }

  async lastCompleted() {
    return this.completed;
  }

  async orphansNamed(type: 'USER' | 'GROUP', name: string): Promise<OrphanedAssignments[] | undefined> {
    if (!this.completed) return undefined;
    return groupOrphans(this.orphans.get(this.completed.scanId)?.get(`${type}#${name}`) ?? []);
  }

  async nameOf(principalId: string): Promise<NamedPrincipal | undefined> {
    return this.names.get(principalId);
  }

  async rememberNames(principals: KnownPrincipal[], scanId?: string): Promise<void> {
    for (const p of principals) this.names.set(p.principalId, scanId ? { ...p, scanId } : { ...p });
  }
}

/** Key layout of the inventory's items in the tickets table: every read is a GetItem or a Query on one
 * partition, never a Scan. */
export const inventoryKeys = {
  cursor: () => ({ pk: 'INVENTORY#CURSOR', sk: 'CURSOR' }),
  completed: () => ({ pk: 'INVENTORY#SCAN', sk: 'COMPLETED' }),
  metadataCompleted: () => ({ pk: 'INVENTORY#SCAN', sk: 'METADATA' }),
  name: (principalId: string) => ({ pk: `INVENTORY#NAME#${principalId}`, sk: 'NAME' }),
  /** The principal memory's item per id (DynamoPrincipalMemory in src/tickets/dynamo-store.ts), read only. */
  memoryById: (principalId: string) => ({ pk: `PRINCIPALID#${principalId}`, sk: 'PRINCIPAL' }),
  /** One item per orphaned assignment, under the name it was last known by, prefixed by its scan. */
  orphans: (type: string, name: string) => `INVENTORY#ORPHAN#${type}#${name}`,
  /** Organisation metadata of one scan: one partition per scan, one item per account / permission set. */
  meta: (scanId: string, sk: string) => ({ pk: `INVENTORY#META#${scanId}`, sk }),
  metaAccount: (accountId: string) => `ACCOUNT#${accountId}`,
  metaPermissionSet: (arn: string) => `PS#${arn}`,
  metaOrganization: () => 'ORG',
  metaGroup: (groupId: string) => `GROUP#${groupId}`,
  orphan: (scanId: string, r: OrphanRow) => ({
    pk: `INVENTORY#ORPHAN#${r.principalType}#${r.lastKnownName}`,
    sk: `${scanId}#${r.principalId}#${r.accountId}#${r.permissionSetArn}`,
  }),
} as const;

interface Row {
  pk: string;
  sk: string;
  doc: string;
  ttl?: number;
}
type RowItem = Row & Item;

export interface DynamoInventoryOptions {
  ddb: DynamoDB;
  tableName: string;
  clock: Clock;
  /** TTL of the cursor, the completion marker and the orphans. Default 30 days. */
  resultDays?: number;
  /** TTL of the id → name map (refreshed by every scan while the principal exists). Default 400 days. */
  nameDays?: number;
  /** Create the table when missing (tests and the embedded store only). */
  createTable?: boolean;
}

let modelCounter = 0;

async function collect(build: () => Query<RowItem>): Promise<RowItem[]> {
  const rows: RowItem[] = [];
  let lastKey: ObjectType | undefined;
  do {
    let query = build();
    if (lastKey) query = query.startAt(lastKey);
    const page = await query.exec();
    rows.push(...page);
    lastKey = page.lastKey;
  } while (lastKey);
  return rows;
}

/** The inventory in the tickets table (single-table design, like the ticket store), through dynamoose. */
export class DynamoInventoryStore implements InventoryStore {
  private readonly model: ModelType<RowItem>;
  private readonly table;
  private readonly resultDays: number;
  private readonly nameDays: number;

  private constructor(private readonly options: DynamoInventoryOptions) {
    const instance = new dynamoose.Instance();
    instance.aws.ddb.set(options.ddb);
    // Own model name and Instance, as in DynamoTicketStore (dynamoose model names are global).
    modelCounter += 1;
    this.model = dynamoose.model<RowItem>(
      `cant-login-inventory-${modelCounter}`,
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
    const create = options.createTable ?? false;
    this.table = new instance.Table(options.tableName, [this.model], {
      create,
      update: false,
      waitForActive: create,
      throughput: 'ON_DEMAND',
      initialize: false,
    });
    this.resultDays = options.resultDays ?? 30;
    this.nameDays = options.nameDays ?? 400;
  }

  static async open(options: DynamoInventoryOptions): Promise<DynamoInventoryStore> {
    const store = new DynamoInventoryStore(options);
    await store.table.initialize();
    return store;
  }

  private ttl(days: number): number {
    return ttlAfter(this.options.clock.now(), days);
  }

  private async getDoc<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
    const row = await this.model.get(key, { consistent: true });
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  private async putDoc(key: { pk: string; sk: string }, value: unknown, days: number): Promise<void> {
    await this.model.create({ ...key, doc: JSON.stringify(value), ttl: this.ttl(days) }, { overwrite: true });
  }

  /** BatchWriteItem, 25 items a request, retrying what DynamoDB left unprocessed. */
  private async putAll(all: Row[]): Promise<void> {
    // A batch may not name one key twice.
    const rows = [...new Map(all.map((r) => [`${r.pk}\u0000${r.sk}`, r])).values()];
    for (let i = 0; i < rows.length; i += 25) {
      let pending: ObjectType[] = rows.slice(i, i + 25) as unknown as ObjectType[];
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt === 5) throw new Error(`DynamoDB left ${pending.length} inventory item(s) unwritten`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        pending = (await this.model.batchPut(pending)).unprocessedItems;
      }
    }
  }

  loadCursor(): Promise<ScanCursor | undefined> {
    return this.getDoc<ScanCursor>(inventoryKeys.cursor());
  }

  async saveCursor(cursor: ScanCursor | undefined): Promise<void> {
    if (cursor) await this.putDoc(inventoryKeys.cursor(), cursor, this.resultDays);
    else await this.model.delete(inventoryKeys.cursor());
  }

  async saveOrphans(orphans: OrphanedAssignments[], scanId: string): Promise<void> {
    const ttl = this.ttl(this.resultDays);
    await this.putAll(
      rowsOf(orphans).map((r) => ({ ...inventoryKeys.orphan(scanId, r), doc: JSON.stringify(r), ttl })),
    );
  }

  markComplete(scanId: string, completedAt: string): Promise<void> {
    return this.putDoc(inventoryKeys.completed(), { scanId, completedAt }, this.resultDays);
  }

  lastCompleted(): Promise<{ scanId: string; completedAt: string } | undefined> {
    return this.getDoc(inventoryKeys.completed());
  }

  markMetadataComplete(scanId: string, completedAt: string): Promise<void> {
    return this.putDoc(inventoryKeys.metadataCompleted(), { scanId, completedAt }, this.resultDays);
  }

  metadataCompleted(): Promise<{ scanId: string; completedAt: string } | undefined> {
    return this.getDoc(inventoryKeys.metadataCompleted());
  }

  async saveAccounts(accounts: InventoryAccount[], scanId: string): Promise<void> {
    const ttl = this.ttl(this.resultDays);
    await this.putAll(
      accounts.map((a) => ({
        ...inventoryKeys.meta(scanId, inventoryKeys.metaAccount(a.id)),
        doc: JSON.stringify(a),
        ttl,
      })),
    );
  }

  savePermissionSet(permissionSet: InventoryPermissionSet, scanId: string): Promise<void> {
    return this.putDoc(
      inventoryKeys.meta(scanId, inventoryKeys.metaPermissionSet(permissionSet.arn)),
      permissionSet,
      this.resultDays,
    );
  }

  saveOrganization(organization: { managementAccountId?: string }, scanId: string): Promise<void> {
    return this.putDoc(
      inventoryKeys.meta(scanId, inventoryKeys.metaOrganization()),
      organization,
      this.resultDays,
    );
  }

  async saveGroups(groups: InventoryGroup[], scanId: string): Promise<void> {
    const ttl = this.ttl(this.resultDays);
    await this.putAll(
      groups.map((g) => ({
        ...inventoryKeys.meta(scanId, inventoryKeys.metaGroup(g.id)),
        doc: JSON.stringify(g),
        ttl,
      })),
    );
  }

  groupIn(scanId: string, groupId: string): Promise<InventoryGroup | undefined> {
    return this.getDoc(inventoryKeys.meta(scanId, inventoryKeys.metaGroup(groupId)));
  }

  accountIn(scanId: string, accountId: string): Promise<InventoryAccount | undefined> {
    return this.getDoc(inventoryKeys.meta(scanId, inventoryKeys.metaAccount(accountId)));
  }

  permissionSetIn(scanId: string, arn: string): Promise<InventoryPermissionSet | undefined> {
    return this.getDoc(inventoryKeys.meta(scanId, inventoryKeys.metaPermissionSet(arn)));
  }

  organizationIn(scanId: string): Promise<{ managementAccountId?: string } | undefined> {
    return this.getDoc(inventoryKeys.meta(scanId, inventoryKeys.metaOrganization()));
  }

  async orphansNamed(type: 'USER' | 'GROUP', name: string): Promise<OrphanedAssignments[] | undefined> {
    const completed = await this.lastCompleted();
    if (!completed) return undefined;
    const rows = await collect(() =>
      this.model
        .query(TABLE_SHAPE.partitionKey)
        .eq(inventoryKeys.orphans(type, name))
        .and()
        .where(TABLE_SHAPE.sortKey)
        .beginsWith(`${completed.scanId}#`),
    );
    return groupOrphans(rows.map((r) => JSON.parse(r.doc) as OrphanRow));
  }

  /** Falls back to the ticket store's principal memory (its item per id, in the same table), so a first
   * scan already names the ids that diagnoses remembered before any scan ran. */
  async nameOf(principalId: string): Promise<NamedPrincipal | undefined> {
    return (
      (await this.getDoc<NamedPrincipal>(inventoryKeys.name(principalId))) ??
      (await this.getDoc<KnownPrincipal>(inventoryKeys.memoryById(principalId)))
    );
  }

  async rememberNames(principals: KnownPrincipal[], scanId?: string): Promise<void> {
    const ttl = this.ttl(this.nameDays);
    await this.putAll(
      principals.map((p) => ({
        ...inventoryKeys.name(p.principalId),
        doc: JSON.stringify(scanId ? { ...p, scanId } : p),
        ttl,
      })),
    );
  }
}

/** The inventory store next to the ticket store: in the tickets table when `tableName` (TICKETS_TABLE) is
 * set, otherwise in process (local runs: nothing survives the process). */
export async function openInventoryStore(options: {
  tableName?: string;
  region: string;
  clock: Clock;
}): Promise<InventoryStore> {
  if (!options.tableName) return new InMemoryInventoryStore();
  return DynamoInventoryStore.open({
    ddb: createDynamoDbClient({ region: options.region }),
    tableName: options.tableName,
    clock: options.clock,
  });
}
