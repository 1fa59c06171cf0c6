import type { CauseId, Severity } from './causes';
import type { Coverage } from './facts/coverage';

/** A fix the bot can carry out after an admin approves it, with exactly the parameters it will use. */
export type FixProposal =
  | {
      fix: 'provision-permission-set';
      instanceArn: string;
      accountId: string;
      permissionSetArn: string;
      /** Every (account, permission set) pair this one approval covers, when more than one (drift repairs);
       * absent: just `accountId` and `permissionSetArn`. */
      targets?: Array<{ accountId: string; permissionSetArn: string }>;
    }
  | {
      fix: 'repoint-assignments';
      instanceArn: string;
      principalType: 'USER' | 'GROUP';
      /** The principal that exists now and should hold the assignments. */
      newPrincipalId: string;
      /** The name the stale principal was last known by; must equal the new principal's name. */
      lastKnownName: string;
      stale: Array<{ accountId: string; permissionSetArn: string; principalId: string }>;
    }
  | {
      fix: 'grant-account-access';
      instanceArn: string;
      principalType: 'USER';
      principalId: string;
      /** Absent when the person named no account: the approving admin picks it. */
      accountId?: string;
      /** Absent when the admin must pick it; set when re-trying a failed creation. */
      permissionSetArn?: string;
    }
  | {
      fix: 'add-to-group';
      identityStoreId: string;
      userId: string;
      groupId: string;
      groupName?: string;
      /** When the account was named: the group gives access there. */
      accountId?: string;
    };

export type FixId = FixProposal['fix'];

/** Names the explanations need (the portal's account and permission set names, the group involved). */
export interface FindingContext {
  accountId?: string;
  accountName?: string;
  permissionSetArn?: string;
  permissionSetName?: string;
  groupId?: string;
  groupName?: string;
  applicationName?: string;
}

/** One thing the diagnosis found: a cause from the catalogue with the evidence behind it. */
export interface Finding {
  cause: CauseId;
  severity: Severity;
  /** The check that produced it. */
  checkId: string;
  context: FindingContext;
  /** What the bot read that proves it; JSON-safe, no secrets. */
  evidence: Record<string, unknown>;
  /** The time of the most recent evidence (ISO 8601), when it has one; used to rank by recency. */
  evidenceAt?: string;
  fix: FixProposal | null;
}

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skipped' | 'error' | 'incomplete';

/** How one check ended. `skipped`, `error` and `incomplete` mean the check could not say, which is not
 * the same as pass: `incomplete` read only part of its evidence (a page cap, throttling, a timeout),
 * `error` was refused or crashed. */
export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  durationMs: number;
  findings: Finding[];
  /** Why it was skipped or could not run. */
  reason?: string;
  /** The IAM action the bot lacked, when AWS denied a call. */
  missingAction?: string;
  /** What the check could not read (each a sentence); set when it ended `incomplete`, or when it
   * found something on a partial read. */
  partial?: string[];
  /** True when the check did not cover its question: `error`, `incomplete`, or skipped because
   * something it needs could not be read. */
  notCovered?: boolean;
  /** The AWS read that failed (not a refusal: throttling, 5xx, network), for the admins' note. */
  awsFailure?: { action: string; code: string };
}

/** Who was diagnosed, as Identity Center knows them. */
export interface Subject {
  /** What was asked for (an email or a user name). */
  identifier: string;
  userId: string;
  userName?: string;
  displayName?: string;
  email?: string;
  foundBy: 'userName' | 'emails.value';
  status?: string;
  identityStoreId: string;
  instanceArn: string;
  /** True when the user carries ExternalIds: fed by an external IdP through SCIM. */
  externallyManaged: boolean;
}

/** What the person asked: who, optionally which account or application, and what they see. */
export interface DiagnosisRequest {
  /** An email address or an Identity Center user name. */
  user: string;
  /** An account id or name, as the person typed it. */
  account?: string;
  /** An application name or ARN. */
  application?: string;
  /** The error text they pasted, or a symptom id they picked. */
  symptom?: string;
}

/** The complete answer of one diagnosis. */
export interface DiagnosisReport {
  subject: Subject | null;
  request: DiagnosisRequest;
  primaryCause: CauseId | null;
  /** Findings, most important first (the primary cause's finding leads). */
  findings: Finding[];
  checks: CheckResult[];
  stats: {
    awsCalls: number;
    durationMs: number;
    throttledCalls: number;
    /** Where the sign-in evidence came from (signin-sources); null when none was read. */
    signinSource?: 'index' | 'lake' | 'lookup-events' | null;
    /** When the inventory scan whose metadata answered what it found healthy completed; null when every
     * organisation read was live (no inventory, or older than INVENTORY_MAX_AGE_MINUTES). */
    inventoryAt?: string | null;
  };
  /** What the diagnosis could not check; "nothing wrong" is only said when `complete`. */
  coverage: Coverage;
  /** The diagnosis clock's time when the diagnosis started. */
  at: string;
  windowHours: number;
}
