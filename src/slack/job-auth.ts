import { createHmac, timingSafeEqual } from 'node:crypto';
import { CantLoginError } from '../lib/errors';
import { parseJob, type SlackJob } from './jobs';

/**
 * Jobs that leave the process (SQS between the Lambda ingress and the worker) are sealed: the body carries
 * an HMAC-SHA256 over the exact job text and the time it was issued, with a key only the ingress and the
 * worker can read (a generated Secrets Manager secret). The worker opens each one before acting: a job
 * anyone else put on the queue, or an old one sent again, is refused.
 */
export interface SealedJob {
  v: 1;
  issuedAt: string;
  /** The job as JSON text, exactly as signed. */
  job: string;
  mac: string;
}

/** Why a job was refused; never retried (a forged job stays forged). */
export class JobRefusedError extends CantLoginError {
  override readonly name = 'JobRefusedError';
  constructor(
    readonly code: 'job-malformed' | 'job-forged' | 'job-expired' | 'job-replayed',
    message: string,
  ) {
    super(message, { retryable: false });
  }
}

/** How long a sealed job stays valid: longer than every SQS redelivery of one message can take
 * (3 receives × a 90-minute visibility timeout); a replay within it is refused by the ledger of handled
 * jobs. */
export const JOB_MAX_AGE_MS = 5 * 3600_000;

/** The log line a refused job writes; the CDK app's metric filter counts it and an alarm fires. */
export const JOB_REFUSED_EVENT = 'job-refused';

function macOf(key: Buffer, issuedAt: string, job: string): string {
  return createHmac('sha256', key).update(`v1\n${issuedAt}\n${job}`).digest('base64url');
}

export function sealJob(job: SlackJob, key: Buffer, nowMs: number): string {
  const text = JSON.stringify(job);
  const issuedAt = new Date(nowMs).toISOString();
  const sealed: SealedJob = { v: 1, issuedAt, job: text, mac: macOf(key, issuedAt, text) };
  return JSON.stringify(sealed);
}

/** Verifies a sealed job and returns it; throws JobRefusedError (with a stable code) otherwise. */
export function openJob(body: string, key: Buffer, nowMs: number, maxAgeMs = JOB_MAX_AGE_MS): SlackJob {
  let sealed: Partial<SealedJob>;
  try {
    sealed = JSON.parse(body) as Partial<SealedJob>;
  } catch {
    throw new JobRefusedError('job-malformed', 'job message is not JSON');
  }
  if (
    sealed?.v !== 1 ||
    typeof sealed.job !== 'string' ||
    typeof sealed.issuedAt !== 'string' ||
    typeof sealed.mac !== 'string'
  ) {
    throw new JobRefusedError('job-forged', 'job message is not sealed');
  }
  const expected = Buffer.from(macOf(key, sealed.issuedAt, sealed.job));
  const given = Buffer.from(sealed.mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new JobRefusedError('job-forged', 'job message has a wrong MAC');
  }
  const issued = Date.parse(sealed.issuedAt);
  if (Number.isNaN(issued) || nowMs - issued > maxAgeMs || issued - nowMs > 5 * 60_000) {
    throw new JobRefusedError(
      'job-expired',
      `job message was issued at ${sealed.issuedAt}, outside its validity`,
    );
  }
  try {
    return parseJob(sealed.job);
  } catch (error) {
    throw new JobRefusedError('job-malformed', (error as Error).message);
  }
}
