import { randomUUID } from 'node:crypto';
import {
  type AwsClients,
  collectPages,
  DescribeOrganizationCommand,
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  paginateListAccountAssignments,
  paginateListAccounts,
  paginateListAccountsForProvisionedPermissionSet,
  paginateListCustomerManagedPolicyReferencesInPermissionSet,
  paginateListGroups,
  paginateListManagedPoliciesInPermissionSet,
  paginateListPermissionSets,
  paginateListUsers,
} from '../aws';
import { inlineDecides, summarisePolicies } from '../diagnosis/checks/inline-policy';
import type { ProvisioningState } from '../diagnosis/facts/facts';
import type { InventoryAccount, InventoryPermissionSet, OrphanedAssignments } from '../diagnosis/facts/ports';
import type { KnownPrincipal, PrincipalMemory } from '../diagnosis/facts/principal-memory';
import type { Clock } from '../lib/clock';
import type { InventoryStore, NamedPrincipal, ScanCursor } from './inventory-store';

export interface InventoryScanOptions {
  /** The bot's rate-limited clients: the scan never takes more than the bot's share of a quota. */
  clients: AwsClients;
  instance: { InstanceArn: string; IdentityStoreId: string };
  memory: PrincipalMemory;
  store: InventoryStore;
  clock: Clock;
  /** Stop (and save the cursor) once this much time has passed on `clock`. */
  budgetMs?: number;
  /** Stop (and save the cursor) after this many AWS requests (pages). */
  maxCalls?: number;
}

export interface InventoryScanSummary {
  scanId: string;
  /** Where the scan stopped, or `done`. */
  phase: ScanCursor['phase'] | 'done';
  done: boolean;
  /** AWS requests (pages) this run made. */
  calls: number;
  /** Orphaned assignments this run found (and saved) under a known name. */
  orphans: number;
  /** Orphaned assignments whose principal no scan ever saw (no name to find them by): not saved. */
  unnamed: number;
  /** Users and groups this run recorded. */
  principals: number;
}

class Budget {
  calls = 0;
  private readonly startMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly budgetMs: number | undefined,
    private readonly maxCalls: number | undefined,
  ) {
    this.startMs = clock.now();
  }

  /** Whether a step of up to `calls` requests may start: the budget is not spent and the step fits in
   * what is left of `maxCalls` (a run's first step always starts, so every run makes progress). */
  room(calls: number): boolean {
    if (this.spent()) return false;
    return this.maxCalls === undefined || this.calls === 0 || this.calls + calls <= this.maxCalls;
  }

  spent(): boolean {
    return (
      (this.maxCalls !== undefined && this.calls >= this.maxCalls) ||
      (this.budgetMs !== undefined && this.clock.now() - this.startMs >= this.budgetMs)
    );
  }
}

/**
 * Reads pages from `from(token)` while the budget lasts; the budget is checked before every request.
 * `finished: false` carries the token of the first page not read.
 */
async function readPages<P extends { NextToken?: string | undefined }>(
  budget: Budget,
  from: (startingToken: string | undefined) => AsyncIterable<P>,
  startingToken: string | undefined,
  onPage: (page: P) => Promise<void>,
): Promise<{ finished: boolean; nextToken?: string }> {
  if (budget.spent()) return { finished: false, ...(startingToken ? { nextToken: startingToken } : {}) };
  for await (const page of from(startingToken)) {
    budget.calls += 1;
    await onPage(page);
    const token = page.NextToken || undefined;
    if (!token) return { finished: true };
    // Leaving the loop ends the paginator before it asks for the next page.
    if (budget.spent()) return { finished: false, nextToken: token };
  }
  return { finished: true };
}

const STATES: ProvisioningState[] = [
  'LATEST_PERMISSION_SET_PROVISIONED',
  'LATEST_PERMISSION_SET_NOT_PROVISIONED',
];

