import type { CheckStatus, DiagnosisReport, Finding } from '../diagnosis/types';
import { explainForAdmin, explainForEmployee, summaryOf } from '../explain';
import { adminNothingFound, explainNothingFound } from '../explain/coverage';
import type { ExplainContext } from '../explain/types';

/** The `--json` document of the CLI contract (architecture.md); extra members only add to it. */
export function buildReportJson(report: DiagnosisReport) {
  const ctx: ExplainContext = { subject: report.subject, request: report.request };
  return {
    subject: report.subject,
    primaryCause: report.primaryCause,
    findings: report.findings.map((f) => {
      const employee = explainForEmployee(f, ctx);
      return {
        cause: f.cause,
        severity: f.severity,
        summary: summaryOf(f, ctx),
        explanation: `${employee.headline} ${employee.body}`.trim(),
        evidence: f.evidence,
        fix: f.fix,
        context: f.context,
        ...(f.evidenceAt ? { evidenceAt: f.evidenceAt } : {}),
        employee,
        admin: explainForAdmin(f, ctx),
      };
    }),
    checks: report.checks.map((c) => ({
      id: c.id,
      status: c.status,
      durationMs: c.durationMs,
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.missingAction ? { missingAction: c.missingAction } : {}),
    })),
    stats: {
      awsCalls: report.stats.awsCalls,
      durationMs: report.stats.durationMs,
      throttledCalls: report.stats.throttledCalls,
    },
    coverage: report.coverage,
    at: report.at,
    windowHours: report.windowHours,
  };
}

/** Terminal styling; identity functions when colour is off. */
export interface Style {
  bold(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  dim(s: string): string;
}

const ansi = (code: string) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
export const colourStyle: Style = {
  bold: ansi('1'),
  red: ansi('31'),
  yellow: ansi('33'),
  green: ansi('32'),
  dim: ansi('2'),
};
export const plainStyle: Style = {
  bold: (s) => s,
  red: (s) => s,
  yellow: (s) => s,
  green: (s) => s,
  dim: (s) => s,
};

const MARKS: Record<CheckStatus, string> = {
  pass: '✓',
  fail: '✗',
  warn: '!',
  skipped: '-',
  error: '?',
  incomplete: '~',
};

export function markOf(status: CheckStatus, style: Style): string {
  switch (status) {
    case 'pass':
      return style.green(MARKS.pass);
    case 'fail':
      return style.red(MARKS.fail);
    case 'warn':
      return style.yellow(MARKS.warn);
    case 'skipped':
      return style.dim(MARKS.skipped);
    case 'error':
      return style.yellow(MARKS.error);
    case 'incomplete':
      return style.yellow(MARKS.incomplete);
  }
}

function fixLine(f: Finding): string | undefined {
  if (!f.fix) return undefined;
  const { fix, ...params } = f.fix;
  const shown = Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `Fix an admin can approve: ${fix} (${shown})`;
}

/** The human report: the primary cause first, in admin words, then other findings, then a mark per check. */
export function renderReportText(report: DiagnosisReport, style: Style): string[] {
  const ctx: ExplainContext = { subject: report.subject, request: report.request };
  const lines: string[] = [];
  const who = report.subject
    ? `${report.subject.displayName ?? report.subject.userName ?? report.subject.identifier} (${report.subject.userName ?? report.subject.identifier})`
    : report.request.user;
  lines.push(style.bold(`cant-login diagnosis for ${who}`));
  const [primary, ...others] = report.findings;
  if (!report.primaryCause || !primary) {
    if (report.coverage.complete) lines.push(style.green(adminNothingFound(report.coverage)));
    else {
      lines.push(style.yellow(adminNothingFound(report.coverage)));
      lines.push(
        `  What the employee is told: ${explainNothingFound(report.coverage, { adminsTold: true }).headline}`,
      );
    }
  } else {
    const admin = explainForAdmin(primary, ctx);
    const employee = explainForEmployee(primary, ctx);
    lines.push('', `${style.red('Primary cause:')} ${style.bold(primary.cause)}`, `  ${admin.headline}`);
    for (const d of admin.details) lines.push(`    ${d}`);
    if (admin.consolePath) lines.push(`  Console: ${admin.consolePath}`);
    if (admin.apiAction) lines.push(`  API: ${admin.apiAction}`);
    lines.push(`  Remedy: ${admin.remedy}`);
    const fix = fixLine(primary);
    if (fix) lines.push(`  ${fix}`);
    lines.push(`  What the employee is told: ${employee.headline}`);
  }
  const rest = report.primaryCause ? others : report.findings;
  if (rest.length > 0) {
    lines.push('', style.bold('Other findings:'));
    for (const f of rest) {
      const mark =
        f.severity === 'blocking'
          ? style.red('✗')
          : f.severity === 'warning'
            ? style.yellow('!')
            : style.dim('i');
      lines.push(`  ${mark} ${f.cause}: ${summaryOf(f, ctx)}`);
    }
  }
  if (!report.coverage.complete) {
    lines.push('', style.bold('Could not check:'));
    for (const gap of report.coverage.gaps) lines.push(`  ${style.yellow('~')} ${gap.check}: ${gap.reason}`);
  }
  lines.push('', style.bold('Checks:'));
  for (const c of report.checks) {
    const why = c.reason ? style.dim(` (${c.reason})`) : '';
    lines.push(`  ${markOf(c.status, style)} ${c.title}${why}`);
  }
  const notRun = report.coverage.gaps.length;
  lines.push(
    '',
    style.dim(
      `${report.stats.awsCalls} AWS calls, ${report.stats.throttledCalls} throttled, ${(report.stats.durationMs / 1000).toFixed(1)} s` +
        `; sign-in evidence from the last ${report.windowHours} h` +
        (notRun > 0
          ? `; ${notRun} check${notRun > 1 ? 's' : ''} could not be completed`
          : '; every check complete'),
    ),
  );
  return lines;
}
