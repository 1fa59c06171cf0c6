import {
  AwsCallError,
  type AwsClients,
  type AwsService,
  collectPages,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeGroupCommand,
  DescribeOrganizationCommand,
  DescribePermissionSetCommand,
  DescribePermissionSetProvisioningStatusCommand,
  DescribeUserCommand,
  GetCallerIdentityCommand,
  GetGroupIdCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetUserIdCommand,
  isNotFound,
  ListAccountsCommand,
  paginateListAccountAssignmentCreationStatus,
  paginateListAccountAssignments,
  paginateListAccountAssignmentsForPrincipal,
  paginateListAccountsForProvisionedPermissionSet,
  paginateListApplicationAssignmentsForPrincipal,
  paginateListApplications,
  paginateListCustomerManagedPolicyReferencesInPermissionSet,
  paginateListGroupMembershipsForMember,
  paginateListManagedPoliciesInPermissionSet,
  paginateListPermissionSetProvisioningStatus,
  paginateListPermissionSetsProvisionedToAccount,
  paginateLookupEvents,
  type User,
} from '../../aws';
import { type AccountInfo, awsCall, readAccount } from '../../aws/reads';
import { type InstanceResolution, resolveInstance } from '../../inventory/resolve-instance';
import type { Clock } from '../../lib/clock';
import { rejectionDeliveredElsewhere } from '../../lib/delivered-elsewhere';
import type { SingleFlight } from '../../lib/single-flight';
import type { Logger } from '../../log/logger';
import { inlineDecides } from '../checks/inline-policy';
import type { DiagnosisRequest } from '../types';
import {
  CACHE_KEYS,
  type InventoryLookup,
  type MetadataCache,
  type OrganizationInventory,
  type SignInIndex,
} from './ports';
import type { KnownPrincipal, PrincipalMemory } from './principal-memory';
import { cheaperByPermissionSet, readAccountsForPermissionSet } from './provisioning-reads';
import { notePartial } from './read-scope';
import { PROVISIONED_BY_PS_PREFIX, SharedMetadataCache } from './shared-metadata';
import { isAbout, parseSignInEvent, type SignInEvent } from './signin-events';
import type { SignInSource, SignInSourceKind, SourcedRead } from './signin-sources';

/** Limits and settings of one diagnosis. */
export interface DiagnosisSettings {
  region: string;
  instanceArn?: string;
  /** How far back "recent" goes. */
  windowHours: number;
  /** LookupEvents pages read per event source (50 events a page). */
  maxEventPages: number;
  /** Recent FAILED / IN_PROGRESS requests described per kind, newest first. */
  maxStatusRequests: number;
  /** `cheaper`: read the provisioning of the person's pairs per permission set when that is fewer calls
   * than per account (provisioning-reads.ts). Default `by-account`. */
  provisioningReads?: 'by-account' | 'cheaper';
  /** How old the last completed inventory scan may be for its organisation metadata to be used
   * (INVENTORY_MAX_AGE_MINUTES); older, and everything is read live. */
  inventoryMaxAgeMinutes?: number;
}

export const DEFAULT_SETTINGS: Omit<DiagnosisSettings, 'region'> = {
  inventoryMaxAgeMinutes: 60,
  windowHours: 24,
  maxEventPages: 10,
  maxStatusRequests: 25,
};

export interface FactsDeps {
  clients: AwsClients;
  clock: Clock;
  memory: PrincipalMemory;
  settings: DiagnosisSettings;
  /** Metadata kept between diagnoses; without it every diagnosis reads afresh. */
  cache?: MetadataCache;
  /** Sign-in events indexed by person; without it, LookupEvents is paged (bounded). */
  signInIndex?: SignInIndex;
  /** The inventory scan's orphaned assignments; without it, the bot's principal memory is used. */
  inventory?: InventoryLookup;
  /** Organisation metadata of the last completed inventory scan (account states, provisioning, policy
   * summaries): what it says is healthy is taken from it while fresh; anything else is read live. */
  organizationInventory?: OrganizationInventory;
  /** Shares organisation-wide reads (CloudTrail event pages) between diagnoses running at once. */
  sharedReads?: SingleFlight;
  /** Where a read that failed and was worked around is logged (action and error code). */
  logger?: Logger;
  /** Where sign-in and SCIM events come from (index, Lake, LookupEvents: signin-sources/choose.ts);
   * without it, `signInIndex` and then LookupEvents as before. */
  signInSource?: SignInSource;
}

export interface FoundInstance {
  InstanceArn: string;
  IdentityStoreId: string;
  OwnerAccountId?: string;
}

/** How the person's Identity Center user was looked up, and what was tried. */
export interface UserLookup {
  user: (User & { UserId: string }) | undefined;
  foundBy: 'userName' | 'emails.value' | undefined;
  tried: Array<{ attribute: 'userName' | 'emails.value'; value: string }>;
}

export interface GroupInfo {
  groupId: string;
  displayName: string | undefined;
  externallyManaged: boolean;
}

/** An assignment that gives the person access, and the principal it goes through. */
export interface EffectiveAssignment {
  accountId: string;
  permissionSetArn: string;
  principalType: 'USER' | 'GROUP';
  principalId: string;
  /** Set when the assignment is to one of the person's groups. */
  group?: GroupInfo;
}

export type ProvisioningState = 'LATEST_PERMISSION_SET_PROVISIONED' | 'LATEST_PERMISSION_SET_NOT_PROVISIONED';

/** An account's name and state, as the shared read layer gives it. */
export type { AccountInfo } from '../../aws/reads';

export interface PermissionSetInfo {
  arn: string;
  name: string | undefined;
}

/** A permission set's policies as far as the policy checks need them: `all` read; `inline` alone, which
 * already shows the set is neither empty nor deny-only (inlineDecides); or `inventory`, whose last fresh
 * scan found the set allows something (nothing read live). */
export type PermissionSetPolicies =
  | {
      read: 'all';
      inline: string | undefined;
      managed: Array<{ name?: string; arn?: string }>;
      customerManaged: Array<{ name: string; path: string }>;
    }
  | { read: 'inline'; inline: string | undefined }
  | { read: 'inventory'; summary: 'allows'; inventoryAt: string };

/** A recent asynchronous request (permission set provisioning or assignment creation), described. */
export interface RecentRequest {
  kind: 'provisioning' | 'assignment-creation';
  requestId: string;
  status: 'IN_PROGRESS' | 'FAILED' | 'SUCCEEDED';
  accountId: string | undefined;
  permissionSetArn: string | undefined;
  principalType?: 'USER' | 'GROUP';
  principalId?: string;
  failureReason: string | undefined;
  createdDate: string;
}

export interface EventsRead<T> {
  events: T[];
  /** True when the page limit stopped the read before the window was covered. */
  truncated: boolean;
  pages: number;
  /** True only when every event of the window was read (or the source says it holds them all). */
  complete: boolean;
  /** What was not read, when not complete. */
  /** What was not read, when not complete (in an admin's words). */
  reason?: string;
}

