import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../../lib/clock';
import type {
  Snapshot,
  SnapshotAccount,
  SnapshotAccountAssignment,
  SnapshotAccountAssignmentOperationStatus,
  SnapshotApplication,
  SnapshotApplicationAssignment,
  SnapshotCloudTrailEvent,
  SnapshotGroup,
  SnapshotInstance,
  SnapshotPermissionSet,
  SnapshotPermissionSetProvisioningStatus,
  SnapshotUser,
} from '../snapshot/schema';

export type ProvisioningStatus =
  | 'LATEST_PERMISSION_SET_PROVISIONED'
  | 'LATEST_PERMISSION_SET_NOT_PROVISIONED';
type AsyncStatus = 'IN_PROGRESS' | 'FAILED' | 'SUCCEEDED';

/** A CloudTrail row with its event JSON already serialised, as LookupEvents returns it. */
export interface StoredEvent {
  EventId: string;
  EventName?: string;
  EventSource?: string;
  Username?: string;
  ReadOnly?: string;
  AccessKeyId?: string;
  Resources?: Array<{ ResourceType?: string; ResourceName?: string }>;
  CloudTrailEvent?: string;
  timeMs: number;
}

function storeEvent(e: SnapshotCloudTrailEvent): StoredEvent {
  return {
    EventId: e.EventId,
    EventName: e.EventName,
    EventSource: e.EventSource,
    Username: e.Username,
    ReadOnly: e.ReadOnly,
    AccessKeyId: e.AccessKeyId,
    Resources: e.Resources,
    CloudTrailEvent:
      typeof e.CloudTrailEvent === 'object' ? JSON.stringify(e.CloudTrailEvent) : e.CloudTrailEvent,
    timeMs: e.EventTime ? Date.parse(e.EventTime) : 0,
  };
}

/** A write the emulator accepted and will finish later, the way AWS finishes it asynchronously. */
interface PendingOperation {
  kind: 'provisioning' | 'assignment-creation' | 'assignment-deletion';
  completesAt: number;
  /** Decides SUCCEEDED or FAILED at completion time and applies the change. */
  complete: () => string | undefined;
  status: { Status?: AsyncStatus; FailureReason?: string };
  /** The assignment an assignment creation or deletion is about. */
  assignment?: SnapshotAccountAssignment;
}

const DEFAULT_PROVISIONING_DELAY_MS = 2000;

/** A UUID-shaped id derived from `seed` (the Identity Store's ids are UUIDs). */
function stableUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
const key = (...parts: string[]) => parts.join('|');

/** The organisation as the emulator currently sees it: the snapshot, plus every write made since. */
export class SandboxState {
  readonly region: string;
  readonly instances: SnapshotInstance[];
  readonly users = new Map<string, SnapshotUser>();
  readonly groups = new Map<string, SnapshotGroup>();
  /** GroupId → membership id, per user. */
  readonly membershipsByUser = new Map<string, Map<string, string>>();
  readonly accounts = new Map<string, SnapshotAccount>();
  readonly organizationPresent: boolean;
  readonly managementAccountId: string | undefined;
  readonly organizationId: string;
  readonly permissionSets = new Map<string, SnapshotPermissionSet>();
  private readonly assignments = new Map<string, SnapshotAccountAssignment>();
  private assignmentsByPrincipal: Map<string, SnapshotAccountAssignment[]> | undefined;
  /** `${account}|${permissionSetArn}` → status. */
  readonly provisioned = new Map<string, ProvisioningStatus>();
  readonly permissionSetProvisioning = new Map<string, SnapshotPermissionSetProvisioningStatus>();
  readonly assignmentCreation = new Map<string, SnapshotAccountAssignmentOperationStatus>();
  readonly assignmentDeletion = new Map<string, SnapshotAccountAssignmentOperationStatus>();
  readonly applications = new Map<string, SnapshotApplication>();
  readonly applicationAssignments: SnapshotApplicationAssignment[];
  /** Newest first, as LookupEvents answers. */
  readonly events: StoredEvent[];
  readonly caller: NonNullable<Snapshot['caller']>;
  readonly userAssignmentsIncludeGroups: boolean;
  readonly caseInsensitiveLookups: boolean;
  private readonly pending: PendingOperation[] = [];

