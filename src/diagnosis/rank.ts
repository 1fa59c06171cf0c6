import {
  CAUSE_IDS,
  type CauseId,
  causeSpec,
  type Section,
  SYMPTOM_POINTS_TO,
  type SymptomId,
} from './causes';
import type { Finding } from './types';

/** The order in which a person meets problems: setup, the user record, signing in, access after sign-in. */
const SECTION_ORDER: Record<Section, number> = { A: 0, B: 1, D: 2, C: 3, E: 4 };

const NEEDS_NO_USER: ReadonlySet<CauseId> = new Set(['instance-not-found', 'bot-permission-missing']);

/** Whether finding `a` explains finding `b` (rule 2 of "Choosing the primary cause"). */
function explains(a: Finding, b: Finding): boolean {
  switch (a.cause) {
    case 'instance-not-found':
      return b.cause !== 'instance-not-found';
    case 'user-not-found':
    case 'user-disabled':
      return !NEEDS_NO_USER.has(b.cause) && b.cause !== a.cause && !b.cause.startsWith('symptom-');
    case 'principal-recreated':
      return b.cause === 'no-assignments' || b.cause === 'not-assigned-to-account';
    case 'provisioning-in-progress':
    case 'provisioning-failed':
      return (
        b.cause === 'permission-set-not-provisioned' &&
        a.context.accountId === b.context.accountId &&
        a.context.permissionSetArn === b.context.permissionSetArn
      );
    case 'account-not-active':
      // Nothing can be provisioned to, or reached in, an account that is not active.
      return (
        a.context.accountId !== undefined &&
        a.context.accountId === b.context.accountId &&
        [
          'permission-set-not-provisioned',
          'permission-set-outdated',
          'provisioning-failed',
          'provisioning-in-progress',
          'not-assigned-to-account',
          'permission-set-empty',
          'permission-set-deny-only',
        ].includes(b.cause)
      );
    case 'mfa-code-failures':
      // Rejected codes mean a device was registered, unless a newer enrolment step came after them.
      return b.cause === 'mfa-registration-required' && timeOf(a) >= timeOf(b);
    default:
      return false;
  }
}

const catalogueIndex = (cause: CauseId) => CAUSE_IDS.indexOf(cause);
const timeOf = (f: Finding) => (f.evidenceAt ? Date.parse(f.evidenceAt) : Number.NEGATIVE_INFINITY);

/** Orders findings by rules 2–4: explained ones after what explains them, then by section, then the
 * reported symptom's causes first, then the most recent evidence, then catalogue order. */
export function orderFindings(findings: readonly Finding[], symptom?: SymptomId): Finding[] {
  const pointed = new Set<CauseId>(symptom ? SYMPTOM_POINTS_TO[symptom] : []);
  const explained = (f: Finding) => findings.some((other) => other !== f && explains(other, f));
  const severityRank = { blocking: 0, warning: 1, info: 2 } as const;
  return [...findings].sort(
    (a, b) =>
      severityRank[a.severity] - severityRank[b.severity] ||
      Number(explained(a)) - Number(explained(b)) ||
      SECTION_ORDER[causeSpec(a.cause).section] - SECTION_ORDER[causeSpec(b.cause).section] ||
      Number(pointed.has(b.cause)) - Number(pointed.has(a.cause)) ||
      timeOf(b) - timeOf(a) ||
      catalogueIndex(a.cause) - catalogueIndex(b.cause),
  );
}

/**
 * Exactly one primary cause, or null when nothing is wrong ("Choosing the primary cause"):
 * 1. only blocking causes compete; with none, a reported symptom, then a warning, may be primary;
 *    information never is; `bot-permission-missing` only when nothing else was found;
 * 2. a cause that explains another outranks it;
 * 3. then setup, the user record, signing in, access after sign-in;
 * 4. then the causes the reported symptom points to, the most recent evidence, catalogue order.
 */
export function choosePrimary(findings: readonly Finding[], symptom?: SymptomId): Finding | undefined {
  const evidence = findings.filter((f) => !f.cause.startsWith('symptom-'));
  const blocking = evidence.filter((f) => f.severity === 'blocking');
  if (blocking.length > 0) {
    const survivors = blocking.filter((f) => !blocking.some((other) => other !== f && explains(other, f)));
    return orderFindings(survivors, symptom)[0];
  }
  const reported = findings.find((f) => f.cause === symptom);
  if (reported) return reported;
  const warnings = evidence.filter((f) => f.severity === 'warning' && f.cause !== 'bot-permission-missing');
  if (warnings.length > 0) return orderFindings(warnings, symptom)[0];
  return evidence.find((f) => f.cause === 'bot-permission-missing');
}