/** One permission set's name and where it is provisioned (one listing per state), with the calls made. */
async function provisioningOf(
  clients: AwsClients,
  InstanceArn: string,
  arn: string,
): Promise<{ provisioned: InventoryPermissionSet['provisioned']; name: string | undefined; calls: number }> {
  const input = { InstanceArn, PermissionSetArn: arn };
  let calls = 1;
  const name = (await clients.ssoAdmin.send(new DescribePermissionSetCommand(input))).PermissionSet?.Name;
  const provisioned: InventoryPermissionSet['provisioned'] = [];
  for (const state of STATES) {
    const listed = await collectPages(
      paginateListAccountsForProvisionedPermissionSet,
      { client: clients.ssoAdmin, pageSize: 100 },
      { ...input, ProvisioningStatus: state },
      (p) => p.AccountIds,
    );
    calls += listed.pages;
    for (const account of listed.items) provisioned.push([account, state]);
  }
  return { provisioned, name, calls };
}

/** What a permission set's policies amount to (the inline policy first; the attached ones only when it
 * leaves the answer open), with the calls made. */
async function policiesOf(
  clients: AwsClients,
  InstanceArn: string,
  arn: string,
): Promise<{ policies: InventoryPermissionSet['policies']; calls: number }> {
  const input = { InstanceArn, PermissionSetArn: arn };
  let calls = 1;
  const inline =
    (await clients.ssoAdmin.send(new GetInlinePolicyForPermissionSetCommand(input))).InlinePolicy ||
    undefined;
  let attached = 0;
  if (!inlineDecides(inline)) {
    const [managed, customer] = await Promise.all([
      collectPages(
        paginateListManagedPoliciesInPermissionSet,
        { client: clients.ssoAdmin },
        input,
        (p) => p.AttachedManagedPolicies,
      ),
      collectPages(
        paginateListCustomerManagedPolicyReferencesInPermissionSet,
        { client: clients.ssoAdmin },
        input,
        (p) => p.CustomerManagedPolicyReferences,
      ),
    ]);
    calls += managed.pages + customer.pages;
    attached = managed.items.length + customer.items.length;
  }
  return { policies: summarisePolicies(inline, attached), calls };
}

/**
 * One run of the inventory scan. Phase 1 lists every user and group, remembers each one's id and name
 * (the principal memory and the store's id → name map, marked with this scan's id); phase 2 lists every
 * permission set, the accounts it is provisioned to, and each (account, permission set)'s assignments:
 * an assignment to a principal this scan's phase 1 did not see is orphaned, and saved under the name an
 * earlier scan knew it by. The run stops when its budget is spent and saves where it was; the next run
 * resumes there (phase 1 is not repeated). Phase 3 records organisation metadata for the facts layer: every
 * account and its state, the management account, and per permission set where it is provisioned and what
 * its policies amount to. The run that finishes marks the scan complete, which makes its orphans and
 * metadata the ones diagnoses look up.
 */