  constructor(
    snapshot: Snapshot,
    readonly clock: Clock,
  ) {
    this.region = snapshot.region ?? 'us-east-1';
    this.instances = structuredClone(snapshot.instances ?? []);
    for (const u of snapshot.identityStore?.users ?? []) this.users.set(u.UserId, structuredClone(u));
    for (const g of snapshot.identityStore?.groups ?? []) this.groups.set(g.GroupId, structuredClone(g));
    for (const m of snapshot.identityStore?.memberships ?? []) {
      // A membership the snapshot gives no id gets one derived from it, so every emulator over the same
      // snapshot (a test's oracle, a served copy) answers the same MembershipId.
      this.addMembership(m.UserId, m.GroupId, m.MembershipId ?? stableUuid(`${m.GroupId}|${m.UserId}`));
    }
    this.organizationPresent = snapshot.organization !== undefined;
    this.managementAccountId = snapshot.organization?.managementAccountId;
    this.organizationId = snapshot.organization?.id ?? 'o-sandbox0001';
    for (const a of snapshot.organization?.accounts ?? []) this.accounts.set(a.Id, structuredClone(a));
    for (const p of snapshot.permissionSets ?? [])
      this.permissionSets.set(p.PermissionSetArn, structuredClone(p));
    for (const a of snapshot.accountAssignments ?? []) this.putAssignment(a);
    for (const p of snapshot.provisionedPermissionSets ?? []) {
      this.provisioned.set(
        key(p.AccountId, p.PermissionSetArn),
        p.ProvisioningStatus ?? 'LATEST_PERMISSION_SET_PROVISIONED',
      );
    }
    for (const s of snapshot.permissionSetProvisioningStatuses ?? [])
      this.permissionSetProvisioning.set(s.RequestId, { ...s });
    for (const s of snapshot.accountAssignmentCreationStatuses ?? [])
      this.assignmentCreation.set(s.RequestId, { ...s });
    for (const s of snapshot.accountAssignmentDeletionStatuses ?? [])
      this.assignmentDeletion.set(s.RequestId, { ...s });
    for (const a of snapshot.applications ?? []) this.applications.set(a.ApplicationArn, structuredClone(a));
    this.applicationAssignments = structuredClone(snapshot.applicationAssignments ?? []);
    this.events = (snapshot.cloudTrail?.events ?? []).map(storeEvent).sort((a, b) => b.timeMs - a.timeMs);
    this.caller = snapshot.caller ?? {
      Account: snapshot.organization?.managementAccountId ?? '111111111111',
    };
    this.userAssignmentsIncludeGroups = snapshot.emulation?.userAssignmentsIncludeGroups ?? false;
    this.caseInsensitiveLookups = snapshot.emulation?.caseInsensitiveLookups ?? false;
  }

  nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  // --- identity store -------------------------------------------------------------------------

  addMembership(userId: string, groupId: string, membershipId: string = randomUUID()): string {
    let groups = this.membershipsByUser.get(userId);
    if (!groups) {
      groups = new Map();
      this.membershipsByUser.set(userId, groups);
    }
    groups.set(groupId, membershipId);
    return membershipId;
  }

  groupsOf(userId: string): string[] {
    return [...(this.membershipsByUser.get(userId)?.keys() ?? [])];
  }

  membersOf(groupId: string): Array<{ userId: string; membershipId: string }> {
    const out: Array<{ userId: string; membershipId: string }> = [];
    for (const [userId, groups] of this.membershipsByUser) {
      const membershipId = groups.get(groupId);
      if (membershipId) out.push({ userId, membershipId });
    }
    return out;
  }

  sameValue(a: string | undefined, b: string): boolean {
    if (a === undefined) return false;
    return this.caseInsensitiveLookups ? a.toLowerCase() === b.toLowerCase() : a === b;
  }

  // --- assignments ----------------------------------------------------------------------------

  private putAssignment(a: SnapshotAccountAssignment): void {
    this.assignments.set(key(a.AccountId, a.PermissionSetArn, a.PrincipalType, a.PrincipalId), { ...a });
    this.assignmentsByPrincipal = undefined;
  }

