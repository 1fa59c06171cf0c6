import { runDoctor } from '../doctor/run';
import type { DoctorDeps } from '../doctor/types';
import type { Logger } from '../log/logger';
import type { SlackJob } from './jobs';
import { buildDoctorView } from './views/doctor';
import { buildRefusalView } from './views/notices';
import type { MessageView } from './views/types';

/** What `/cant-login doctor` needs from the worker. */
export interface DoctorJobDeps {
  isApprover(userId: string): Promise<boolean>;
  /** Builds the doctor's view of the running bot; undefined when this runtime cannot run it. */
  doctor: (() => DoctorDeps) | undefined;
  /** Answers the person privately (the command's response_url, else their DM). */
  tell(view: MessageView): Promise<void>;
  logger: Logger;
}

/** Runs the whole doctor for an approver and answers privately; anyone else gets the refusal first,
 * before any check runs. */
export async function handleDoctorJob(
  job: Extract<SlackJob, { kind: 'doctor' }>,
  deps: DoctorJobDeps,
): Promise<void> {
  if (!(await deps.isApprover(job.requesterId))) {
    deps.logger.info({ user: job.requesterId }, 'refused: only approvers may run the doctor');
    return deps.tell(buildRefusalView({ reason: 'doctor-approvers-only' }));
  }
  if (!deps.doctor) throw new Error('the doctor is not wired into this runtime');
  const report = await runDoctor(deps.doctor());
  deps.logger.info(
    { status: report.status, failed: report.results.filter((r) => r.status === 'fail').map((r) => r.id) },
    'doctor ran',
  );
  await deps.tell(buildDoctorView(report));
}
