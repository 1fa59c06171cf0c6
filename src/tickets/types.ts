import type { CauseId } from '../diagnosis/causes';
import type { DiagnosisReport, DiagnosisRequest, FixProposal } from '../diagnosis/types';
import { CantLoginError } from '../lib/errors';

/** The life of a ticket (architecture.md). Terminal states never change again. */
export type TicketState =
  | 'created'
  | 'diagnosed'
  | 'awaiting-approval'
  | 'approved'
  | 'fixing'
  | 'resolved'
  | 'fix-failed'
  | 'rejected'
  | 'expired'
  | 'closed';

export const TERMINAL_STATES: readonly TicketState[] = ['resolved', 'rejected', 'expired', 'closed'];
export const OPEN_STATES: readonly TicketState[] = [
  'created',
  'diagnosed',
  'awaiting-approval',
  'approved',
  'fixing',
  'fix-failed',
];

/** Which transitions exist (a state to itself is an update, allowed until the ticket ends); every one is
 * a conditional write on the ticket's version. Terminal states never change again. */
export const TRANSITIONS: Readonly<Record<TicketState, readonly TicketState[]>> = {
  created: ['created', 'diagnosed', 'closed'],
  diagnosed: ['diagnosed', 'awaiting-approval', 'resolved', 'closed'],
  'awaiting-approval': [
    'awaiting-approval',
    'diagnosed',
    'approved',
    'rejected',
    'expired',
    'resolved',
    'closed',
  ],
  approved: ['approved', 'fixing', 'fix-failed', 'closed'],
  fixing: ['fixing', 'resolved', 'fix-failed', 'diagnosed', 'awaiting-approval'],
  'fix-failed': ['fix-failed', 'diagnosed', 'awaiting-approval', 'resolved', 'closed'],
  resolved: [],
  rejected: [],
  expired: [],
  closed: [],
};

export function canTransition(from: TicketState, to: TicketState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** What an admin picked on the approval card where the fix leaves a choice (grant-account-access). */
export interface ApprovalPicks {
  permissionSetArn?: string;
  permissionSetName?: string;
  accountId?: string;
  accountName?: string;
}

/** An option the card's type-ahead selects offer: the value sent back and the label shown. */
export interface Choice {
  value: string;
  label: string;
}

/** The approval request for the ticket's fix: the exact change, its card, and who decided. */
export interface Approval {
  /** The cause whose fix this is. */
  cause: CauseId;
  fix: FixProposal;
  picks: ApprovalPicks;
  /** What the card's selects offer, loaded once when the card is posted (so the options endpoint
   * answers from the store within Slack's time limit, without calling Identity Center). */
  choices?: { permissionSets: Choice[]; accounts: Choice[] };
  card?: { channel: string; ts: string };
  /** The organisation's management account when the card was posted, for its risk note. */
  managementAccountId?: string;
  requestedAt: string;
  expiresAt: string;
  remindedAt?: string;
  decidedBy?: string;
  decidedAt?: string;
  rejectReason?: string;
  /** The first of two approvals, for permission sets that need a second approver. */
  firstApproval?: { by: string; at: string };
  /** Whether this fix needs two different approvers (an AdministratorAccess-like permission set). */
  needsSecondApprover?: boolean;
  /** The guardrails in force when the card was shown, in plain words (the card lists them). */
  guardrails?: string[];
  /** Why no one may approve this fix (a guardrail forbids it); the card shows it instead of buttons. */
  refusal?: string;
  /** The account the bot ran in when the decision was taken (for the delegated-admin refusal). */
  callerAccountId?: string;
}

/** One AWS request a fix made, recorded before the bot waits on it, so a restart can resume. */
export interface FixStep {
  action: string;
  requestId?: string;
  /** AWS's own request id of the write (x-amzn-RequestId), for the audit trail. */
  awsRequestId?: string;
  status: 'started' | 'succeeded' | 'failed';
  failureReason?: string;
  at: string;
}

export interface FixRun {
  fix: FixProposal['fix'];
  startedAt: string;
  /** Set by the worker that owns the run, while it works and while it polls; a sweeper takes over a
   * run only once this is old, with a conditional claim that changes `runId`. */
  heartbeatAt: string;
  /** The run that owns the fix now; a run that finds another id here has been taken over and stops. */
  runId?: string;
  /** When the bot stopped waiting although AWS was still working; the sweeper adopts the request. */
  pendingSince?: string;
  steps: FixStep[];
  outcome?: 'verified' | 'failed' | 'not-verified';
  failureReason?: string;
  finishedAt?: string;
}

/** A ticket: one person's problem from the first /cant-login to its resolution. */
export interface Ticket {
  id: string;
  version: number;
  state: TicketState;
  /** Who typed the command. */
  requesterId: string;
  /** Whose access it is about (the requester, or someone an approver asked about). */
  subjectSlackId: string;
  /** What the diagnosis looked up (an email or an Identity Center user name). */
  identifier: string;
  subjectName: string;
  audience: 'employee' | 'admin';
  request: DiagnosisRequest;
  primaryCause: CauseId | null;
  headline: string;
  report?: DiagnosisReport;
  dm?: { channel: string; ts: string };
  approval?: Approval;
  fixRun?: FixRun;
  createdAt: string;
  updatedAt: string;
  resolvedAt?: string;
  /** When the person pressed "Get a human". */
  escalatedAt?: string;
  /** How it was resolved, for the notification and the statistics. */
  resolution?: 'fix-verified' | 'works-now';
  /** When DynamoDB may delete it (epoch seconds). */
  ttl?: number;
  /** Set on the ticket of an organisation-wide drift repair (src/drift/repair.ts), which has no person,
   * report or DM: the drift it repairs, the identity store its fix reads, and the fix that retries only
   * the targets a failed run left. The diagnosis ticket flow leaves these tickets alone. */
  drift?: { id: string; identityStoreId: string; retry?: FixProposal };
}

/** One line of the append-only audit trail. */
export interface AuditEvent {
  ticketId: string;
  at: string;
  /** Who caused it: a Slack user id, or "bot" / "sweeper". */
  actor: string;
  action: string;
  from?: TicketState;
  to?: TicketState;
  /** JSON-safe details: the fix parameters, AWS request ids, the reason… never a secret. */
  details?: Record<string, unknown>;
  ttl?: number;
}

/** A transition or update lost a race: someone else changed the ticket first. */
export class TicketConflictError extends CantLoginError {
  override readonly name = 'TicketConflictError';
  readonly code = 'ticket-conflict';
  constructor(
    message: string,
    readonly current: Ticket | undefined,
  ) {
    // Retryable: the same change applied to the fresh ticket may well succeed.
    super(message, { retryable: true });
  }
}

/** A transition the state machine does not allow. */
export class InvalidTransitionError extends CantLoginError {
  override readonly name = 'InvalidTransitionError';
  readonly code = 'invalid-transition';
}