  hasAssignment(a: SnapshotAccountAssignment): boolean {
    return this.assignments.has(key(a.AccountId, a.PermissionSetArn, a.PrincipalType, a.PrincipalId));
  }

  private removeAssignment(a: SnapshotAccountAssignment): void {
    this.assignments.delete(key(a.AccountId, a.PermissionSetArn, a.PrincipalType, a.PrincipalId));
    this.assignmentsByPrincipal = undefined;
  }

  assignmentsOf(principalId: string): SnapshotAccountAssignment[] {
    if (!this.assignmentsByPrincipal) {
      const index = new Map<string, SnapshotAccountAssignment[]>();
      for (const a of this.assignments.values()) {
        const rows = index.get(a.PrincipalId) ?? [];
        rows.push(a);
        index.set(a.PrincipalId, rows);
      }
      this.assignmentsByPrincipal = index;
    }
    return this.assignmentsByPrincipal.get(principalId) ?? [];
  }

  assignmentsTo(accountId: string, permissionSetArn: string): SnapshotAccountAssignment[] {
    return [...this.assignments.values()].filter(
      (a) => a.AccountId === accountId && a.PermissionSetArn === permissionSetArn,
    );
  }

  principalExists(type: 'USER' | 'GROUP', id: string): boolean {
    return type === 'USER' ? this.users.has(id) : this.groups.has(id);
  }

  // --- asynchronous writes --------------------------------------------------------------------

  /** Finishes every accepted write whose time has come; called before each request is served. */
  settle(): void {
    const now = this.clock.now();
    // Apply what is due in the order it completes (the earlier request first on a tie).
    const due = this.pending
      .map((op, index) => ({ op, index }))
      .filter(({ op }) => op.completesAt <= now)
      .sort((a, b) => a.op.completesAt - b.op.completesAt || a.index - b.index);
    if (due.length === 0) return;
    this.pending.splice(0, this.pending.length, ...this.pending.filter((op) => op.completesAt > now));
    for (const { op } of due) {
      const failure = op.complete();
      op.status.Status = failure ? 'FAILED' : 'SUCCEEDED';
      if (failure) op.status.FailureReason = failure;
    }
  }

  /** CreateAccountAssignment requests made through the emulator that are still running. Snapshot rows
   * marked IN_PROGRESS are history that never finishes, so they do not use up AWS's limit of 15. */
  outstandingAssignmentCreations(): number {
    return this.pending.filter((op) => op.kind === 'assignment-creation').length;
  }

  /** Whether the same request (a creation, or a deletion, of this very assignment) is still running: AWS
   * answers ConflictException for a duplicate while the first is in flight. */
  assignmentChangeInFlight(
    a: SnapshotAccountAssignment,
    kind: 'assignment-creation' | 'assignment-deletion',
  ): boolean {
    const wanted = key(a.AccountId, a.PermissionSetArn, a.PrincipalType, a.PrincipalId);
    return this.pending.some(
      (op) =>
        op.kind === kind &&
        op.assignment !== undefined &&
        key(
          op.assignment.AccountId,
          op.assignment.PermissionSetArn,
          op.assignment.PrincipalType,
          op.assignment.PrincipalId,
        ) === wanted,
    );
  }

  private schedule(
    kind: PendingOperation['kind'],
    status: PendingOperation['status'],
    delayMs: number,
    complete: () => string | undefined,
    assignment?: SnapshotAccountAssignment,
  ): void {
    this.pending.push({ kind, completesAt: this.clock.now() + delayMs, complete, status, assignment });
  }

  /** Why provisioning to this account would fail now, or undefined. */
  private provisioningFailure(
    accountId: string,
    failProvisioning: Record<string, string>,
  ): string | undefined {
    const injected = failProvisioning[accountId];
    if (injected) return injected;
    const account = this.accounts.get(accountId);
    if (this.organizationPresent && !account)
      return `Account ${accountId} is not a member of the organization.`;
    const state = account?.State ?? account?.Status ?? 'ACTIVE';
    if (state !== 'ACTIVE')
      return `Account ${accountId} is ${state.toLowerCase().replace('_', ' ')}; roles cannot be provisioned there.`;
    return undefined;
  }

