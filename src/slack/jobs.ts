import type { DriftJob } from './drift-jobs';

/** Work a Slack listener hands off after it has acknowledged, so no AWS call ever delays the ack.
 * In process in Socket Mode / HTTP; through SQS on Lambda (so every member is JSON). */
export type SlackJob =
  | {
      kind: 'diagnose';
      requestId: string;
      requesterId: string;
      /** The person to diagnose: the requester, or someone an approver mentioned. */
      targetId: string;
      /** What was typed after the command, as sent (escaped by Slack). */
      text: string;
      /** Where to answer privately in the channel the command came from. */
      responseUrl?: string;
      /** A symptom picked from the report's menu. */
      symptom?: string;
      /** Re-run an earlier check (Check again / symptom menu): its record and DM message are reused. */
      checkId?: string;
    }
  | { kind: 'get-human'; requestId: string; clickerId: string; checkId: string }
  | { kind: 'it-works'; requestId: string; clickerId: string; checkId: string }
  | { kind: 'publish-home'; requestId: string; userId: string }
  /** An approver clicked Approve; `responseUrl` answers them privately. */
  | { kind: 'approve'; requestId: string; clickerId: string; ticketId: string; responseUrl?: string }
  | { kind: 'reject'; requestId: string; clickerId: string; ticketId: string; reason?: string }
  | {
      kind: 'pick';
      requestId: string;
      clickerId: string;
      ticketId: string;
      what: 'permission-set' | 'account';
      value: string;
      label: string;
      responseUrl?: string;
    }
  /** `/cant-login doctor`: approvers only (checked by the worker); answered at `responseUrl`. */
  | { kind: 'doctor'; requestId: string; requesterId: string; responseUrl?: string }
  /** Expire, remind, resume stuck fixes (on Lambda, from the schedule). */
  | { kind: 'sweep'; requestId: string }
  | DriftJob;

export type SlackJobKind = SlackJob['kind'];

/** Hands a job to whoever runs it. */
export interface JobQueue {
  enqueue(job: SlackJob): Promise<void>;
}

const KINDS: readonly SlackJobKind[] = [
  'diagnose',
  'get-human',
  'it-works',
  'publish-home',
  'approve',
  'reject',
  'pick',
  'sweep',
  'doctor',
  'drift',
];

/** Reads a job back from a queue message; anything malformed is refused with the reason. */
export function parseJob(body: string): SlackJob {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new Error('job message is not JSON');
  }
  const job = value as Partial<SlackJob> | null;
  if (
    !job ||
    typeof job !== 'object' ||
    !KINDS.includes(job.kind as SlackJobKind) ||
    typeof job.requestId !== 'string'
  ) {
    throw new Error('job message has no known kind or no requestId');
  }
  return job as SlackJob;
}
