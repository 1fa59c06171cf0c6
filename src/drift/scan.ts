import { randomUUID } from 'node:crypto';
import {
  type AwsClients,
  type AwsService,
  collectPages,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeOrganizationCommand,
  DescribePermissionSetCommand,
  DescribePermissionSetProvisioningStatusCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  isNotFound,
  paginateListAccountAssignmentCreationStatus,
  paginateListAccountAssignments,
  paginateListAccountAssignmentsForPrincipal,
  paginateListAccounts,
  paginateListAccountsForProvisionedPermissionSet,
  paginateListCustomerManagedPolicyReferencesInPermissionSet,
  paginateListGroupMemberships,
  paginateListGroups,
  paginateListManagedPoliciesInPermissionSet,
  paginateListPermissionSetProvisioningStatus,
  paginateListPermissionSets,
  paginateListUsers,
} from '../aws';
import type { OrphanedAssignments } from '../diagnosis/facts/ports';
import type { KnownPrincipal, PrincipalMemory } from '../diagnosis/facts/principal-memory';
import type { InventoryStore } from '../inventory/inventory-store';
import type { Clock } from '../lib/clock';
import type { Logger } from '../log/logger';
import { detectDrifts, groupsInvolved } from './detect';
import { GapLog, inPool, type SavedGap } from './reads';
import {
  type DriftObservations,
  type DriftReport,
  pairKey,
  type ReadName,
  type ScannedAssignment,
} from './types';

/** Where a drift scan stopped, and what it had read: the next run resumes there. */
export interface DriftScanCursor {
  scanId: string;
  startedAt: string;
  phase: 'listings' | 'permission-sets' | 'pairs' | 'principals' | 'statuses' | 'memberships';
  /** The next unit of the phase (a permission set, a pair, a principal, a group). */
  index: number;
  observations: DriftObservations;
  gaps: SavedGap[];
  /** AWS requests the earlier runs of this scan made. */
  calls: number;
  /** Milliseconds the earlier runs of this scan took. */
  durationMs: number;
}

/** Keeps a scan's cursor between runs (the drift store, or memory). */
export interface DriftCursorStore {
  loadCursor(): Promise<DriftScanCursor | undefined>;
  /** `undefined` clears it. */
  saveCursor(cursor: DriftScanCursor | undefined): Promise<void>;
}

export interface DriftScanOptions {
  /** The bot's rate-limited clients: the scan takes no more than the bot's share of each quota. */
  clients: AwsClients;
  instance: { InstanceArn: string; IdentityStoreId: string };
  /** The inventory's name memory: names stale ids, learns current ones, and receives the orphans. */
  inventory: InventoryStore;
  memory: PrincipalMemory;
  cursors: DriftCursorStore;
  clock: Clock;
  logger: Logger;
  /** Stop (saving the cursor) once this much time has passed on `clock`. */
  budgetMs?: number;
  /** Stop (saving the cursor) after about this many AWS requests. */
  maxCalls?: number;
  /** How far back a FAILED request still counts as a drift. Default 7 days. */
  failureWindowHours?: number;
  /** Units read at once; the rate limiter paces them. Default 8. */
  concurrency?: number;
  /** Also record every current name in `inventory` (only where no inventory scan writes it: in process).
   * Otherwise names come from the principal memory, which the inventory's store falls back to. */
  learnNames?: boolean;
}

/** A run that finished (`report`), or one that stopped on its budget (`cursor` saved). */
export type DriftScanRun =
  | { done: true; report: DriftReport; calls: number }
  | { done: false; phase: DriftScanCursor['phase']; calls: number };

const iso = (ms: number) => new Date(ms).toISOString();

function emptyObservations(at: string, instance: DriftScanOptions['instance']): DriftObservations {
  return {
    at,
    instanceArn: instance.InstanceArn,
    identityStoreId: instance.IdentityStoreId,
    accounts: {},
    users: {},
    groups: {},
    permissionSets: {},
    provisioned: {},
    assignments: [],
    formerNames: {},
    failures: [],
    members: {},
    coverage: { complete: true, gaps: [] },
  };
}

/**
 * One run of the drift scan over the whole instance. Phases: the listings (accounts, users, groups,
 * permission sets), each permission set (its name, whether it grants anything, where it is provisioned
 * and where that is out of date), each provisioned pair's assignments (as the inventory scan reads
 * them: stale principal ids are named from the inventory and saved as its orphans), each current
 * principal's assignments (the only way to see an assignment whose permission set is not provisioned),
 * recent failed requests, and the members of the groups the drifts involve. A run stops when its budget
 * is spent and saves its cursor; the next resumes there. Every read that fails is a coverage gap.
 */
