/** The cause catalogue as the rest of the code reads it: thin views over the per-cause metadata in
 * `catalogue/<cause-id>/meta.ts`, the one place a cause's facts are kept (docs/causes.md and the
 * README's table are generated from it). Ids are a public contract (CLI JSON, tickets, logs,
 * metrics): never rename one; add new ones. */
import { CATALOGUE } from './catalogue';
import { CAUSE_ID_LIST, type CauseId, type SymptomId } from './catalogue/ids';
import type { Audience, Section, Severity } from './catalogue/schema';

export type { CauseMeta, OutrankScope, Outranks } from './catalogue/schema';
export type { Audience, CauseId, Section, Severity, SymptomId };
export { CATALOGUE };

interface CauseSpec {
  severity: Severity;
  section: Section;
  // Never empty: who acts first is `audience[0]`.
  audience: readonly [Audience, ...Audience[]];
}

/** Severity, section and audience of every cause, in catalogue order. */
export const CAUSES: Readonly<Record<CauseId, CauseSpec>> = CATALOGUE;

/** Every cause id in catalogue order (the last tie-break when choosing the primary cause). */
export const CAUSE_IDS: readonly CauseId[] = CAUSE_ID_LIST;
export const SYMPTOM_IDS = CAUSE_IDS.filter((id): id is SymptomId => id.startsWith('symptom-'));

export function causeSpec(id: CauseId): CauseSpec {
  return CATALOGUE[id];
}

export function isCauseId(value: string): value is CauseId {
  return Object.hasOwn(CATALOGUE, value);
}

export function isSymptomId(value: string): value is SymptomId {
  return isCauseId(value) && value.startsWith('symptom-');
}

/** Where each symptom points (section E): these causes rank first when the person reports it. */
export const SYMPTOM_POINTS_TO: Readonly<Record<SymptomId, readonly CauseId[]>> = Object.fromEntries(
  SYMPTOM_IDS.map((id) => [id, CATALOGUE[id].pointsTo ?? []]),
) as Record<SymptomId, readonly CauseId[]>;