/** Assignments that point at a principal that no longer exists, last known under one of this person's names. */
export interface StaleAssignments {
  principalType: 'USER' | 'GROUP';
  /** The principal that exists now under that name (the user, or their group). */
  currentPrincipalId: string;
  known: KnownPrincipal;
  assignments: Array<{ accountId: string; permissionSetArn: string }>;
}

/** A SCIM write that failed, and the user or group id it named (when it named one: a create names none). */
export interface ScimFailure {
  subjectId?: string;
  eventName: string;
  time: string;
  errorCode?: string;
  errorMessage: string;
}

/** The id a SCIM request was about: `requestParameters.id` (PATCH/PUT/DELETE /Users/{id}), or the
 * member and group ids some events carry. */
function scimSubjectId(params: unknown): string | undefined {
  if (!params || typeof params !== 'object') return undefined;
  const p = params as Record<string, unknown>;
  for (const key of ['id', 'userId', 'groupId']) {
    const value = p[key];
    if (typeof value === 'string' && value !== '' && value !== 'HIDDEN_DUE_TO_SECURITY_REASONS') return value;
  }
  return undefined;
}

/** An error in a few words for a coverage line: the AWS action and code, or the message. */
export function describeFailure(error: unknown): string {
  if (error instanceof AwsCallError) return `${error.action}: ${error.awsErrorName ?? error.code}`;
  return error instanceof Error ? error.message : String(error);
}

/** The person's diagnosis needs the user; checks that need it are skipped when it is missing. */
export class NoUserError extends Error {
  override readonly name = 'NoUserError';
}

/** The configured or only Identity Center instance could not be used. */
export class NoInstanceError extends Error {
  override readonly name = 'NoInstanceError';
}

/** The person named an account the organisation does not have. */
export class UnknownAccountError extends Error {
  override readonly name = 'UnknownAccountError';
}

/** How long each kind of metadata is kept in `FactsDeps.cache` between diagnoses. */
export const CACHE_TTL_MS = {
  instance: 10 * 60_000,
  permissionSet: 10 * 60_000,
  permissionSetPolicies: 10 * 60_000,
  account: 5 * 60_000,
  /** Short: it changes whenever provisioning runs (a fix also invalidates it). */
  provisioning: 60_000,
} as const;

const SIGNIN_SOURCE = 'signin.amazonaws.com';
/** How long an organisation-wide event read may be shared between diagnoses. */
const SHARED_READ_MS = 30_000;
const SCIM_SOURCE = 'identitystore-scim.amazonaws.com';
/** How long an organisation-wide listing of recent provisioning / assignment requests may be shared. */
const SHARED_REQUESTS_MS = 10_000;

/**
 * Everything a diagnosis reads from AWS, fetched lazily, at most once per diagnosis (each getter
 * memoises its promise), and only as far as the person's own situation needs: the person's user,
 * groups, assignments and the accounts and permission sets those name, never the whole organisation.
 * Every AWS error is converted to an `AwsCallError` naming the IAM action.
 */
export class DiagnosisFacts {
  readonly startedAtMs: number;
  readonly windowStartMs: number;
  private readonly memo = new Map<string, Promise<unknown>>();
  /** What each memoised read could not see, noted again for every check that is served it. */
  private readonly partials = new Map<string, string[]>();
  /** Which source answered the sign-in read (`stats.signinSource`); undefined until one has. */
  signinSource: SignInSourceKind | undefined;
  /** When the inventory scan whose metadata answered part of this diagnosis completed
   * (`stats.inventoryAt`); undefined when everything was read live. */
  inventoryAt: string | undefined;

  constructor(
    private readonly deps: FactsDeps,
    readonly request: DiagnosisRequest,
  ) {
    this.startedAtMs = deps.clock.now();
    this.windowStartMs = this.startedAtMs - deps.settings.windowHours * 3600_000;
  }

  get settings(): DiagnosisSettings {
    return this.deps.settings;
  }

  private once<T>(key: string, fetch: () => Promise<T>): Promise<T> {
    let promise = this.memo.get(key) as Promise<T> | undefined;
    if (!promise) {
      promise = fetch();
      // A rejection is kept too: every check asking gets the same error.
      rejectionDeliveredElsewhere(promise);
      this.memo.set(key, promise);
    }
    return promise;
  }

  /**
   * `once`, for a read that may see only part of its evidence: `fetch` calls `partial(reason)` for what
   * it could not read, and every check served the answer (first or from memory) is told.
   */
  private async noted<T>(key: string, fetch: (partial: (reason: string) => void) => Promise<T>): Promise<T> {
    let reasons = this.partials.get(key);
    if (!reasons) {
      const list: string[] = [];
      reasons = list;
      this.partials.set(key, list);
    }
    const list = reasons;
    const value = await this.once(key, () => fetch((reason) => list.push(reason)));
    for (const reason of list) notePartial(reason);
    return value;
  }

  /** Logs a failed read that the facts worked around (another source, a narrower match), so a denied
   * or broken read never turns a guard off unseen. */
  logWorkaround(error: unknown, fallback: string): void {
    const failure =
      error instanceof AwsCallError
        ? { action: error.action, code: error.awsErrorName ?? error.code }
        : { error: error instanceof Error ? error.message : String(error) };
    this.deps.logger?.warn({ ...failure, fallback }, `read failed; ${fallback}`);
  }

  /**
   * Serves `fetch`'s answer from the cache shared between diagnoses when there is one, and fills it.
   * Sits behind `once`. Rejections are never cached, nor answers `keep` refuses. Values are copied in
   * and out (structured clone), so no diagnosis sees another's objects.
   */
  private async cached<T>(
    key: string,
    ttlMs: number,
    fetch: () => Promise<T>,
    keep: (value: T) => boolean = () => true,
  ): Promise<T> {
    const cache = this.deps.cache;
    if (!cache) return fetch();
    // Shared while in flight too, when the cache can (diagnoses running at once read once).
    if (cache instanceof SharedMetadataCache) return cache.readThrough(key, ttlMs, fetch, keep);
    const hit = cache.get<T>(key);
    if (hit !== undefined) return structuredClone(hit);
    const value = await fetch();
    if (keep(value)) cache.set(key, structuredClone(value), ttlMs);
    return value;
  }

  /** The shared read layer's one wrapper (src/aws/reads.ts), letting the facts' own conclusions
   * (no user, no instance, no such account) pass through unwrapped. */
  private async aws<T>(service: AwsService, operation: string, call: () => Promise<T>): Promise<T> {
    let own: unknown;
    try {
      return await awsCall(service, operation, async () => {
        try {
          return await call();
        } catch (error) {
          if (
            error instanceof UnknownAccountError ||
            error instanceof NoUserError ||
            error instanceof NoInstanceError
          )
            own = error;
          throw error;
        }
      });
    } catch (error) {
      throw own ?? error;
    }
  }

