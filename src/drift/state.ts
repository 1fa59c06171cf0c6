import type { Coverage } from '../diagnosis/facts/coverage';
import type { DriftConflictError, DriftRecord, DriftStore } from './store';
import type { DriftReport } from './types';

/** What a finished scan changed in the drift store. */
export interface Reconciled {
  /** Drifts seen for the first time (or again after they were resolved). */
  fresh: DriftRecord[];
  /** Drifts seen before and seen again. */
  stillOpen: DriftRecord[];
  /** Drifts open before that this scan no longer sees (on a read that covered their kind). */
  resolved: DriftRecord[];
}

/** Whether the scan looked at `kind` whole: only then does "not seen" mean "gone". */
const covered = (coverage: Coverage, kind: string) => !coverage.gaps.some((g) => g.check === kind);

/**
 * Records a finished scan: a new drift is created open (first seen now), one seen again is refreshed
 * (last seen now, its current shape), and an open drift the scan no longer sees is resolved, unless the
 * scan could not read its kind whole (unknown is never healthy: it stays open). A drift resolved earlier
 * and seen again starts over, to be announced again. Conflicting writes (two scans at once) are retried
 * on the fresh record.
 */
export async function reconcile(store: DriftStore, report: DriftReport, nowIso: string): Promise<Reconciled> {
  const out: Reconciled = { fresh: [], stillOpen: [], resolved: [] };
  const known = new Map((await store.all()).map((r) => [r.id, r]));
  const seen = new Set<string>();
  for (const drift of report.drifts) {
    seen.add(drift.id);
    const record = await update(store, drift.id, known.get(drift.id), (current) => {
      if (!current || current.state === 'resolved') {
        return {
          id: drift.id,
          version: current?.version ?? 0,
          state: 'open',
          drift,
          firstSeen: nowIso,
          lastSeen: nowIso,
        };
      }
      return { ...current, drift, lastSeen: nowIso };
    });
    if (record.firstSeen === nowIso && !record.digest) out.fresh.push(record);
    else out.stillOpen.push(record);
  }
  for (const record of known.values()) {
    if (record.state !== 'open' || seen.has(record.id) || !covered(report.coverage, record.drift.kind))
      continue;
    out.resolved.push(
      await update(store, record.id, record, (current) =>
        current && current.state === 'open'
          ? { ...current, state: 'resolved', resolvedAt: nowIso }
          : undefined,
      ),
    );
  }
  return out;
}

/**
 * Applies `change` to the record as stored, retrying on a conflict with the fresh record. `change`
 * returning undefined leaves it as it is.
 */
export async function update(
  store: DriftStore,
  id: string,
  known: DriftRecord | undefined,
  change: (current: DriftRecord | undefined) => DriftRecord | undefined,
): Promise<DriftRecord> {
  let current = known;
  for (let attempt = 0; ; attempt += 1) {
    const next = change(current);
    if (!next) {
      if (!current) throw new Error(`drift ${id} does not exist`);
      return current;
    }
    try {
      return await store.save(next, current?.version ?? 0);
    } catch (error) {
      if ((error as DriftConflictError).code !== 'drift-conflict' || attempt >= 5) throw error;
      current = (error as DriftConflictError).current ?? (await store.get(id));
    }
  }
}