export async function runDriftScan(options: DriftScanOptions): Promise<DriftScanRun> {
  const { clients, instance, inventory, clock, logger } = options;
  const concurrency = options.concurrency ?? 8;
  const startMs = clock.now();
  let runCalls = 0;
  const unsubscribe = clients.calls.subscribe(() => {
    runCalls += 1;
  });
  const spent = () =>
    (options.maxCalls !== undefined && runCalls >= options.maxCalls) ||
    (options.budgetMs !== undefined && clock.now() - startMs >= options.budgetMs);

  const saved = await options.cursors.loadCursor();
  const cursor: DriftScanCursor = saved ?? {
    scanId: `drift-${iso(startMs)}-${randomUUID().slice(0, 8)}`,
    startedAt: iso(startMs),
    phase: 'listings',
    index: 0,
    observations: emptyObservations(iso(startMs), instance),
    gaps: [],
    calls: 0,
    durationMs: 0,
  };
  const obs = cursor.observations;
  const gaps = new GapLog(logger);
  gaps.restore(cursor.gaps);
  const { InstanceArn, IdentityStoreId } = instance;

  /** Runs one read; a failure becomes a gap of `read` and the read's result is undefined. */
  const read = async <T>(
    name: ReadName,
    service: AwsService,
    operation: string,
    what: string,
    call: () => Promise<T>,
  ): Promise<T | undefined> => {
    try {
      return await call();
    } catch (error) {
      gaps.failed(name, error, service, operation, what);
      return undefined;
    }
  };

  /** Processes the phase's units from the cursor's index while the budget lasts. */
  const units = async <T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<boolean> => {
    while (cursor.index < items.length) {
      if (spent()) return false;
      const batch = items.slice(cursor.index, cursor.index + concurrency);
      await inPool(batch, concurrency, work);
      cursor.index += batch.length;
    }
    cursor.index = 0;
    return true;
  };

  const seen = new Set(obs.assignments.map(assignmentKey));
  const addAssignment = (a: ScannedAssignment) => {
    const key = assignmentKey(a);
    if (seen.has(key)) return;
    seen.add(key);
    obs.assignments.push(a);
  };

  let finished = false;
  try {
    if (cursor.phase === 'listings') {
      await readListings();
      cursor.phase = 'permission-sets';
      cursor.index = 0;
    }
    if (cursor.phase === 'permission-sets') {
      if (!(await units(Object.keys(obs.permissionSets), readPermissionSet))) return stopped();
      cursor.phase = 'pairs';
    }
    if (cursor.phase === 'pairs') {
      if (!(await units(Object.keys(obs.provisioned), readPair))) return stopped();
      cursor.phase = 'principals';
    }
    if (cursor.phase === 'principals') {
      const principals = [
        ...Object.keys(obs.groups).map((id) => ({ type: 'GROUP' as const, id })),
        ...Object.keys(obs.users).map((id) => ({ type: 'USER' as const, id })),
      ];
      if (!(await units(principals, readPrincipal))) return stopped();
      cursor.phase = 'statuses';
    }
    if (cursor.phase === 'statuses') {
      await readFailures();
      await saveOrphans();
      cursor.phase = 'memberships';
      cursor.index = 0;
    }
    // cursor.phase === 'memberships'
    obs.coverage = gaps.coverage();
    // The groups still to read (those read are left out), so a resumed run starts from the first.
    const groups = groupsInvolved(detectDrifts(obs).drifts, obs);
    cursor.index = 0;
    if (!(await units(groups, readMembers))) return stopped();
    obs.coverage = gaps.coverage();
    const { drifts, coverage } = detectDrifts(obs);
    finished = true;
    const calls = cursor.calls + runCalls;
    return {
      done: true,
      calls: runCalls,
      report: {
        drifts,
        coverage,
        stats: { awsCalls: calls, durationMs: cursor.durationMs + (clock.now() - startMs) },
        at: obs.at,
        ...(obs.managementAccountId ? { managementAccountId: obs.managementAccountId } : {}),
      },
    };
  } finally {
    unsubscribe();
    if (finished) {
      await options.cursors.saveCursor(undefined);
    } else {
      // Also on an error: the next run resumes from the last unit that finished.
      cursor.gaps = gaps.dump();
      cursor.calls += runCalls;
      cursor.durationMs += clock.now() - startMs;
      await options.cursors.saveCursor(cursor);
    }
  }

  function stopped(): DriftScanRun {
    return { done: false, phase: cursor.phase, calls: runCalls };
  }

  async function readListings(): Promise<void> {
    const [accounts, org, users, groups, permissionSets] = await Promise.all([
      read('accounts', 'organizations', 'ListAccounts', 'list the accounts of the organisation', () =>
        collectPages(paginateListAccounts, { client: clients.organizations }, {}, (p) => p.Accounts),
      ),
      read('accounts', 'organizations', 'DescribeOrganization', 'read the organisation', () =>
        clients.organizations.send(new DescribeOrganizationCommand({})),
      ),
      read('principals', 'identitystore', 'ListUsers', 'list the users', () =>
        collectPages(
          paginateListUsers,
          { client: clients.identityStore },
          { IdentityStoreId },
          (p) => p.Users,
        ),
      ),
      read('principals', 'identitystore', 'ListGroups', 'list the groups', () =>
        collectPages(
          paginateListGroups,
          { client: clients.identityStore },
          { IdentityStoreId },
          (p) => p.Groups,
        ),
      ),
      read('permission-sets', 'sso', 'ListPermissionSets', 'list the permission sets', () =>
        collectPages(
          paginateListPermissionSets,
          { client: clients.ssoAdmin },
          { InstanceArn },
          (p) => p.PermissionSets,
        ),
      ),
    ]);
    for (const a of accounts?.items ?? []) {
      // `Status` is being retired in favour of `State`; read the new one first.
      if (a.Id)
        obs.accounts[a.Id] = { ...(a.Name ? { name: a.Name } : {}), state: a.State ?? a.Status ?? 'ACTIVE' };
    }
    const management = org?.Organization?.MasterAccountId;
    if (management) obs.managementAccountId = management;
    const seenAt = iso(clock.now());
    const known: KnownPrincipal[] = [];
    for (const u of users?.items ?? []) {
      if (!u.UserId) continue;
      obs.users[u.UserId] = u.UserName ?? u.UserId;
      if (u.UserName)
        known.push({ principalId: u.UserId, principalType: 'USER', name: u.UserName, lastSeen: seenAt });
    }
    for (const g of groups?.items ?? []) {
      if (!g.GroupId) continue;
      obs.groups[g.GroupId] = g.DisplayName ?? g.GroupId;
      if (g.DisplayName)
        known.push({ principalId: g.GroupId, principalType: 'GROUP', name: g.DisplayName, lastSeen: seenAt });
    }
    // Only listings that completed teach the memory (a partial one says nothing about who is gone).
    if (users && groups && known.length > 0) {
      await options.memory.remember(known);
      // The inventory's own scan marks the names it writes with its scan id and reads that mark back
      // mid-scan, so only a scan that is the inventory's sole writer may write names there.
      if (options.learnNames) await inventory.rememberNames(known);
    }
    for (const arn of permissionSets?.items ?? []) obs.permissionSets[arn] = {};
  }

  async function readPermissionSet(arn: string): Promise<void> {
    const input = { InstanceArn, PermissionSetArn: arn };
    const [described, inline, managed, customer, boundary, all, outdated] = await Promise.all([
      read('permission-sets', 'sso', 'DescribePermissionSet', 'describe permission sets', () =>
        clients.ssoAdmin.send(new DescribePermissionSetCommand(input)),
      ),
      read('permission-sets', 'sso', 'GetInlinePolicyForPermissionSet', 'read inline policies', () =>
        clients.ssoAdmin.send(new GetInlinePolicyForPermissionSetCommand(input)),
      ),
      read('permission-sets', 'sso', 'ListManagedPoliciesInPermissionSet', 'list managed policies', () =>
        collectPages(
          paginateListManagedPoliciesInPermissionSet,
          { client: clients.ssoAdmin },
          input,
          (p) => p.AttachedManagedPolicies,
        ),
      ),
      read(
        'permission-sets',
        'sso',
        'ListCustomerManagedPolicyReferencesInPermissionSet',
        'list customer managed policy references',
        () =>
          collectPages(
            paginateListCustomerManagedPolicyReferencesInPermissionSet,
            { client: clients.ssoAdmin },
            input,
            (p) => p.CustomerManagedPolicyReferences,
          ),
      ),
      readBoundary(input),
      read(
        'provisioning',
        'sso',
        'ListAccountsForProvisionedPermissionSet',
        'list where permission sets are provisioned',
        () =>
          collectPages(
            paginateListAccountsForProvisionedPermissionSet,
            { client: clients.ssoAdmin },
            input,
            (p) => p.AccountIds,
          ),
      ),
      read(
        'provisioning',
        'sso',
        'ListAccountsForProvisionedPermissionSet',
        'list where permission sets are out of date',
        () =>
          collectPages(
            paginateListAccountsForProvisionedPermissionSet,
            { client: clients.ssoAdmin },
            { ...input, ProvisioningStatus: 'LATEST_PERMISSION_SET_NOT_PROVISIONED' as const },
            (p) => p.AccountIds,
          ),
      ),
    ]);
    const name = described?.PermissionSet?.Name;
    const policiesRead = inline && managed && customer && boundary !== 'failed';
    obs.permissionSets[arn] = {
      ...(name ? { name } : {}),
      provisioningRead: all !== undefined && outdated !== undefined,
      ...(policiesRead
        ? {
            empty:
              !inline.InlinePolicy?.trim() &&
              managed.items.length === 0 &&
              customer.items.length === 0 &&
              boundary === undefined,
          }
        : {}),
    };
    const stale = new Set(outdated?.items ?? []);
    for (const accountId of all?.items ?? []) {
      obs.provisioned[pairKey(accountId, arn)] = stale.has(accountId)
        ? 'LATEST_PERMISSION_SET_NOT_PROVISIONED'
        : 'LATEST_PERMISSION_SET_PROVISIONED';
    }
  }

  /** The boundary (a boundary alone grants nothing, but an admin who set one meant something), undefined
   * when there is none (AWS answers not found), `failed` when it could not be read. */
  async function readBoundary(input: { InstanceArn: string; PermissionSetArn: string }) {
    try {
      const out = await clients.ssoAdmin.send(new GetPermissionsBoundaryForPermissionSetCommand(input));
      return out.PermissionsBoundary;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      gaps.failed(
        'permission-sets',
        error,
        'sso',
        'GetPermissionsBoundaryForPermissionSet',
        'read permissions boundaries',
      );
      return 'failed' as const;
    }
  }

  async function readPair(key: string): Promise<void> {
    const [accountId, permissionSetArn] = key.split('|') as [string, string];
    const rows = await read('assignments', 'sso', 'ListAccountAssignments', 'list account assignments', () =>
      collectPages(
        paginateListAccountAssignments,
        { client: clients.ssoAdmin },
        { InstanceArn, AccountId: accountId, PermissionSetArn: permissionSetArn },
        (p) => p.AccountAssignments,
      ),
    );
    for (const r of rows?.items ?? []) {
      if (!r.PrincipalId || (r.PrincipalType !== 'USER' && r.PrincipalType !== 'GROUP')) continue;
      addAssignment({
        accountId,
        permissionSetArn,
        principalType: r.PrincipalType,
        principalId: r.PrincipalId,
      });
      const current = r.PrincipalType === 'USER' ? obs.users[r.PrincipalId] : obs.groups[r.PrincipalId];
      if (current === undefined && !obs.formerNames[r.PrincipalId]) {
        const known = await inventory.nameOf(r.PrincipalId).catch((error: unknown) => {
          logger.warn(
            { err: error, principalId: r.PrincipalId },
            'could not read the inventory name of a principal',
          );
          gaps.add('principals', 'could not read the names the inventory remembers');
          return undefined;
        });
        if (known && known.principalType === r.PrincipalType) {
          obs.formerNames[r.PrincipalId] = {
            type: known.principalType,
            name: known.name,
            lastSeen: known.lastSeen,
          };
        }
      }
    }
  }

  async function readPrincipal(p: { type: 'USER' | 'GROUP'; id: string }): Promise<void> {
    const rows = await read(
      'assignments',
      'sso',
      'ListAccountAssignmentsForPrincipal',
      "list each principal's assignments",
      () =>
        collectPages(
          paginateListAccountAssignmentsForPrincipal,
          { client: clients.ssoAdmin },
          { InstanceArn, PrincipalId: p.id, PrincipalType: p.type },
          (page) => page.AccountAssignments,
        ),
    );
    for (const r of rows?.items ?? []) {
      // Only the principal's own rows: where AWS adds a user's group rows, the group's sweep has them.
      if (r.AccountId && r.PermissionSetArn && r.PrincipalId === p.id)
        addAssignment({
          accountId: r.AccountId,
          permissionSetArn: r.PermissionSetArn,
          principalType: p.type,
          principalId: p.id,
        });
    }
  }

  async function readFailures(): Promise<void> {
    const since = startMs - (options.failureWindowHours ?? 168) * 3600_000;
    const recent = <T extends { CreatedDate?: Date | undefined; RequestId?: string | undefined }>(
      items: T[],
    ) =>
      items.filter(
        (s): s is T & { RequestId: string } =>
          Boolean(s.RequestId) && (!s.CreatedDate || s.CreatedDate.getTime() >= since),
      );
    const list = (status: 'FAILED' | 'IN_PROGRESS') =>
      Promise.all([
        read(
          'statuses',
          'sso',
          'ListPermissionSetProvisioningStatus',
          `list ${status.toLowerCase()} provisionings`,
          () =>
            collectPages(
              paginateListPermissionSetProvisioningStatus,
              { client: clients.ssoAdmin },
              { InstanceArn, Filter: { Status: status } },
              (p) => p.PermissionSetsProvisioningStatus,
            ),
        ),
        read(
          'statuses',
          'sso',
          'ListAccountAssignmentCreationStatus',
          `list ${status.toLowerCase()} assignment creations`,
          () =>
            collectPages(
              paginateListAccountAssignmentCreationStatus,
              { client: clients.ssoAdmin },
              { InstanceArn, Filter: { Status: status } },
              (p) => p.AccountAssignmentsCreationStatus,
            ),
        ),
      ]);
    const [[provisioning, creations], [runningProvisionings, runningCreations]] = await Promise.all([
      list('FAILED'),
      list('IN_PROGRESS'),
    ]);
    const running = new Set<string>();
    await inPool(
      [
        ...(runningProvisionings?.items ?? []).map((s) => ({
          kind: 'provisioning' as const,
          id: s.RequestId,
        })),
        ...(runningCreations?.items ?? []).map((s) => ({ kind: 'assignment' as const, id: s.RequestId })),
      ].filter((s): s is { kind: 'provisioning' | 'assignment'; id: string } => Boolean(s.id)),
      concurrency,
      async (s) => {
        if (s.kind === 'provisioning') {
          const out = await read(
            'statuses',
            'sso',
            'DescribePermissionSetProvisioningStatus',
            'read running provisionings',
            () =>
              clients.ssoAdmin.send(
                new DescribePermissionSetProvisioningStatusCommand({
                  InstanceArn,
                  ProvisionPermissionSetRequestId: s.id,
                }),
              ),
          );
          const d = out?.PermissionSetProvisioningStatus;
          if (d?.Status === 'IN_PROGRESS' && d.PermissionSetArn) {
            // One aimed at every provisioned account carries no account id.
            if (d.AccountId) running.add(pairKey(d.AccountId, d.PermissionSetArn));
            else for (const id of Object.keys(obs.accounts)) running.add(pairKey(id, d.PermissionSetArn));
          }
        } else {
          const out = await read(
            'statuses',
            'sso',
            'DescribeAccountAssignmentCreationStatus',
            'read running assignment creations',
            () =>
              clients.ssoAdmin.send(
                new DescribeAccountAssignmentCreationStatusCommand({
                  InstanceArn,
                  AccountAssignmentCreationRequestId: s.id,
                }),
              ),
          );
          const d = out?.AccountAssignmentCreationStatus;
          if (d?.Status === 'IN_PROGRESS' && d.TargetId && d.PermissionSetArn)
            running.add(pairKey(d.TargetId, d.PermissionSetArn));
        }
      },
    );
    obs.inProgress = [...running].sort();
    await inPool(recent(provisioning?.items ?? []), concurrency, async (s) => {
      const out = await read(
        'statuses',
        'sso',
        'DescribePermissionSetProvisioningStatus',
        'read failed provisionings',
        () =>
          clients.ssoAdmin.send(
            new DescribePermissionSetProvisioningStatusCommand({
              InstanceArn,
              ProvisionPermissionSetRequestId: s.RequestId,
            }),
          ),
      );
      const d = out?.PermissionSetProvisioningStatus;
      if (d?.Status === 'FAILED' && d.AccountId && d.PermissionSetArn)
        obs.failures.push({
          requestId: s.RequestId,
          operation: 'provisioning',
          accountId: d.AccountId,
          permissionSetArn: d.PermissionSetArn,
          ...(d.FailureReason ? { failureReason: d.FailureReason } : {}),
          ...(d.CreatedDate ? { createdDate: d.CreatedDate.toISOString() } : {}),
        });
    });
    await inPool(recent(creations?.items ?? []), concurrency, async (s) => {
      const out = await read(
        'statuses',
        'sso',
        'DescribeAccountAssignmentCreationStatus',
        'read failed assignment creations',
        () =>
          clients.ssoAdmin.send(
            new DescribeAccountAssignmentCreationStatusCommand({
              InstanceArn,
              AccountAssignmentCreationRequestId: s.RequestId,
            }),
          ),
      );
      const d = out?.AccountAssignmentCreationStatus;
      if (d?.Status === 'FAILED' && d.TargetId && d.PermissionSetArn)
        obs.failures.push({
          requestId: s.RequestId,
          operation: 'assignment',
          accountId: d.TargetId,
          permissionSetArn: d.PermissionSetArn,
          ...(d.FailureReason ? { failureReason: d.FailureReason } : {}),
          ...(d.CreatedDate ? { createdDate: d.CreatedDate.toISOString() } : {}),
          ...(d.PrincipalId && (d.PrincipalType === 'USER' || d.PrincipalType === 'GROUP')
            ? { principal: { type: d.PrincipalType, id: d.PrincipalId } }
            : {}),
        });
    });
    obs.failures.sort((a, b) => (b.createdDate ?? '').localeCompare(a.createdDate ?? ''));
  }

  /** Hands the stale assignments to the inventory (diagnoses look them up by name) and marks its scan
   * complete, as the inventory scan does: one pass over the pairs serves both. */
  async function saveOrphans(): Promise<void> {
    const orphans = new Map<string, OrphanedAssignments>();
    for (const a of obs.assignments) {
      const former = obs.formerNames[a.principalId];
      if (!former) continue;
      const o = orphans.get(a.principalId) ?? {
        principalId: a.principalId,
        principalType: former.type,
        lastKnownName: former.name,
        lastSeen: former.lastSeen,
        assignments: [],
      };
      o.assignments.push({ accountId: a.accountId, permissionSetArn: a.permissionSetArn });
      orphans.set(a.principalId, o);
    }
    // A scan that could not read every pair or principal must not replace a complete inventory.
    if (gaps.coverage().gaps.some((g) => g.check === 'assignments' || g.check === 'principals')) return;
    try {
      if (orphans.size > 0) await inventory.saveOrphans([...orphans.values()], cursor.scanId);
      await inventory.markComplete(cursor.scanId, iso(clock.now()));
    } catch (error) {
      logger.warn({ err: error }, 'could not save the orphaned assignments to the inventory');
    }
  }

  async function readMembers(groupId: string): Promise<void> {
    const rows = await read(
      'memberships',
      'identitystore',
      'ListGroupMemberships',
      'list group members',
      () =>
        collectPages(
          paginateListGroupMemberships,
          { client: clients.identityStore },
          { IdentityStoreId, GroupId: groupId },
          (p) => p.GroupMemberships,
        ),
    );
    if (rows)
      obs.members[groupId] = rows.items.flatMap((m) => (m.MemberId?.UserId ? [m.MemberId.UserId] : []));
  }
}

const assignmentKey = (a: ScannedAssignment) =>
  `${a.accountId}|${a.permissionSetArn}|${a.principalType}|${a.principalId}`;

/** Runs the scan to the end in one go (the CLI): no budget. */
export async function scanDrift(
  options: Omit<DriftScanOptions, 'budgetMs' | 'maxCalls'>,
): Promise<DriftReport> {
  const run = await runDriftScan(options);
  if (!run.done) throw new Error(`drift scan stopped in phase ${run.phase} without a budget`);
  return run.report;
}

/** A cursor store held in process (the CLI and tests). */
export class InMemoryCursorStore implements DriftCursorStore {
  private cursor: DriftScanCursor | undefined;

  async loadCursor() {
    return this.cursor ? structuredClone(this.cursor) : undefined;
  }

  async saveCursor(cursor: DriftScanCursor | undefined) {
    this.cursor = cursor ? structuredClone(cursor) : undefined;
  }
}
