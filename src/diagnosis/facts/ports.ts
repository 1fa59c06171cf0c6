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

/** Cache key prefixes, shared by the facts layer (which fills them) and the fixes (which invalidate them). */
export const CACHE_KEYS = {
  instance: (region: string, configured: string | undefined) => `instance:${region}:${configured ?? ''}`,
  permissionSet: (arn: string) => `ps:${arn}`,
  permissionSetPolicies: (arn: string) => `ps-policies:${arn}`,
  account: (id: string) => `account:${id}`,
  provisioning: (accountId: string) => `provisioned:${accountId}`,
} as const;
