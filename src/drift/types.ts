import type { Severity } from '../diagnosis/causes';
import type { Coverage } from '../diagnosis/facts/coverage';
import type { FixProposal } from '../diagnosis/types';

/** The organisation-wide problems the drift scan finds; each is also a cause id of the catalogue. */
export type DriftKind =
  | 'permission-set-outdated'
  | 'permission-set-not-provisioned'
  | 'principal-recreated'
  | 'provisioning-failed'
  | 'account-not-active'
  | 'permission-set-empty';

export const DRIFT_KINDS: readonly DriftKind[] = [
  'permission-set-outdated',
  'permission-set-not-provisioned',
  'principal-recreated',
  'provisioning-failed',
  'account-not-active',
  'permission-set-empty',
];

/** One account assignment as the scan read it. */
export interface ScannedAssignment {
  accountId: string;
  permissionSetArn: string;
  principalType: 'USER' | 'GROUP';
  principalId: string;
}

/** A FAILED provisioning (or assignment creation) the scan read, with AWS's reason. */
export interface FailedRequest {
  requestId: string;
  accountId: string;
  permissionSetArn: string;
  failureReason?: string;
  createdDate?: string;
  /** `provisioning`: ProvisionPermissionSet; `assignment`: CreateAccountAssignment. */
  operation: 'provisioning' | 'assignment';
  principal?: { type: 'USER' | 'GROUP'; id: string };
}

/**
 * Everything one drift scan read, JSON-safe (a resumed scan carries it in its cursor). The detectors
 * read only this; each map holds what its listing returned, and `coverage` says which listings are
 * incomplete so a detector never reports "nothing wrong" on a read it did not finish.
 */
export interface DriftObservations {
  /** The scan clock's time when the scan started (ISO 8601). */
  at: string;
  instanceArn: string;
  identityStoreId: string;
  managementAccountId?: string;
  /** Every account of the organisation: id → name and state (`ACTIVE`, `SUSPENDED`, …). */
  accounts: Record<string, { name?: string; state: string }>;
  /** Every current user: id → user name. */
  users: Record<string, string>;
  /** Every current group: id → display name. */
  groups: Record<string, string>;
  /** Every permission set: ARN → name, whether it grants nothing (undefined: not read), and whether
   * the accounts it is provisioned to were read whole (a pair missing from `provisioned` means
   * "not provisioned" only then). */
  permissionSets: Record<string, { name?: string; empty?: boolean; provisioningRead?: boolean }>;
  /** `${accountId}|${permissionSetArn}` → provisioning status, for every provisioned pair. */
  provisioned: Record<string, 'LATEST_PERMISSION_SET_PROVISIONED' | 'LATEST_PERMISSION_SET_NOT_PROVISIONED'>;
  /** Every assignment the scan read (on provisioned pairs, and every current principal's). */
  assignments: ScannedAssignment[];
  /** Principal ids an assignment names that are neither a current user nor group, with the name an
   * earlier scan (or the bot's memory) last knew them by. */
  formerNames: Record<string, { type: 'USER' | 'GROUP'; name: string; lastSeen: string }>;
  /** Recent FAILED requests, newest first. */
  failures: FailedRequest[];
  /** Pairs (`pairKey`) a provisioning or assignment creation is working on now: AWS is already on it, so
   * they are not drifts (the diagnosis calls this provisioning-in-progress). */
  inProgress?: string[];
  /** Members of the groups the drifts involve: group id → user ids (read last, only for those groups). */
  members: Record<string, string[]>;
  coverage: Coverage;
}

/** The key of an (account, permission set) pair in `provisioned`. */
export const pairKey = (accountId: string, permissionSetArn: string): string =>
  `${accountId}|${permissionSetArn}`;

/** One problem found across the organisation, as `cant-login drift --json` prints it. */
export interface Drift {
  /** Stable across scans while the same problem persists: the drift store keys on it. */
  id: string;
  kind: DriftKind;
  severity: Severity;
  accounts: Array<{ id: string; name?: string }>;
  permissionSet: { arn: string; name?: string } | null;
  principal: { type: 'USER' | 'GROUP'; id: string; name?: string } | null;
  /** The people who lose access because of it (groups expanded to their members). */
  affectedUsers: Array<{ userId: string; userName?: string }>;
  /** The earliest evidence of it (ISO 8601), when the scan has one; else the scan's time. */
  since: string;
  /** One line an admin reads. */
  summary: string;
  /** The fix that repairs all of it at once, or null when it needs a person (restore an account…). */
  fix: FixProposal | null;
  /** Assignments it concerns, for the blast radius and the approval card. */
  assignments: ScannedAssignment[];
}

/** What a drift scan returns. */
export interface DriftReport {
  drifts: Drift[];
  coverage: Coverage;
  stats: { awsCalls: number; durationMs: number };
  at: string;
  /** The organisation's management account, when the scan could read it (for the risk notes). */
  managementAccountId?: string;
}

/** A drift kind's detector: a pure function over what the scan read. */
export interface DriftDetector {
  kind: DriftKind;
  /** The listings it needs whole: a gap in one of them is reported against this kind. */
  reads: readonly ReadName[];
  detect(obs: DriftObservations): Drift[];
}

/** The listings of one scan, named for coverage gaps. */
export type ReadName =
  | 'accounts'
  | 'principals'
  | 'permission-sets'
  | 'provisioning'
  | 'assignments'
  | 'statuses'
  | 'memberships';