  private get c(): AwsClients {
    return this.deps.clients;
  }

  // --- the inventory -----------------------------------------------------------------------

  /** The last inventory scan that completed its organisation metadata, when it is fresh enough to answer
   * from; otherwise undefined, and the fall-back to live reads is logged (once per diagnosis). */
  private freshInventory(): Promise<{ scanId: string; completedAt: string } | undefined> {
    return this.once('organization-inventory', async () => {
      const inventory = this.deps.organizationInventory;
      if (!inventory) return undefined;
      let last: { scanId: string; completedAt: string } | undefined;
      try {
        last = await inventory.metadataCompleted();
      } catch (error) {
        this.logWorkaround(error, 'reading organisation metadata live instead of from the inventory');
        return undefined;
      }
      if (!last) {
        this.deps.logger?.info({}, 'no completed inventory scan; reading organisation metadata live');
        return undefined;
      }
      const maxAgeMinutes = this.deps.settings.inventoryMaxAgeMinutes ?? 60;
      const ageMinutes = (this.startedAtMs - Date.parse(last.completedAt)) / 60_000;
      if (!(ageMinutes <= maxAgeMinutes)) {
        this.deps.logger?.warn(
          { completedAt: last.completedAt, ageMinutes: Math.round(ageMinutes), maxAgeMinutes },
          'inventory scan older than the limit; reading organisation metadata live',
        );
        return undefined;
      }
      return last;
    });
  }

  /** One record of the fresh inventory, or undefined (no fresh scan, not recorded, or unreadable: logged). */
  private async fromInventory<T>(
    read: (inventory: OrganizationInventory, scanId: string) => Promise<T | undefined>,
  ): Promise<{ value: T; completedAt: string } | undefined> {
    const fresh = await this.freshInventory();
    const inventory = this.deps.organizationInventory;
    if (!fresh || !inventory) return undefined;
    try {
      const value = await read(inventory, fresh.scanId);
      return value === undefined ? undefined : { value, completedAt: fresh.completedAt };
    } catch (error) {
      this.logWorkaround(error, 'reading this live instead of from the inventory');
      return undefined;
    }
  }

  /** Notes that an answer came from the inventory (the report's `stats.inventoryAt`). */
  private answeredByInventory(completedAt: string): void {
    this.inventoryAt = completedAt;
  }

  // --- setup --------------------------------------------------------------------------------

  instanceResolution(): Promise<InstanceResolution> {
    const { region, instanceArn } = this.deps.settings;
    return this.once('instance', () =>
      this.cached(
        CACHE_KEYS.instance(region, instanceArn),
        CACHE_TTL_MS.instance,
        () => this.aws('sso', 'ListInstances', () => resolveInstance(this.c, region, instanceArn)),
        // Only a usable instance is kept: a missing or ambiguous one is what an admin is fixing now.
        (resolution) => resolution.kind === 'found',
      ),
    );
  }

  async instance(): Promise<FoundInstance> {
    const resolution = await this.instanceResolution();
    if (resolution.kind !== 'found')
      throw new NoInstanceError(`no usable Identity Center instance (${resolution.kind})`);
    const { InstanceArn, IdentityStoreId, OwnerAccountId } = resolution.instance;
    return { InstanceArn, IdentityStoreId, ...(OwnerAccountId ? { OwnerAccountId } : {}) };
  }

  caller(): Promise<{ account: string | undefined; arn: string | undefined }> {
    return this.once('caller', async () => {
      const out = await this.aws('sts', 'GetCallerIdentity', () =>
        this.c.sts.send(new GetCallerIdentityCommand({})),
      );
      return { account: out.Account, arn: out.Arn };
    });
  }

  managementAccountId(): Promise<string | undefined> {
    return this.once('organization', async () => {
      const known = await this.fromInventory((inventory, scanId) => inventory.organizationIn(scanId));
      if (known?.value.managementAccountId) {
        this.answeredByInventory(known.completedAt);
        return known.value.managementAccountId;
      }
      const out = await this.aws('organizations', 'DescribeOrganization', () =>
        this.c.organizations.send(new DescribeOrganizationCommand({})),
      );
      return out.Organization?.MasterAccountId;
    });
  }

  // --- the user record ----------------------------------------------------------------------

  /** Looks the person up by `userName`, then by `emails.value`, then by the lower-case spelling. */
  userLookup(): Promise<UserLookup> {
    return this.once('user', async () => {
      const { IdentityStoreId } = await this.instance();
      const identifier = this.request.user.trim();
      const attempts: UserLookup['tried'] = [
        { attribute: 'userName', value: identifier },
        { attribute: 'emails.value', value: identifier },
      ];
      const lower = identifier.toLowerCase();
      if (lower !== identifier) {
        attempts.push({ attribute: 'userName', value: lower }, { attribute: 'emails.value', value: lower });
      }
      const tried: UserLookup['tried'] = [];
      for (const attempt of attempts) {
        if (attempt.attribute === 'emails.value' && !attempt.value.includes('@')) continue;
        tried.push(attempt);
        const userId = await this.aws('identitystore', 'GetUserId', async () => {
          try {
            const out = await this.c.identityStore.send(
              new GetUserIdCommand({
                IdentityStoreId,
                AlternateIdentifier: {
                  UniqueAttribute: { AttributePath: attempt.attribute, AttributeValue: attempt.value },
                },
              }),
            );
            return out.UserId;
          } catch (error) {
            if (isNotFound(error)) return undefined;
            throw error;
          }
        });
        if (userId) {
          const user = await this.aws('identitystore', 'DescribeUser', () =>
            this.c.identityStore.send(new DescribeUserCommand({ IdentityStoreId, UserId: userId })),
          );
          return { user: { ...user, UserId: userId }, foundBy: attempt.attribute, tried };
        }
      }
      return { user: undefined, foundBy: undefined, tried };
    });
  }

  async user(): Promise<User & { UserId: string }> {
    const { user } = await this.userLookup();
    if (!user) throw new NoUserError(`no Identity Center user matches ${this.request.user}`);
    return user;
  }

  /** The person's email: what they asked with when it is an address, else the user's primary email. */
  async email(): Promise<string | undefined> {
    if (this.request.user.includes('@')) return this.request.user.trim();
    const { user } = await this.userLookup();
    return (user?.Emails?.find((e) => e.Primary) ?? user?.Emails?.[0])?.Value;
  }

