import type { AwsClients } from '../aws';
import { executorFor } from '../fixes';
import { FIX_CONCURRENCY } from '../fixes/multi-target';
import type { FixContext, PollPolicy } from '../fixes/types';
import type { Clock } from '../lib/clock';
import type { Logger } from '../log/logger';
import type { FixRunner, FixRunRequest, FixRunResult } from './types';

/** Who a fix's AWS session is, for CloudTrail: `SourceIdentity` (2–64 characters of `[\w+=,.@-]`, never
 * starting with `aws:`) is the approver; the session name is approver and ticket. */
export interface FixSession {
  sourceIdentity: string;
  sessionName: string;
}

const clean = (s: string) => s.replace(/[^\w+=,.@-]/g, '-');

/** The session of one approved fix. Every write made with it shows the approver in CloudTrail
 * (`userIdentity.sessionContext.sourceIdentity`), and the session name ties it to the ticket. */
export function fixSession(approverId: string, ticketId: string): FixSession {
  let sourceIdentity = clean(approverId).slice(0, 64);
  if (sourceIdentity.toLowerCase().startsWith('aws:')) sourceIdentity = `u-${sourceIdentity}`.slice(0, 64);
  if (sourceIdentity.length < 2) sourceIdentity = `u-${sourceIdentity}`;
  const sessionName = clean(`${sourceIdentity}@${ticketId}`).slice(0, 64);
  return { sourceIdentity, sessionName };
}

export interface AwsFixRunnerDeps {
  /** Read-only clients (the diagnosis role): preconditions and status polling. */
  reader: AwsClients;
  /** Clients that may write, for one session: assumes the fix role with the session's SourceIdentity
   * (on AWS), with no SDK retries on writes (a write is sent once; the fix re-checks instead). */
  writerFor(session: FixSession): AwsClients;
  clock: Clock;
  poll: PollPolicy;
  logger: Logger;
}

/** Runs an approved fix's executor: the only code that holds write credentials, and only for the run. */
export class AwsFixRunner implements FixRunner {
  constructor(private readonly deps: AwsFixRunnerDeps) {}

  async run(request: FixRunRequest): Promise<FixRunResult> {
    const { ticket } = request;
    const approval = ticket.approval;
    const subject = ticket.report?.subject;
    if (!approval || !subject) throw new Error(`ticket ${ticket.id} has no approved fix to run`);
    const session = fixSession(approval.decidedBy ?? 'bot', ticket.id);
    const writer = this.deps.writerFor(session);
    try {
      const context: FixContext = {
        writer,
        reader: this.deps.reader,
        instanceArn: subject.instanceArn,
        identityStoreId: subject.identityStoreId,
        ...(request.managementAccountId ? { managementAccountId: request.managementAccountId } : {}),
        ...(request.callerAccountId ? { callerAccountId: request.callerAccountId } : {}),
        clock: this.deps.clock,
        sleep: request.sleep,
        poll: this.deps.poll,
        logger: this.deps.logger.child({ ticketId: ticket.id, session: session.sessionName }),
        record: request.record,
        // A provisioning of many accounts works on a few at once (bounded under the rate share), each
        // target recorded and reported; everything else runs one step after another, as before.
        concurrency:
          approval.fix.fix === 'provision-permission-set' && (approval.fix.targets?.length ?? 0) > 1
            ? FIX_CONCURRENCY
            : 1,
      };
      const executor = executorFor(approval.fix);
      const pre = await executor.precondition(approval.fix as never, approval.picks, context);
      switch (pre.kind) {
        case 'refused':
          return { kind: 'refused', reason: pre.reason };
        case 'done':
          return { kind: 'already-done', reason: pre.reason };
        case 'ok':
          break;
      }
      await request.onApplying();
      const outcome = await executor.apply(approval.fix as never, approval.picks, context, request.previous);
      switch (outcome.kind) {
        case 'succeeded':
          return { kind: 'applied' };
        case 'failed':
          return { kind: 'failed', reason: outcome.reason };
        case 'pending':
          return { kind: 'pending', reason: outcome.reason };
      }
    } finally {
      writer.destroy();
    }
  }
}