export async function runInventoryScan(options: InventoryScanOptions): Promise<InventoryScanSummary> {
  const { clients, instance, memory, store, clock } = options;
  const budget = new Budget(clock, options.budgetMs, options.maxCalls);
  const iso = () => new Date(clock.now()).toISOString();
  let cursor: ScanCursor = (await store.loadCursor()) ?? {
    scanId: `${iso()}-${randomUUID().slice(0, 8)}`,
    startedAt: iso(),
    phase: 'users',
  };
  const { scanId } = cursor;
  let orphans = 0;
  let unnamed = 0;
  let principals = 0;
  let done = false;

  const record = async (list: KnownPrincipal[]) => {
    if (list.length === 0) return;
    principals += list.length;
    await memory.remember(list);
    await store.rememberNames(list, scanId);
  };
  const names = new Map<string, Promise<NamedPrincipal | undefined>>();
  const nameOf = (id: string) => {
    let found = names.get(id);
    if (!found) {
      found = store.nameOf(id);
      names.set(id, found);
    }
    return found;
  };
  /** Saves the token to resume from, or moves on to `next` when the listing finished. */
  const advance = (read: { finished: boolean; nextToken?: string }, next: ScanCursor): boolean => {
    if (!read.finished) {
      const { nextToken: _, ...rest } = cursor;
      cursor = { ...rest, ...(read.nextToken ? { nextToken: read.nextToken } : {}) };
      return false;
    }
    cursor = next;
    return true;
  };
  const base = { scanId, startedAt: cursor.startedAt };

  try {
    if (cursor.phase === 'users') {
      const read = await readPages(
        budget,
        (startingToken) =>
          paginateListUsers(
            { client: clients.identityStore, ...(startingToken ? { startingToken } : {}) },
            { IdentityStoreId: instance.IdentityStoreId },
          ),
        cursor.nextToken,
        (page) =>
          record(
            (page.Users ?? []).flatMap((u) =>
              u.UserId && u.UserName
                ? [
                    {
                      principalId: u.UserId,
                      principalType: 'USER' as const,
                      name: u.UserName,
                      lastSeen: iso(),
                    },
                  ]
                : [],
            ),
          ),
      );
      if (!advance(read, { ...base, phase: 'groups' })) return summary();
    }

    if (cursor.phase === 'groups') {
      const read = await readPages(
        budget,
        (startingToken) =>
          paginateListGroups(
            { client: clients.identityStore, ...(startingToken ? { startingToken } : {}) },
            { IdentityStoreId: instance.IdentityStoreId },
          ),
        cursor.nextToken,
        async (page) => {
          // Additively, each group's name and origin, for diagnoses (organisation metadata).
          await store.saveGroups(
            (page.Groups ?? []).flatMap((g) =>
              g.GroupId
                ? [
                    {
                      id: g.GroupId,
                      displayName: g.DisplayName,
                      externallyManaged: (g.ExternalIds?.length ?? 0) > 0,
                    },
                  ]
                : [],
            ),
            scanId,
          );
          await record(
            (page.Groups ?? []).flatMap((g) =>
              g.GroupId && g.DisplayName
                ? [
                    {
                      principalId: g.GroupId,
                      principalType: 'GROUP' as const,
                      name: g.DisplayName,
                      lastSeen: iso(),
                    },
                  ]
                : [],
            ),
          );
        },
      );
      if (!advance(read, { ...base, phase: 'permission-sets', permissionSets: [] })) return summary();
    }

    if (cursor.phase === 'permission-sets') {
      const listed = [...(cursor.permissionSets ?? [])];
      const read = await readPages(
        budget,
        (startingToken) =>
          paginateListPermissionSets(
            { client: clients.ssoAdmin, ...(startingToken ? { startingToken } : {}) },
            { InstanceArn: instance.InstanceArn },
          ),
        cursor.nextToken,
        async (page) => {
          listed.push(...(page.PermissionSets ?? []));
        },
      );
      cursor = { ...cursor, permissionSets: listed };
      if (
        !advance(read, {
          ...base,
          phase: 'assignments',
          permissionSets: listed,
          psIndex: 0,
          accountIndex: 0,
        })
      )
        return summary();
    }

    if (cursor.phase === 'assignments') {
      const permissionSets = cursor.permissionSets ?? [];
      for (let ps = cursor.psIndex ?? 0; ps < permissionSets.length; ps += 1) {
        const PermissionSetArn = permissionSets[ps]!;
        cursor = { ...cursor, psIndex: ps };
        let accounts = cursor.accounts;
        if (!accounts) {
          // An interrupted listing of accounts is read again from its start next time.
          const listed: string[] = [];
          const read = await readPages(
            budget,
            () =>
              paginateListAccountsForProvisionedPermissionSet(
                { client: clients.ssoAdmin },
                { InstanceArn: instance.InstanceArn, PermissionSetArn },
              ),
            undefined,
            async (page) => {
              listed.push(...(page.AccountIds ?? []));
            },
          );
          if (!read.finished) return summary();
          accounts = listed;
          cursor = { ...cursor, accounts, accountIndex: 0 };
        }
        for (let a = cursor.accountIndex ?? 0; a < accounts.length; a += 1) {
          const AccountId = accounts[a]!;
          const rows: Array<{ principalId: string; principalType: 'USER' | 'GROUP' }> = [];
          // An interrupted pair is read again from its start next time (saving its orphans is idempotent).
          const read = await readPages(
            budget,
            () =>
              paginateListAccountAssignments(
                { client: clients.ssoAdmin },
                { InstanceArn: instance.InstanceArn, AccountId, PermissionSetArn },
              ),
            undefined,
            async (page) => {
              for (const row of page.AccountAssignments ?? []) {
                if (row.PrincipalId && (row.PrincipalType === 'USER' || row.PrincipalType === 'GROUP'))
                  rows.push({ principalId: row.PrincipalId, principalType: row.PrincipalType });
              }
            },
          );
          if (!read.finished) return summary();
          const found: OrphanedAssignments[] = [];
          for (const row of rows) {
            const known = await nameOf(row.principalId);
            if (known?.scanId === scanId) continue; // seen by this scan's phase 1: it exists
            if (!known) {
              unnamed += 1;
              continue;
            }
            found.push({
              principalId: row.principalId,
              principalType: row.principalType,
              lastKnownName: known.name,
              lastSeen: known.lastSeen,
              assignments: [{ accountId: AccountId, permissionSetArn: PermissionSetArn }],
            });
          }
          if (found.length > 0) await store.saveOrphans(found, scanId);
          orphans += found.length;
          cursor = { ...cursor, accountIndex: a + 1 };
        }
        const { accounts: _, ...rest } = cursor;
        cursor = { ...rest, psIndex: ps + 1, accountIndex: 0 };
      }
      cursor = { ...base, phase: 'metadata', permissionSets };
    }

    if (cursor.phase === 'metadata') {
      const permissionSets = cursor.permissionSets ?? [];
      if (cursor.metaIndex === undefined) {
        if (!budget.room(2)) return summary();
        // Read whole each time (a few pages): an interrupted listing starts again next run.
        const accounts = await collectPages(
          paginateListAccounts,
          { client: clients.organizations },
          {},
          (p) => p.Accounts,
        );
        budget.calls += accounts.pages;
        await store.saveAccounts(
          accounts.items.flatMap((a): InventoryAccount[] =>
            a.Id ? [{ id: a.Id, name: a.Name, state: a.State ?? a.Status ?? 'ACTIVE' }] : [],
          ),
          scanId,
        );
        budget.calls += 1;
        const organization = await clients.organizations.send(new DescribeOrganizationCommand({}));
        const managementAccountId = organization.Organization?.MasterAccountId;
        await store.saveOrganization(managementAccountId ? { managementAccountId } : {}, scanId);
        cursor = { ...cursor, metaIndex: 0 };
      }
      for (let i = cursor.metaIndex ?? 0; i < permissionSets.length; i += 1) {
        const arn = permissionSets[i]!;
        // Two steps per permission set (where it is provisioned, then its policies), each resumable.
        let provisioned = cursor.metaProvisioned;
        let name = cursor.metaName;
        if (!provisioned) {
          if (!budget.room(3)) return summary();
          const read = await provisioningOf(clients, instance.InstanceArn, arn);
          budget.calls += read.calls;
          provisioned = read.provisioned;
          name = read.name;
          cursor = { ...cursor, metaProvisioned: provisioned, ...(name ? { metaName: name } : {}) };
        }
        if (!budget.room(3)) return summary();
        const read = await policiesOf(clients, instance.InstanceArn, arn);
        budget.calls += read.calls;
        await store.savePermissionSet(
          { arn, provisioned, policies: read.policies, ...(name ? { name } : {}) },
          scanId,
        );
        const { metaProvisioned: _, metaName: __, ...rest } = cursor;
        cursor = { ...rest, metaIndex: i + 1 };
      }
      const completedAt = iso();
      await store.markMetadataComplete(scanId, completedAt);
      await store.markComplete(scanId, completedAt);
      done = true;
    }
    return summary();
  } finally {
    // Also on an error: the next run resumes from the last step that finished.
    await store.saveCursor(done ? undefined : cursor);
  }

  function summary(): InventoryScanSummary {
    return {
      scanId,
      phase: done ? 'done' : cursor.phase,
      done,
      calls: budget.calls,
      orphans,
      unnamed,
      principals,
    };
  }
}
