import type { RawEvent } from './signin-events';

/** Slow-changing metadata kept between diagnoses (instance, permission set details and policies,
 * account names and states), each entry for a TTL; a fix invalidates what it changed. */
export interface MetadataCache {
  get<T>(key: string): T | undefined;
  set<T>(key: string, value: T, ttlMs: number): void;
  /** Forgets every entry whose key starts with `prefix`. */
  invalidate(prefix: string): void;
}

/** An index of sign-in events by person (fed by an EventBridge rule), used instead of paging through
 * CloudTrail's LookupEvents when it is configured. `undefined` means "not indexed: use CloudTrail". */
export interface SignInIndex {
  eventsFor(
    who: { userId?: string; names: readonly string[] },
    sinceMs: number,
    untilMs: number,
  ): Promise<RawEvent[] | undefined>;
}

/** What the scheduled inventory scan found: principal ids that no longer exist, the names they were
 * last known by, and the assignments that still point at them. */
export interface OrphanedAssignments {
  principalId: string;
  principalType: 'USER' | 'GROUP';
  lastKnownName: string;
  lastSeen: string;
  assignments: Array<{ accountId: string; permissionSetArn: string }>;
}

/** The inventory scan's results, looked up by name; `undefined` when no scan has completed. */
export interface InventoryLookup {
  orphansNamed(type: 'USER' | 'GROUP', name: string): Promise<OrphanedAssignments[] | undefined>;
}

/** An account as the inventory scan's ListAccounts saw it. */
export interface InventoryAccount {
  id: string;
  name: string | undefined;
  /** `State` (or the older `Status`) as Organizations gave it. */
  state: string;
}

/** One permission set as the inventory scan saw it: where it is provisioned, and what its policies
 * amount to (the rules of the two policy checks, `summarisePolicies`). */
export interface InventoryPermissionSet {
  arn: string;
  /** Every account it is provisioned to, and whether the latest version is; an account not here has
   * it not provisioned. */
  provisioned: Array<[string, 'LATEST_PERMISSION_SET_PROVISIONED' | 'LATEST_PERMISSION_SET_NOT_PROVISIONED']>;
  policies: 'empty' | 'deny-only' | 'allows' | 'unreadable';
  /** Its name (DescribePermissionSet), for the report's context lines. */
  name?: string;
}

/** A group as the inventory scan's ListGroups saw it. */
export interface InventoryGroup {
  id: string;
  displayName: string | undefined;
  /** Synced from an external identity provider (it has ExternalIds). */
  externallyManaged: boolean;
}

/** Organisation metadata recorded by the last inventory scan that completed it, read by the facts layer
 * when that scan is fresh enough; each lookup names the scan (`metadataCompleted().scanId`). Its own
 * marker: other writers of the orphans (the drift scan) complete scans without metadata. `undefined`:
 * not recorded. */
export interface OrganizationInventory {
  metadataCompleted(): Promise<{ scanId: string; completedAt: string } | undefined>;
  accountIn(scanId: string, accountId: string): Promise<InventoryAccount | undefined>;
  permissionSetIn(scanId: string, arn: string): Promise<InventoryPermissionSet | undefined>;
  organizationIn(scanId: string): Promise<{ managementAccountId?: string } | undefined>;
  groupIn(scanId: string, groupId: string): Promise<InventoryGroup | undefined>;
}

/** Cache key prefixes, shared by the facts layer (which fills them) and the fixes (which invalidate them). */
export const CACHE_KEYS = {
  instance: (region: string, configured: string | undefined) => `instance:${region}:${configured ?? ''}`,
  permissionSet: (arn: string) => `ps:${arn}`,
  permissionSetPolicies: (arn: string) => `ps-policies:${arn}`,
  account: (id: string) => `account:${id}`,
  provisioning: (accountId: string) => `provisioned:${accountId}`,
} as const;
