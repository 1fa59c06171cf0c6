import { DOCTOR_CHECKS } from './checks';
import type { DoctorCheck, DoctorDeps, DoctorResult, DoctorStatus } from './types';

/** The whole run: every result, and the worst status among them. */
export interface DoctorReport {
  status: DoctorStatus;
  results: DoctorResult[];
}

const RANK: Record<DoctorStatus, number> = { ok: 0, warn: 1, fail: 2 };

export function worst(statuses: readonly DoctorStatus[]): DoctorStatus {
  return statuses.reduce<DoctorStatus>((a, b) => (RANK[b] > RANK[a] ? b : a), 'ok');
}

/** Runs the checks concurrently. A check that throws is reported as `fail` with what it threw: the
 * doctor never calls something healthy that it could not look at. */
export async function runDoctor(
  deps: DoctorDeps,
  options: { cheapOnly?: boolean; checks?: readonly DoctorCheck[] } = {},
): Promise<DoctorReport> {
  const checks = (options.checks ?? DOCTOR_CHECKS).filter((c) => !options.cheapOnly || c.cheap);
  const results = await Promise.all(
    checks.map(async (check): Promise<DoctorResult> => {
      try {
        return { id: check.id, title: check.title, ...(await check.run(deps)) };
      } catch (error) {
        return {
          id: check.id,
          title: check.title,
          status: 'fail',
          summary: `The check could not run: ${error instanceof Error ? error.message : String(error)}`,
          fix: 'Run the doctor again; if it keeps failing, report it with this message.',
        };
      }
    }),
  );
  return { status: worst(results.map((r) => r.status)), results };
}