  groups(): Promise<GroupInfo[]> {
    return this.once('groups', async () => {
      const { IdentityStoreId } = await this.instance();
      const user = await this.user();
      const { items } = await this.aws('identitystore', 'ListGroupMembershipsForMember', () =>
        collectPages(
          paginateListGroupMembershipsForMember,
          { client: this.c.identityStore },
          { IdentityStoreId, MemberId: { UserId: user.UserId } },
          (p) => p.GroupMemberships,
        ),
      );
      const ids = [...new Set(items.map((m) => m.GroupId).filter((id): id is string => Boolean(id)))];
      return Promise.all(ids.map((id) => this.group(id)));
    });
  }

  /** A group the fresh inventory recorded is taken from it (the membership listing that named it is
   * live); otherwise DescribeGroup. */
  group(groupId: string): Promise<GroupInfo> {
    return this.once(`group:${groupId}`, async () => {
      const known = await this.fromInventory((inventory, scanId) => inventory.groupIn(scanId, groupId));
      if (known) {
        this.answeredByInventory(known.completedAt);
        const { displayName, externallyManaged } = known.value;
        return { groupId, displayName, externallyManaged };
      }
      const { IdentityStoreId } = await this.instance();
      const out = await this.aws('identitystore', 'DescribeGroup', () =>
        this.c.identityStore.send(new DescribeGroupCommand({ IdentityStoreId, GroupId: groupId })),
      );
      return { groupId, displayName: out.DisplayName, externallyManaged: (out.ExternalIds?.length ?? 0) > 0 };
    });
  }