  startProvisioning(
    permissionSetArn: string,
    accountIds: string[],
    delayMs = DEFAULT_PROVISIONING_DELAY_MS,
    failProvisioning: Record<string, string> = {},
  ): SnapshotPermissionSetProvisioningStatus {
    const status: SnapshotPermissionSetProvisioningStatus = {
      RequestId: randomUUID(),
      Status: 'IN_PROGRESS',
      PermissionSetArn: permissionSetArn,
      CreatedDate: this.nowIso(),
      ...(accountIds.length === 1 ? { AccountId: accountIds[0] } : {}),
    };
    this.permissionSetProvisioning.set(status.RequestId, status);
    this.schedule('provisioning', status, delayMs, () => {
      // Each account succeeds or fails on its own, as in AWS: one suspended account fails the request
      // (FAILED, naming it) but the others are brought up to date all the same.
      const failures: string[] = [];
      for (const accountId of accountIds) {
        const failure = this.provisioningFailure(accountId, failProvisioning);
        if (failure) failures.push(failure);
        else this.provisioned.set(key(accountId, permissionSetArn), 'LATEST_PERMISSION_SET_PROVISIONED');
      }
      return failures.length > 0 ? failures.join(' ') : undefined;
    });
    return status;
  }

  /** Whether a provisioning request made through the emulator is still running there. Snapshot rows are
   * history and never finish, so they do not block new requests. */
  inProgressProvisioning(permissionSetArn: string, accountId: string): boolean {
    return this.pending
      .filter((op) => op.kind === 'provisioning')
      .map((op) => op.status as SnapshotPermissionSetProvisioningStatus)
      .some(
        (s) =>
          s.Status === 'IN_PROGRESS' &&
          s.PermissionSetArn === permissionSetArn &&
          (s.AccountId ?? accountId) === accountId,
      );
  }

  startAssignmentCreation(
    a: SnapshotAccountAssignment,
    delayMs = DEFAULT_PROVISIONING_DELAY_MS,
    failProvisioning: Record<string, string> = {},
  ): SnapshotAccountAssignmentOperationStatus {
    const status = this.operationStatus(a);
    this.assignmentCreation.set(status.RequestId, status);
    this.schedule(
      'assignment-creation',
      status,
      delayMs,
      () => {
        if (!this.principalExists(a.PrincipalType, a.PrincipalId)) {
          return `The ${a.PrincipalType === 'USER' ? 'user' : 'group'} ${a.PrincipalId} does not exist in the identity store.`;
        }
        const failure = this.provisioningFailure(a.AccountId, failProvisioning);
        if (failure) return failure;
        this.putAssignment(a);
        // AWS provisions the permission set to an account that does not have it yet; one already there but
        // outdated stays outdated until ProvisionPermissionSet runs.
        const provisioned = key(a.AccountId, a.PermissionSetArn);
        if (!this.provisioned.has(provisioned))
          this.provisioned.set(provisioned, 'LATEST_PERMISSION_SET_PROVISIONED');
        return undefined;
      },
      a,
    );
    return status;
  }

  startAssignmentDeletion(
    a: SnapshotAccountAssignment,
    delayMs = DEFAULT_PROVISIONING_DELAY_MS,
  ): SnapshotAccountAssignmentOperationStatus {
    const status = this.operationStatus(a);
    this.assignmentDeletion.set(status.RequestId, status);
    this.schedule(
      'assignment-deletion',
      status,
      delayMs,
      () => {
        this.removeAssignment(a);
        return undefined;
      },
      a,
    );
    return status;
  }

  private operationStatus(a: SnapshotAccountAssignment): SnapshotAccountAssignmentOperationStatus {
    return {
      RequestId: randomUUID(),
      Status: 'IN_PROGRESS',
      TargetId: a.AccountId,
      TargetType: 'AWS_ACCOUNT',
      PermissionSetArn: a.PermissionSetArn,
      PrincipalType: a.PrincipalType,
      PrincipalId: a.PrincipalId,
      CreatedDate: this.nowIso(),
    };
  }
}
