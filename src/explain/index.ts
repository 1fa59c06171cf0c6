import { type CauseId, isCauseId } from '../diagnosis/causes';
import type { Finding } from '../diagnosis/types';
import { ADMIN_EXPLAINERS } from './admin';
import { EMPLOYEE_EXPLAINERS } from './employee';
import { isRecord } from './evidence';
import type { AdminExplanation, EmployeeExplanation, ExplainContext } from './types';

export { ADMIN_EXPLAINERS, describeFix, SAML_CHECKLIST } from './admin';
export { catalogueWhoActs, EMPLOYEE_EXPLAINERS } from './employee';
export {
  type FailureReasonKind,
  type TranslatedFailureReason,
  translateFailureReason,
} from './failure-reason';
export type * from './types';

/** The finding with its context and evidence made safe to read: a finding may come back from a ticket
 * or a JSON file, so neither is trusted to be an object. */
function normalised(finding: Finding): Finding {
  return {
    ...finding,
    context: isRecord(finding.context) ? finding.context : {},
    evidence: isRecord(finding.evidence) ? finding.evidence : {},
  };
}

/** A cause this build does not know (a newer ticket read by an older bot): said plainly, never a crash. */
function unknownCause(finding: Finding): { employee: EmployeeExplanation; admin: AdminExplanation } {
  return {
    employee: {
      headline: "I found a problem with your AWS access that I can't describe well yet.",
      body: 'An administrator can see the details in my report.',
      whoActs: 'admin',
      nextSteps: [],
      whatHappensNext: 'Pass this message to your IT help desk: my report tells them what I found.',
    },
    admin: {
      headline: `Finding with unknown cause "${String(finding.cause)}"`,
      details: [`Check: ${String(finding.checkId)}`],
      remedy: 'Read the evidence in the JSON report; this build has no explanation for this cause.',
    },
  };
}

function known(cause: unknown): cause is CauseId {
  return typeof cause === 'string' && isCauseId(cause);
}

/** The finding told to the person who cannot get in: plain words, portal names, no ids. */
export function explainForEmployee(finding: Finding, ctx: ExplainContext): EmployeeExplanation {
  if (!known(finding.cause)) return unknownCause(finding).employee;
  return EMPLOYEE_EXPLAINERS[finding.cause](normalised(finding), ctx);
}

/** The finding told to an Identity Center administrator: ids, ARNs, console path, API action, remedy. */
export function explainForAdmin(finding: Finding, ctx: ExplainContext): AdminExplanation {
  if (!known(finding.cause)) return unknownCause(finding).admin;
  return ADMIN_EXPLAINERS[finding.cause](normalised(finding), ctx);
}

/** One line for admins, with names and ids, for CLI lists and notes. */
export function summaryOf(finding: Finding, ctx: ExplainContext): string {
  return explainForAdmin(finding, ctx).headline;
}

/** The one sentence the employee sees first. */
export function employeeHeadline(finding: Finding, ctx: ExplainContext): string {
  return explainForEmployee(finding, ctx).headline;
}