  /** A group by its display name (GetGroupId), or undefined when the store has none by that name. */
  groupByName(displayName: string): Promise<GroupInfo | undefined> {
    return this.once(`group-named:${displayName}`, async () => {
      const { IdentityStoreId } = await this.instance();
      const groupId = await this.aws('identitystore', 'GetGroupId', async () => {
        try {
          const out = await this.c.identityStore.send(
            new GetGroupIdCommand({
              IdentityStoreId,
              AlternateIdentifier: {
                UniqueAttribute: { AttributePath: 'displayName', AttributeValue: displayName },
              },
            }),
          );
          return out.GroupId;
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
      });
      return groupId ? this.group(groupId) : undefined;
    });
  }

  // --- assignments --------------------------------------------------------------------------

  principalAssignments(
    principalType: 'USER' | 'GROUP',
    principalId: string,
  ): Promise<
    Array<{
      accountId: string;
      permissionSetArn: string;
      principalType: 'USER' | 'GROUP';
      principalId: string;
    }>
  > {
    return this.once(`assignments:${principalType}:${principalId}`, async () => {
      const { InstanceArn } = await this.instance();
      const { items } = await this.aws('sso', 'ListAccountAssignmentsForPrincipal', () =>
        collectPages(
          paginateListAccountAssignmentsForPrincipal,
          { client: this.c.ssoAdmin },
          { InstanceArn, PrincipalId: principalId, PrincipalType: principalType },
          (p) => p.AccountAssignments,
        ),
      );
      return items.flatMap((a) =>
        a.AccountId && a.PermissionSetArn
          ? [
              {
                accountId: a.AccountId,
                permissionSetArn: a.PermissionSetArn,
                principalType: (a.PrincipalType as 'USER' | 'GROUP' | undefined) ?? principalType,
                principalId: a.PrincipalId ?? principalId,
              },
            ]
          : [],
      );
    });
  }

  /** The person's assignments, direct and through each group, de-duplicated. Correct whether or not
   * the API already folds group rows into the user's answer (AWS does not document it). */
  assignments(): Promise<EffectiveAssignment[]> {
    return this.once('effective-assignments', async () => {
      const user = await this.user();
      const groups = await this.groups();
      const byId = new Map(groups.map((g) => [g.groupId, g]));
      const rows = (
        await Promise.all([
          this.principalAssignments('USER', user.UserId),
          ...groups.map((g) => this.principalAssignments('GROUP', g.groupId)),
        ])
      ).flat();
      const unique = new Map<string, EffectiveAssignment>();
      for (const row of rows) {
        // A group row in the user's answer names a group the person may not be in (any more): keep only ours.
        if (row.principalType === 'USER' && row.principalId !== user.UserId) continue;
        if (row.principalType === 'GROUP' && !byId.has(row.principalId)) continue;
        const key = `${row.accountId}|${row.permissionSetArn}|${row.principalType}|${row.principalId}`;
        const group = row.principalType === 'GROUP' ? byId.get(row.principalId) : undefined;
        unique.set(key, { ...row, ...(group ? { group } : {}) });
      }
      return [...unique.values()];
    });
  }

  /** Every assignment on one account and permission set (used to say which groups have access there). */
  assignmentsOn(accountId: string, permissionSetArn: string) {
    return this.once(`on:${accountId}:${permissionSetArn}`, async () => {
      const { InstanceArn } = await this.instance();
      const { items } = await this.aws('sso', 'ListAccountAssignments', () =>
        collectPages(
          paginateListAccountAssignments,
          { client: this.c.ssoAdmin },
          { InstanceArn, AccountId: accountId, PermissionSetArn: permissionSetArn },
          (p) => p.AccountAssignments,
        ),
      );
      return items;
    });
  }

  // --- permission sets and accounts ---------------------------------------------------------

  permissionSet(arn: string): Promise<PermissionSetInfo> {
    return this.once(`ps:${arn}`, async () => {
      const known = await this.fromInventory((inventory, scanId) => inventory.permissionSetIn(scanId, arn));
      if (known?.value.name) {
        this.answeredByInventory(known.completedAt);
        return { arn, name: known.value.name };
      }
      return this.cached(CACHE_KEYS.permissionSet(arn), CACHE_TTL_MS.permissionSet, async () => {
        const { InstanceArn } = await this.instance();
        const out = await this.aws('sso', 'DescribePermissionSet', () =>
          this.c.ssoAdmin.send(new DescribePermissionSetCommand({ InstanceArn, PermissionSetArn: arn })),
        );
        return { arn, name: out.PermissionSet?.Name };
      });
    });
  }

  /** A set the fresh inventory found allowing something is taken from it; one it found empty, deny-only
   * or unreadable (or did not record) is read live, and the live answer decides. */
  permissionSetPolicies(arn: string): Promise<PermissionSetPolicies> {
    return this.once(`ps-policies:${arn}`, async () => {
      const known = await this.fromInventory((inventory, scanId) => inventory.permissionSetIn(scanId, arn));
      if (known?.value.policies === 'allows') {
        this.answeredByInventory(known.completedAt);
        return { read: 'inventory', summary: 'allows', inventoryAt: known.completedAt };
      }
      return this.cached(CACHE_KEYS.permissionSetPolicies(arn), CACHE_TTL_MS.permissionSetPolicies, () =>
        this.readPermissionSetPolicies(arn),
      );
    });
  }

  /** The inline policy first; the attached policies only when the inline one leaves either policy check
   * open (inlineDecides). No check reads the permissions boundary (a boundary alone grants nothing). */
  private async readPermissionSetPolicies(arn: string): Promise<PermissionSetPolicies> {
    const { InstanceArn } = await this.instance();
    const input = { InstanceArn, PermissionSetArn: arn };
    const inline =
      (
        await this.aws('sso', 'GetInlinePolicyForPermissionSet', () =>
          this.c.ssoAdmin.send(new GetInlinePolicyForPermissionSetCommand(input)),
        )
      ).InlinePolicy || undefined;
    if (inlineDecides(inline)) return { read: 'inline', inline };
    const [managed, customer] = await Promise.all([
      this.aws('sso', 'ListManagedPoliciesInPermissionSet', () =>
        collectPages(
          paginateListManagedPoliciesInPermissionSet,
          { client: this.c.ssoAdmin },
          input,
          (p) => p.AttachedManagedPolicies,
        ),
      ),
      this.aws('sso', 'ListCustomerManagedPolicyReferencesInPermissionSet', () =>
        collectPages(
          paginateListCustomerManagedPolicyReferencesInPermissionSet,
          { client: this.c.ssoAdmin },
          input,
          (p) => p.CustomerManagedPolicyReferences,
        ),
      ),
    ]);
    return {
      read: 'all',
      inline,
      managed: managed.items.map((m) => ({
        ...(m.Name ? { name: m.Name } : {}),
        ...(m.Arn ? { arn: m.Arn } : {}),
      })),
      customerManaged: customer.items.map((r) => ({ name: r.Name ?? '', path: r.Path ?? '/' })),
    };
  }

  /** Which permission sets are provisioned to an account, and whether their latest version is. */
  provisioning(accountId: string): Promise<Map<string, ProvisioningState>> {
    return this.once(`provisioned:${accountId}`, async () => {
      const fromInventory = await this.provisioningFromInventory(accountId);
      if (fromInventory) return fromInventory;
      const viaSets = await this.provisioningViaPermissionSets(accountId);
      if (viaSets) return viaSets;
      // Cached as an entries array (a Map is rebuilt per diagnosis, so none is shared).
      const entries = await this.cached(
        CACHE_KEYS.provisioning(accountId),
        CACHE_TTL_MS.provisioning,
        async () => [...(await this.readProvisioning(accountId))],
      );
      return new Map(entries);
    });
  }

  /** For an account the person holds pairs on, when reading by permission set is cheaper: the states
   * of the person's permission sets there (the only entries the checks ask about); else undefined. */
  private async provisioningViaPermissionSets(
    accountId: string,
  ): Promise<Map<string, ProvisioningState> | undefined> {
    if (this.deps.settings.provisioningReads !== 'cheaper') return undefined;
    // Without the person's assignments, the per-account read (which reports its own failure); the
    // checks that need the assignments report theirs as coverage.
    const own = await this.assignments().catch((error: unknown) => {
      this.logWorkaround(error, 'reading provisioning per account instead of per permission set');
      return undefined;
    });
    if (!own || !cheaperByPermissionSet(own)) return undefined;
    const sets = [...new Set(own.filter((a) => a.accountId === accountId).map((a) => a.permissionSetArn))];
    if (sets.length === 0) return undefined;
    const map = new Map<string, ProvisioningState>();
    for (const arn of sets) {
      const state = await this.liveProvisioningOf(arn, accountId);
      if (state) map.set(arn, state);
    }
    return map;
  }

  /** Where one permission set is provisioned, read live (ListAccountsForProvisionedPermissionSet, shared
   * between diagnoses for a short TTL that a fix invalidates): its state on `accountId`. */
  private async liveProvisioningOf(arn: string, accountId: string): Promise<ProvisioningState | undefined> {
    const { InstanceArn } = await this.instance();
    const entries = await this.once(`provisioned-ps:${arn}`, () =>
      this.cached(`${PROVISIONED_BY_PS_PREFIX}${arn}`, CACHE_TTL_MS.provisioning, () =>
        this.aws('sso', 'ListAccountsForProvisionedPermissionSet', () =>
          readAccountsForPermissionSet(this.c, InstanceArn, arn),
        ),
      ),
    );
    return entries.find(([account]) => account === accountId)?.[1];
  }

  /** Confirms live a pair the inventory found not provisioned or outdated: one listing of every account
   * the permission set is provisioned to (no status filter) settles "not provisioned"; only when the
   * account is there are the two per-state listings read to tell latest from outdated. */
  private async confirmProvisioningOf(
    arn: string,
    accountId: string,
  ): Promise<ProvisioningState | undefined> {
    const { InstanceArn } = await this.instance();
    const anywhere = await this.once(`provisioned-ps-any:${arn}`, () =>
      this.cached(`${PROVISIONED_BY_PS_PREFIX}any:${arn}`, CACHE_TTL_MS.provisioning, async () => {
        const { items } = await this.aws('sso', 'ListAccountsForProvisionedPermissionSet', () =>
          collectPages(
            paginateListAccountsForProvisionedPermissionSet,
            { client: this.c.ssoAdmin, pageSize: 100 },
            { InstanceArn, PermissionSetArn: arn },
            (p) => p.AccountIds,
          ),
        );
        return items;
      }),
    );
    if (!anywhere.includes(accountId)) return undefined;
    return this.liveProvisioningOf(arn, accountId);
  }

  /**
   * For an account the person holds pairs on, with a fresh inventory: each of their permission sets the
   * inventory found provisioned at its latest version there is taken from it; one it found not
   * provisioned or outdated is confirmed live (the live state wins). Undefined (read it all live) without
   * a fresh inventory, the person's assignments, or a record of one of the sets.
   */
  private async provisioningFromInventory(
    accountId: string,
  ): Promise<Map<string, ProvisioningState> | undefined> {
    if (!(await this.freshInventory())) return undefined;
    // Without the person's assignments, the per-account read (which reports its own failure); the
    // checks that need the assignments report theirs as coverage.
    const own = await this.assignments().catch((error: unknown) => {
      this.logWorkaround(error, 'reading provisioning live instead of from the inventory');
      return undefined;
    });
    if (!own) return undefined;
    const sets = [...new Set(own.filter((a) => a.accountId === accountId).map((a) => a.permissionSetArn))];
    if (sets.length === 0) return undefined;
    const recorded = await Promise.all(
      sets.map((arn) => this.fromInventory((inventory, scanId) => inventory.permissionSetIn(scanId, arn))),
    );
    if (recorded.some((r) => r === undefined)) return undefined;
    const map = new Map<string, ProvisioningState>();
    await Promise.all(
      sets.map(async (arn, i) => {
        const record = recorded[i]!;
        const state = record.value.provisioned.find(([account]) => account === accountId)?.[1];
        if (state === 'LATEST_PERMISSION_SET_PROVISIONED') {
          this.answeredByInventory(record.completedAt);
          map.set(arn, state);
          return;
        }
        const live = await this.confirmProvisioningOf(arn, accountId);
        if (live) map.set(arn, live);
      }),
    );
    return map;
  }

  private async readProvisioning(accountId: string): Promise<Map<string, ProvisioningState>> {
    const { InstanceArn } = await this.instance();
    const states: ProvisioningState[] = [
      'LATEST_PERMISSION_SET_PROVISIONED',
      'LATEST_PERMISSION_SET_NOT_PROVISIONED',
    ];
    const lists = await Promise.all(
      states.map((state) =>
        this.aws('sso', 'ListPermissionSetsProvisionedToAccount', () =>
          collectPages(
            paginateListPermissionSetsProvisionedToAccount,
            { client: this.c.ssoAdmin },
            { InstanceArn, AccountId: accountId, ProvisioningStatus: state },
            (p) => p.PermissionSets,
          ),
        ),
      ),
    );
    const map = new Map<string, ProvisioningState>();
    lists.forEach((list, i) => {
      for (const arn of list.items) map.set(arn, states[i]!);
    });
    return map;
  }

  /** An account the fresh inventory found ACTIVE is taken from it; any other state, or one it does not
   * list, is read live (DescribeAccount), and the live answer decides. */
  account(accountId: string): Promise<AccountInfo> {
    return this.once(`account:${accountId}`, async () => {
      const known = await this.fromInventory((inventory, scanId) => inventory.accountIn(scanId, accountId));
      if (known?.value.state === 'ACTIVE') {
        this.answeredByInventory(known.completedAt);
        return { found: true as const, id: accountId, name: known.value.name, state: 'ACTIVE' };
      }
      return this.cached(
        CACHE_KEYS.account(accountId),
        CACHE_TTL_MS.account,
        () => this.readAccount(accountId),
        // "No such account" is not kept: an account created a minute ago must be found.
        (info) => info.found,
      );
    });
  }

  private readAccount(accountId: string): Promise<AccountInfo> {
    return readAccount(this.c, accountId);
  }

  /** The account the person named, by id or by name (their own accounts first, then the organisation). */
  requestedAccount(): Promise<{ id: string; name: string | undefined } | undefined> {
    return this.once('requested-account', async () => {
      const typed = this.request.account?.trim();
      if (!typed) return undefined;
      // The console shows ids as 1234-5678-9012; people paste them that way (or with spaces).
      const asked = /^\d{4}[- ]?\d{4}[- ]?\d{4}$/.test(typed) ? typed.replace(/[- ]/g, '') : typed;
      if (/^\d{12}$/.test(asked)) {
        const info = await this.account(asked);
        if (!info.found) throw new UnknownAccountError(`no account ${asked} in the organization`);
        return { id: asked, name: info.name };
      }
      const wanted = asked.toLowerCase();
      // The person's own accounts first (fewer calls); when they cannot be read, the organisation's list
      // answers the same question, so the failure is logged and the search goes on there.
      const own = await this.assignments().catch((error: unknown) => {
        if (!(error instanceof NoUserError || error instanceof NoInstanceError))
          this.logWorkaround(error, "searching the organisation's accounts for the one named");
        return [];
      });
      for (const id of new Set(own.map((a) => a.accountId))) {
        const info = await this.account(id);
        if (info.found && info.name?.toLowerCase() === wanted) return { id, name: info.name };
      }
      return this.aws('organizations', 'ListAccounts', async () => {
        let NextToken: string | undefined;
        do {
          const page = await this.c.organizations.send(new ListAccountsCommand({ NextToken }));
          const match = page.Accounts?.find((a) => a.Name?.toLowerCase() === wanted);
          if (match?.Id) return { id: match.Id, name: match.Name };
          NextToken = page.NextToken;
        } while (NextToken);
        throw new UnknownAccountError(`no account named "${asked}" in the organization`);
      });
    });
  }

  // --- asynchronous requests ----------------------------------------------------------------

  /** Recent FAILED and IN_PROGRESS permission set provisioning requests, newest first. */
  recentProvisioning(): Promise<RecentRequest[]> {
    return this.noted('recent-provisioning', async (partial) => {
      const { InstanceArn } = await this.instance();
      const ids = await this.recentRequestIds('ListPermissionSetProvisioningStatus', partial, (status) =>
        collectPages(
          paginateListPermissionSetProvisioningStatus,
          { client: this.c.ssoAdmin },
          { InstanceArn, Filter: { Status: status } },
          (p) => p.PermissionSetsProvisioningStatus,
          { maxPages: 5 },
        ),
      );
      return Promise.all(
        ids.map(async (id) => {
          const out = await this.aws('sso', 'DescribePermissionSetProvisioningStatus', () =>
            this.c.ssoAdmin.send(
              new DescribePermissionSetProvisioningStatusCommand({
                InstanceArn,
                ProvisionPermissionSetRequestId: id,
              }),
            ),
          );
          const s = out.PermissionSetProvisioningStatus ?? {};
          return {
            kind: 'provisioning' as const,
            requestId: id,
            status: (s.Status ?? 'IN_PROGRESS') as RecentRequest['status'],
            accountId: s.AccountId,
            permissionSetArn: s.PermissionSetArn,
            failureReason: s.FailureReason,
            createdDate: (s.CreatedDate ?? new Date(this.startedAtMs)).toISOString(),
          };
        }),
      );
    });
  }

  /** Recent FAILED and IN_PROGRESS account assignment creations, newest first. */
  recentAssignmentCreations(): Promise<RecentRequest[]> {
    return this.noted('recent-creations', async (partial) => {
      const { InstanceArn } = await this.instance();
      const ids = await this.recentRequestIds('ListAccountAssignmentCreationStatus', partial, (status) =>
        collectPages(
          paginateListAccountAssignmentCreationStatus,
          { client: this.c.ssoAdmin },
          { InstanceArn, Filter: { Status: status } },
          (p) => p.AccountAssignmentsCreationStatus,
          { maxPages: 5 },
        ),
      );
      return Promise.all(
        ids.map(async (id) => {
          const out = await this.aws('sso', 'DescribeAccountAssignmentCreationStatus', () =>
            this.c.ssoAdmin.send(
              new DescribeAccountAssignmentCreationStatusCommand({
                InstanceArn,
                AccountAssignmentCreationRequestId: id,
              }),
            ),
          );
          const s = out.AccountAssignmentCreationStatus ?? {};
          return {
            kind: 'assignment-creation' as const,
            requestId: id,
            status: (s.Status ?? 'IN_PROGRESS') as RecentRequest['status'],
            accountId: s.TargetId,
            permissionSetArn: s.PermissionSetArn,
            ...(s.PrincipalType ? { principalType: s.PrincipalType as 'USER' | 'GROUP' } : {}),
            ...(s.PrincipalId ? { principalId: s.PrincipalId } : {}),
            failureReason: s.FailureReason,
            createdDate: (s.CreatedDate ?? new Date(this.startedAtMs)).toISOString(),
          };
        }),
      );
    });
  }

  /** Request ids of FAILED and IN_PROGRESS requests created inside the window, newest first, bounded. */
  private async recentRequestIds(
    operation: string,
    partial: (reason: string) => void,
    list: (status: 'FAILED' | 'IN_PROGRESS') => Promise<{
      items: Array<{ RequestId?: string; CreatedDate?: Date; Status?: string }>;
      truncated: boolean;
      pages: number;
    }>,
  ): Promise<string[]> {
    const { InstanceArn } = await this.instance();
    const lists = await Promise.all(
      (['FAILED', 'IN_PROGRESS'] as const).map(async (status) => {
        const read = () => this.aws('sso', operation, () => list(status));
        // Organisation-wide, the same for everyone: diagnoses starting together share one listing (briefly,
        // so a request made after it is seen by the next diagnosis).
        const shared = this.deps.sharedReads;
        return {
          status,
          read: await (shared
            ? shared.run(`${operation}:${status}:${InstanceArn}`, SHARED_REQUESTS_MS, read)
            : read()),
        };
      }),
    );
    for (const { status, read } of lists) {
      if (read.truncated)
        partial(
          `${operation} (${status}): stopped after ${read.pages} pages; older requests were not listed`,
        );
    }
    const recent = lists
      .flatMap((l) => l.read.items)
      .filter((s) => s.RequestId && (s.CreatedDate?.getTime() ?? this.startedAtMs) >= this.windowStartMs)
      .sort((a, b) => (b.CreatedDate?.getTime() ?? 0) - (a.CreatedDate?.getTime() ?? 0));
    const max = this.deps.settings.maxStatusRequests;
    if (recent.length > max)
      partial(`${operation}: described the newest ${max} of ${recent.length} recent requests`);
    return recent.slice(0, max).map((s) => s.RequestId as string);
  }

  // --- CloudTrail ---------------------------------------------------------------------------

  private lookup(source: string): Promise<EventsRead<{ raw: Parameters<typeof parseSignInEvent>[0] }>> {
    return this.once(`events:${source}`, async () => {
      const read = () =>
        this.aws('cloudtrail', 'LookupEvents', () =>
          collectPages(
            paginateLookupEvents,
            { client: this.c.cloudTrail },
            {
              LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: source }],
              StartTime: new Date(this.windowStartMs),
              EndTime: new Date(this.startedAtMs),
            },
            (p) => p.Events,
            { maxPages: this.deps.settings.maxEventPages },
          ),
        );
      // The read is organisation-wide (CloudTrail cannot filter by person), so diagnoses that start
      // within the same 30 s share it: at LookupEvents' 2 requests a second that is what keeps twenty
      // people asking at once from queueing behind each other. Each caller filters to its own window.
      const bucket = Math.floor(this.startedAtMs / SHARED_READ_MS);
      const { items, truncated, pages } = this.deps.sharedReads
        ? await this.deps.sharedReads.run(
            `events:${source}:${this.deps.settings.windowHours}:${bucket}`,
            SHARED_READ_MS,
            read,
          )
        : await read();
      const events = items.map((raw) => ({ raw }));
      if (!truncated) return { events, truncated, pages, complete: true };
      // Newest first: what was read covers the window from its end back to the oldest event read.
      const oldest = items.reduce(
        (min, e) => Math.min(min, e.EventTime?.getTime() ?? Number.POSITIVE_INFINITY),
        Number.POSITIVE_INFINITY,
      );
      const back = Number.isFinite(oldest) ? new Date(oldest).toISOString() : 'the newest events';
      const reason =
        `CloudTrail ${source} events: read ${items.length} events of the whole organisation ` +
        `(${pages} pages, the bot's cap) back to ${back}; the window starts ${new Date(this.windowStartMs).toISOString()}`;
      return { events, truncated, pages, complete: false, reason };
    });
  }

  /** Sign-in events about this person inside the window, newest first. Works without a user record
   * (a person who is not provisioned still leaves failed sign-ins under the name they typed). Read from
   * the sign-in index when one is configured and covers the window; LookupEvents (bounded) otherwise. */
  signInEvents(): Promise<EventsRead<SignInEvent>> {
    return this.noted('signin-events', async (partial) => {
      const lookup = await this.userLookup().catch((error: unknown) => {
        if (error instanceof NoInstanceError) throw error;
        // Events are still matched by the name the person gave; those recorded only under their user
        // id or another spelling of their name cannot be told apart, so the read is partial.
        this.logWorkaround(error, 'matching sign-in events by the name asked only');
        partial(
          `sign-in events matched by "${this.request.user}" only: the user record could not be read (${describeFailure(error)})`,
        );
        return undefined;
      });
      const names = [
        this.request.user,
        lookup?.user?.UserName,
        ...(lookup?.user?.Emails ?? []).map((e) => e.Value),
      ].filter((n): n is string => Boolean(n));
      const who = { ...(lookup?.user ? { userId: lookup.user.UserId } : {}), names };
      if (this.deps.signInSource) {
        const sourced = await this.sourced('signin', who);
        const events = sourced.items
          .map(parseSignInEvent)
          .filter((e) => e.timeMs >= this.windowStartMs && isAbout(e, who))
          .sort((a, b) => b.timeMs - a.timeMs);
        this.signinSource = sourced.source;
        if (!sourced.complete && sourced.reason) partial(sourced.reason);
        return { events, ...eventsCoverage(sourced) };
      }
      const indexed = this.deps.signInIndex
        ? await this.deps.signInIndex
            .eventsFor(who, this.windowStartMs, this.startedAtMs)
            .catch((error: unknown): undefined => {
              this.logWorkaround(error, 'reading sign-in events from CloudTrail instead of the index');
              return undefined;
            })
        : undefined;
      const read = indexed
        ? { events: indexed.map((raw) => ({ raw })), truncated: false, pages: 0, complete: true }
        : await this.lookup(SIGNIN_SOURCE);
      if (!read.complete && read.reason) partial(read.reason);
      this.signinSource = indexed ? 'index' : 'lookup-events';
      const events = read.events
        .map((e) => parseSignInEvent(e.raw))
        .filter((e) => e.timeMs >= this.windowStartMs && isAbout(e, who))
        .sort((a, b) => b.timeMs - a.timeMs);
      return {
        events,
        truncated: read.truncated,
        pages: read.pages,
        complete: read.complete,
        ...(read.reason ? { reason: read.reason } : {}),
      };
    });
  }

  /** SCIM provisioning events that failed inside the window (organisation-wide: SCIM masks the values
   * that would tie them to a person). */
  scimFailures(): Promise<EventsRead<ScimFailure>> {
    return this.noted('scim-failures', async (partial) => {
      const read = this.deps.signInSource
        ? await this.sourced('scim', { names: [] }).then((r) => ({
            events: r.items.map((raw) => ({ raw })),
            ...eventsCoverage(r),
          }))
        : await this.lookup(SCIM_SOURCE);
      if (!read.complete && read.reason) partial(read.reason);
      const failures = read.events.flatMap(({ raw }) => {
        let detail: Record<string, unknown> = {};
        try {
          detail = raw.CloudTrailEvent ? (JSON.parse(raw.CloudTrailEvent) as Record<string, unknown>) : {};
        } catch {
          return [];
        }
        const errorMessage = typeof detail.errorMessage === 'string' ? detail.errorMessage : undefined;
        const errorCode = typeof detail.errorCode === 'string' ? detail.errorCode : undefined;
        if (!errorMessage && !errorCode) return [];
        const subjectId = scimSubjectId(detail.requestParameters);
        return [
          {
            ...(subjectId ? { subjectId } : {}),
            eventName: raw.EventName ?? String(detail.eventName ?? ''),
            time: (raw.EventTime ?? new Date(this.startedAtMs)).toISOString(),
            ...(errorCode ? { errorCode } : {}),
            errorMessage: errorMessage ?? errorCode ?? '',
          },
        ];
      });
      return {
        events: failures,
        truncated: read.truncated,
        pages: read.pages,
        complete: read.complete,
        ...(read.reason ? { reason: read.reason } : {}),
      };
    });
  }

  /** One stream of the window from the configured evidence source; a refused LookupEvents (the last
   * source) surfaces as the AwsCallError it is. */
  private sourced(
    stream: 'signin' | 'scim',
    who: { userId?: string; names: string[] },
  ): Promise<SourcedRead> {
    const source = this.deps.signInSource!;
    return this.aws('cloudtrail', 'LookupEvents', () =>
      source.read({ who, stream, startMs: this.windowStartMs, endMs: this.startedAtMs }),
    );
  }

  // --- applications -------------------------------------------------------------------------

  /** The application the person named, by name (case-insensitive) or ARN. */
  requestedApplication(): Promise<{ arn: string; name: string | undefined } | undefined> {
    return this.once('requested-application', async () => {
      const asked = this.request.application?.trim();
      if (!asked) return undefined;
      const { InstanceArn } = await this.instance();
      const { items } = await this.aws('sso', 'ListApplications', () =>
        collectPages(
          paginateListApplications,
          { client: this.c.ssoAdmin },
          { InstanceArn },
          (p) => p.Applications,
        ),
      );
      const app = items.find(
        (a) => a.ApplicationArn === asked || a.Name?.toLowerCase() === asked.toLowerCase(),
      );
      return app?.ApplicationArn ? { arn: app.ApplicationArn, name: app.Name } : undefined;
    });
  }

  applicationAssignments(principalType: 'USER' | 'GROUP', principalId: string, applicationArn: string) {
    return this.once(`app-assignments:${principalType}:${principalId}:${applicationArn}`, async () => {
      const { InstanceArn } = await this.instance();
      const { items } = await this.aws('sso', 'ListApplicationAssignmentsForPrincipal', () =>
        collectPages(
          paginateListApplicationAssignmentsForPrincipal,
          { client: this.c.ssoAdmin },
          {
            InstanceArn,
            PrincipalId: principalId,
            PrincipalType: principalType,
            Filter: { ApplicationArn: applicationArn },
          },
          (p) => p.ApplicationAssignments,
        ),
      );
      return items;
    });
  }

  // --- the bot's memory of principals -------------------------------------------------------

  /** Assignments left behind by an earlier principal of the same name as the person or one of their
   * groups; that principal must be gone from the store now. */
  staleAssignments(): Promise<StaleAssignments[]> {
    return this.once('stale', async () => {
      const { IdentityStoreId } = await this.instance();
      const user = await this.user();
      const groups = await this.groups();
      const candidates: Array<{ type: 'USER' | 'GROUP'; currentId: string; name: string | undefined }> = [
        { type: 'USER', currentId: user.UserId, name: user.UserName },
        ...groups.map((g) => ({ type: 'GROUP' as const, currentId: g.groupId, name: g.displayName })),
      ];
      const found: StaleAssignments[] = [];
      for (const candidate of candidates) {
        if (!candidate.name) continue;
        // The inventory scan already found which assignments point at principals gone by this name: a
        // lookup, no AWS call per remembered id. Without a completed scan (or when the lookup fails), the
        // principal memory below.
        const orphans = await this.deps.inventory
          ?.orphansNamed(candidate.type, candidate.name)
          .catch((error: unknown) => {
            this.logWorkaround(error, "using the bot's memory of principals instead of the inventory");
            return undefined;
          });
        if (orphans) {
          for (const o of orphans) {
            if (o.principalId === candidate.currentId || o.assignments.length === 0) continue;
            found.push({
              principalType: candidate.type,
              currentPrincipalId: candidate.currentId,
              known: {
                principalId: o.principalId,
                principalType: o.principalType,
                name: o.lastKnownName,
                lastSeen: o.lastSeen,
              },
              assignments: o.assignments.map((a) => ({
                accountId: a.accountId,
                permissionSetArn: a.permissionSetArn,
              })),
            });
          }
          continue;
        }
        const known = await this.deps.memory.findByName(candidate.type, candidate.name);
        for (const k of known) {
          if (k.principalId === candidate.currentId) continue;
          if (await this.principalExists(IdentityStoreId, k.principalType, k.principalId)) continue;
          const rows = await this.principalAssignments(k.principalType, k.principalId);
          const own = rows.filter((r) => r.principalId === k.principalId);
          if (own.length > 0) {
            found.push({
              principalType: candidate.type,
              currentPrincipalId: candidate.currentId,
              known: k,
              assignments: own.map((r) => ({ accountId: r.accountId, permissionSetArn: r.permissionSetArn })),
            });
          }
        }
      }
      return found;
    });
  }

  private async principalExists(
    IdentityStoreId: string,
    type: 'USER' | 'GROUP',
    id: string,
  ): Promise<boolean> {
    return this.once(`exists:${type}:${id}`, async () => {
      const operation = type === 'USER' ? 'DescribeUser' : 'DescribeGroup';
      return this.aws('identitystore', operation, async () => {
        try {
          if (type === 'USER')
            await this.c.identityStore.send(new DescribeUserCommand({ IdentityStoreId, UserId: id }));
          else await this.c.identityStore.send(new DescribeGroupCommand({ IdentityStoreId, GroupId: id }));
          return true;
        } catch (error) {
          if (isNotFound(error)) return false;
          throw error;
        }
      });
    });
  }
}

/** A sourced read's coverage in the facts' EventsRead terms. */
function eventsCoverage(read: SourcedRead): {
  truncated: boolean;
  pages: number;
  complete: boolean;
  reason?: string;
} {
  return {
    truncated: !read.complete,
    pages: 0,
    complete: read.complete,
    ...(read.reason ? { reason: read.reason } : {}),
  };
}
