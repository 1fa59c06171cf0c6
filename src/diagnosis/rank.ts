import {
  CATALOGUE,
  CAUSE_IDS,
  type CauseId,
  type OutrankScope,
  type Section,
  SYMPTOM_POINTS_TO,
  type SymptomId,
} from './causes';
import type { Finding } from './types';

/** The order in which a person meets problems: setup, the user record, signing in, access after sign-in. */
export const SECTION_ORDER: Readonly<Record<Section, number>> = { A: 0, B: 1, D: 2, C: 3, E: 4 };

/** Whether the pair of findings is inside the scope of an `outranks` declaration of `a`'s cause. */
function inScope(scope: OutrankScope, a: Finding, b: Finding): boolean {
  switch (scope) {
    case 'always':
      return true;
    case 'everything-needing-user':
      return CATALOGUE[b.cause].needsUser;
    case 'same-account':
      return sameAccount(a, b);
    case 'same-account-and-permission-set':
      return (
        sameAccount(a, b) &&
        a.context.permissionSetArn !== undefined &&
        a.context.permissionSetArn === b.context.permissionSetArn
      );
    default: {
      const unknown: never = scope;
      throw new Error(`unknown outrank scope ${String(unknown)}`);
    }
  }
}

/** Both findings name one account; a finding that names none is about no account in particular. */
function sameAccount(a: Finding, b: Finding): boolean {
  return a.context.accountId !== undefined && a.context.accountId === b.context.accountId;
}

/** Whether `a`'s cause declares that it outranks `b`'s (the catalogue's `outranks`). */
function declaresOver(a: Finding, b: Finding): boolean {
  if (a.cause === b.cause) return false;
  return CATALOGUE[a.cause].outranks.some(
    (o) => (o.cause === '*' || o.cause === b.cause) && inScope(o.scope, a, b),
  );
}

/** Whether finding `a` explains finding `b` (rule 2 of "Choosing the primary cause"). Two findings
 * that would each explain the other (two broad declarations meeting, e.g. a disabled user and an
 * inactive account that both name one account) explain neither: the later rules decide. */
export function explains(a: Finding, b: Finding): boolean {
  return declaresOver(a, b) && !declaresOver(b, a);
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
      SECTION_ORDER[CATALOGUE[a.cause].section] - SECTION_ORDER[CATALOGUE[b.cause].section] ||
      Number(pointed.has(b.cause)) - Number(pointed.has(a.cause)) ||
      timeOf(b) - timeOf(a) ||
      catalogueIndex(a.cause) - catalogueIndex(b.cause),
  );
}

/**
 * Exactly one primary cause, or null when nothing is wrong ("Choosing the primary cause"):
 * 1. only blocking causes compete; with none, a reported symptom, then a warning, may be primary;
 *    information never is; `bot-permission-missing` only when nothing else was found;
 * 2. a cause that explains another outranks it, as each cause's `outranks` declares;
 * 3. then setup, the user record, signing in, access after sign-in;
 * 4. then the causes the reported symptom points to, the most recent evidence, catalogue order.
 */
export function choosePrimary(findings: readonly Finding[], symptom?: SymptomId): Finding | undefined {
  const evidence = findings.filter((f) => !f.cause.startsWith('symptom-'));
  const blocking = evidence.filter((f) => f.severity === 'blocking');
  if (blocking.length > 0) {
    const survivors = blocking.filter((f) => !blocking.some((other) => other !== f && explains(other, f)));
    // A ring of explanations would leave no survivor; a blocking cause was still found, so rules 3–4
    // choose among all of them rather than report nothing.
    return orderFindings(survivors.length > 0 ? survivors : blocking, symptom)[0];
  }
  const reported = findings.find((f) => f.cause === symptom);
  if (reported) return reported;
  const warnings = evidence.filter((f) => f.severity === 'warning' && f.cause !== 'bot-permission-missing');
  if (warnings.length > 0) return orderFindings(warnings, symptom)[0];
  return evidence.find((f) => f.cause === 'bot-permission-missing');
}
