import { type CauseId, causeSpec } from './causes';
import type { DiagnosisFacts } from './facts/facts';
import type { CheckResult, DiagnosisRequest, Finding, FindingContext, FixProposal } from './types';

/** What a check gets: the shared facts, the request, and the results of the checks it needs. */
export interface CheckContext {
  facts: DiagnosisFacts;
  request: DiagnosisRequest;
  /** The result of a check listed in `needs` or `reads` (undefined for any other, or one that has not run). */
  result(checkId: string): CheckResult | undefined;
  /** Builds a finding of this check for a catalogue cause; severity comes from the catalogue. */
  finding(cause: CauseId, details: FindingDetails): Finding;
}

export interface FindingDetails {
  context?: FindingContext;
  evidence: Record<string, unknown>;
  evidenceAt?: string;
  fix?: FixProposal | null;
}

/** A check may decline to run, with the reason the report shows. */
export interface Skip {
  skip: string;
}

/** One diagnostic check: a stable id (a cause id where it detects one cause), a title phrased as a
 * question, the checks whose results it needs, and `run`, which reads facts and returns findings. */
export interface Check {
  id: string;
  title: string;
  needs: readonly string[];
  /** Checks whose results this one reads when they ran, without being skipped when they did not. */
  reads?: readonly string[];
  /** When set and this check fails, every check that needs it is skipped with this reason. */
  gate?: string;
  run(ctx: CheckContext): Promise<Finding[] | Skip>;
}

export function isSkip(value: Finding[] | Skip): value is Skip {
  return !Array.isArray(value);
}

export function makeFinding(checkId: string, cause: CauseId, details: FindingDetails): Finding {
  return {
    cause,
    severity: causeSpec(cause).severity,
    checkId,
    context: details.context ?? {},
    evidence: details.evidence,
    ...(details.evidenceAt ? { evidenceAt: details.evidenceAt } : {}),
    fix: details.fix ?? null,
  };
}
