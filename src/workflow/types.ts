import type { DiagnosisReport, DiagnosisRequest } from '../diagnosis/types';
import type { DryRun } from '../fixes/dry-run';
import type { Precondition } from '../fixes/types';
import type { Choice, FixStep, Ticket } from '../tickets/types';

// The workflow's ports: what it needs from Slack (a notifier, who approves), from AWS (reads, the fix
// runner) and from the diagnosis (a verification run). Nothing here knows Slack.

/** Where an approval stands, as the card shows it. */
export type CardStatus =
  | { kind: 'pending'; waitingForSecondApprover?: string }
  | { kind: 'approved'; by: string }
  | { kind: 'fixing'; by: string; step: string }
  | { kind: 'resolved'; by: string }
  | { kind: 'failed'; by?: string; reason: string }
  | { kind: 'rejected'; by: string; reason?: string }
  | { kind: 'expired' }
  | { kind: 'superseded'; reason: string }
  /** A guardrail forbids this fix: nobody can approve it from the card. */
  | { kind: 'refused'; reason: string };

/** What the person whose access it is gets told in their thread as the fix moves on. */
export type PersonUpdate =
  | { kind: 'awaiting' }
  | { kind: 'approved' }
  | { kind: 'applying' }
  | { kind: 'verifying' }
  | { kind: 'resolved' }
  | { kind: 'failed'; reasonForEmployee: string }
  | { kind: 'still-broken'; headline: string }
  | { kind: 'rejected'; reason?: string }
  | { kind: 'expired' };

/** The one note per resolved ticket for the notify channel. */
export interface ResolvedNote {
  subjectId: string;
  cause: Ticket['primaryCause'];
  /** The access that was broken, as the portal names it ("BillingViewer on prod-us"), when known. */
  access?: string;
  fix?: string;
  approverId?: string;
  minutes: number;
  resolution: NonNullable<Ticket['resolution']>;
}

/** Where the approval card lives, once posted. */
export interface CardRef {
  channel: string;
  ts: string;
}

/** How the workflow talks to people. Every method is best effort except `showCard` for a new card,
 * whose reference the workflow must record. */
export interface Notifier {
  /** Posts the card when the ticket has none yet (returns where; undefined when no admin channel is
   * configured), or updates the card it has. */
  showCard(ticket: Ticket, dryRun: DryRun, status: CardStatus): Promise<CardRef | undefined>;
  tellPerson(ticket: Ticket, update: PersonUpdate): Promise<void>;
  /** Replaces the person's report with the ticket's current one. */
  refreshReport(ticket: Ticket): Promise<void>;
  notifyResolved(note: ResolvedNote): Promise<void>;
  remindApprovers(ticket: Ticket): Promise<void>;
  /** A ticket the bot could not finish (a diagnosis that died): tell the person and the admins once. */
  reportStuck(ticket: Ticket, reason: string): Promise<void>;
}

/** Who may decide on fixes (Slack user ids), checked at the moment of each decision. */
export interface ApproverDirectory {
  isApprover(userId: string): Promise<boolean>;
}

/** A permission set as the guardrails judge it. */
export interface PermissionSetFacts {
  arn: string;
  name: string | undefined;
  tags: Record<string, string> | undefined;
}

/** The AWS reads the workflow makes (read-only clients). Each throws an error that names the IAM action
 * when AWS does not answer; the workflow turns that into a refusal, never into a skipped guard. */
export interface WorkflowReads {
  /** The organisation's management account (organizations:DescribeOrganization). */
  managementAccountId(): Promise<string>;
  /** The account the bot runs in (sts:GetCallerIdentity). */
  callerAccountId(): Promise<string>;
  permissionSetChoices(instanceArn: string): Promise<Choice[]>;
  accountChoices(): Promise<Choice[]>;
  /** Name and (when `withTags`) tags of a permission set. */
  permissionSet(instanceArn: string, arn: string, withTags: boolean): Promise<PermissionSetFacts>;
}

/** One approved fix to run (or resume) against AWS. */
export interface FixRunRequest {
  ticket: Ticket;
  /** Steps an earlier, interrupted run recorded. */
  previous: readonly FixStep[];
  managementAccountId?: string;
  callerAccountId?: string;
  record(step: FixStep): Promise<void>;
  /** Waits between polls; the workflow beats the run's heartbeat here. */
  sleep(ms: number): Promise<void>;
  /** Called once the precondition passed and the write is about to be made. */
  onApplying(): Promise<void>;
}

/** How a fix run ended. `pending`: AWS was still working when the bot stopped waiting; the run is left
 * for the sweeper to adopt, never failed while AWS may still finish. */
export type FixRunResult =
  | { kind: 'applied' }
  | { kind: 'already-done'; reason: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'pending'; reason: string };

/** Runs the executors with credentials that may write; the only place the fix role is assumed. */
export interface FixRunner {
  run(request: FixRunRequest): Promise<FixRunResult>;
}

/** Re-runs the diagnosis after a fix. */
export type Verifier = (request: DiagnosisRequest) => Promise<DiagnosisReport>;

/** Why someone may not decide on a ticket's fix. */
export type DecisionRefusal = 'not-an-approver' | 'own-access' | 'own-request' | 'same-approver-twice';

/** What a decision (approve, reject, pick) came to, for the clicker; Slack renders it. */
export type DecisionOutcome =
  | { kind: 'done' }
  | { kind: 'not-found' }
  | { kind: 'refused'; refusal: DecisionRefusal }
  | { kind: 'late'; ticket: Ticket }
  | { kind: 'expired' }
  | { kind: 'needs-picks'; permissionSet: boolean; account: boolean }
  | { kind: 'not-offered' }
  | { kind: 'guardrail'; reason: string }
  /** A read the decision depends on failed: nothing was changed. */
  | { kind: 'blocked'; reason: string }
  | { kind: 'waiting-for-second-approver' };

export type { Precondition };
