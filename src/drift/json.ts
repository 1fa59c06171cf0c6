import type { Drift, DriftReport } from './types';

/** A drift as `cant-login drift --json` prints it: the public contract of issue 16, nothing more. */
export function driftJson(d: Drift) {
  return {
    kind: d.kind,
    severity: d.severity,
    accounts: d.accounts,
    permissionSet: d.permissionSet,
    principal: d.principal,
    affectedUsers: d.affectedUsers,
    since: d.since,
    fix: d.fix,
  };
}

/** The whole report as the CLI prints it. */
export function driftReportJson(report: DriftReport) {
  return { drifts: report.drifts.map(driftJson), coverage: report.coverage, stats: report.stats };
}
