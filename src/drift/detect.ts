import type { Coverage, CoverageGap } from '../diagnosis/facts/coverage';
import { DETECTORS } from './detectors';
import type { Drift, DriftObservations } from './types';

/**
 * Runs every detector over what a scan read. Each gap of a listing becomes a gap of every kind that
 * needs it (the kind was not fully checked), so an incomplete read never reads as "no drift"; a gap in
 * the group memberships makes `affected-users` incomplete.
 */
export function detectDrifts(obs: DriftObservations): { drifts: Drift[]; coverage: Coverage } {
  const drifts = DETECTORS.flatMap((d) => d.detect(obs));
  const gaps: CoverageGap[] = [];
  for (const gap of obs.coverage.gaps) {
    if (gap.check === 'memberships') gaps.push({ check: 'affected-users', reason: gap.reason });
    for (const d of DETECTORS)
      if (d.reads.includes(gap.check as never)) gaps.push({ check: d.kind, reason: gap.reason });
  }
  return { drifts, coverage: { complete: gaps.length === 0, gaps } };
}

/** The current groups whose members the drifts' blast radius needs. */
export function groupsInvolved(drifts: readonly Drift[], obs: DriftObservations): string[] {
  const ids = new Set<string>();
  for (const d of drifts) {
    for (const a of d.assignments)
      if (a.principalType === 'GROUP' && obs.groups[a.principalId] !== undefined) ids.add(a.principalId);
    if (d.fix?.fix === 'repoint-assignments' && d.fix.principalType === 'GROUP')
      ids.add(d.fix.newPrincipalId);
  }
  return [...ids].filter((id) => obs.members[id] === undefined).sort();
}
