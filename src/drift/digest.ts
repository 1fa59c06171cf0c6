import type { DriftRecord } from './store';

/** What one digest says: the drifts it announces for the first time, those announced before and still
 * open, and those resolved since the last digest. */
export interface DigestPlan {
  announce: DriftRecord[];
  stillOpen: DriftRecord[];
  resolved: DriftRecord[];
}

/**
 * The digest after a scan, from what the store holds: every open drift never announced, and every drift
 * resolved since it was announced and not yet said to be resolved. Undefined when there is neither (the
 * digest is not posted: nothing changed). Drifts announced earlier and still open are only counted.
 */
export function planDigest(records: readonly DriftRecord[]): DigestPlan | undefined {
  const announce = records.filter((r) => r.state === 'open' && !r.digest);
  const resolved = records.filter((r) => r.state === 'resolved' && r.digest && !r.resolutionAnnounced);
  if (announce.length === 0 && resolved.length === 0) return undefined;
  const stillOpen = records.filter((r) => r.state === 'open' && r.digest);
  return { announce, stillOpen, resolved };
}
