import type { types } from '@slack/bolt';
import { isSymptomId, type SymptomId } from '../../diagnosis/causes';
import { reportCoverage } from '../../diagnosis/runner';
import type {
  CheckResult,
  CheckStatus,
  DiagnosisReport,
  DiagnosisRequest,
  Finding,
} from '../../diagnosis/types';
import { explainForAdmin, summaryOf } from '../../explain';
import type { ExplainContext } from '../../explain/types';
import { LIMITS } from '../safety';
import { bullets, capped, code, context, esc, mrkdwn, plural, seconds, section } from './blocks';

/** Pieces of a diagnosis report shared by the report view and the admin-channel request. */

/** What the symptom menu offers: what people actually see, in their words. The admin-only console
 * errors of section E are left out: an employee never meets them. */
export const SYMPTOM_MENU: readonly { id: SymptomId; label: string }[] = [
  { id: 'symptom-no-accounts', label: '“No accounts available”' },
  { id: 'symptom-request-not-completed', label: '“Your request could not be completed”' },
  { id: 'symptom-mfa-not-verified', label: '“Your MFA device could not be verified”' },
  { id: 'symptom-invalid-mfa-credentials', label: '“Invalid MFA credentials”' },
  { id: 'symptom-unexpected-error', label: '“An unexpected error has occurred”' },
  { id: 'symptom-not-you-its-us', label: "“It's not you, it's us”" },
  { id: 'symptom-browser-not-supported', label: '“Browser not supported” when setting up MFA' },
  { id: 'symptom-redirect-loop', label: 'The browser keeps redirecting' },
  { id: 'symptom-password-reset-failed', label: "“We couldn't update your password”" },
  { id: 'symptom-upn-sign-in', label: 'My user@domain sign-in name is not accepted' },
  { id: 'symptom-access-denied-in-account', label: 'Access denied inside the account' },
  { id: 'symptom-no-emails', label: 'Emails from AWS never arrive' },
  { id: 'symptom-cloud-app', label: 'An app from the portal will not let me in' },
];

export function symptomLabel(id: SymptomId): string | undefined {
  return SYMPTOM_MENU.find((s) => s.id === id)?.label;
}

export function contextOf(report: DiagnosisReport): ExplainContext {
  return { subject: report.subject, request: report.request };
}

/** The finding behind the primary cause; null when the diagnosis found nothing to blame. */
export function primaryFinding(report: DiagnosisReport): Finding | null {
  if (report.primaryCause === null) return null;
  return report.findings.find((f) => f.cause === report.primaryCause) ?? null;
}

/** What the person typed, escaped, for a context line: "You said “…” about the account “…”". */
export function askedLine(request: DiagnosisRequest): string | undefined {
  const parts: string[] = [];
  const symptom = request.symptom?.trim();
  if (symptom) {
    const label = isSymptomId(symptom) ? symptomLabel(symptom) : undefined;
    parts.push(label ? `You picked ${esc(label)}` : `You said “${esc(symptom, 300)}”`);
  }
  const account = request.account?.trim();
  if (account)
    parts.push(`${parts.length > 0 ? 'about' : 'You asked about'} the account “${esc(account, 100)}”`);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

const MARKS: Record<CheckStatus, string> = {
  pass: '✓',
  fail: '✗',
  warn: '!',
  skipped: '–',
  error: '?',
  incomplete: '~',
};

export function markOf(status: CheckStatus): string {
  return MARKS[status];
}

function severityMark(f: Finding): string {
  switch (f.severity) {
    case 'blocking':
      return '✗';
    case 'warning':
      return '!';
    case 'info':
      return 'i';
  }
}

const ID_PATTERN =
  /arn:aws[a-z-]*:[^\s`,;)]+|\bd-[0-9a-f]{10}\b|\b(?:[0-9a-f]{10}-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\b\d{12}\b/g;

/** Admin text with ARNs and ids set in `code`, so they read (and copy) as identifiers. The text must
 * already be escaped; lines that carry their own code spans are left as they are. */
export function codeIds(escaped: string): string {
  if (escaped.includes('`')) return escaped;
  return escaped.replace(ID_PATTERN, (id) => `\`${id}\``);
}

function valueText(value: unknown, max: number): string {
  if (typeof value === 'string') return code(value, max);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null)
    return code(String(value), max);
  return code(JSON.stringify(value) ?? String(value), max);
}

/** The proposed fix as the approver will see it: its id and exactly the parameters it will use. */
export function fixText(finding: Finding): string | undefined {
  if (!finding.fix) return undefined;
  const { fix, ...params } = finding.fix;
  const lines = Object.entries(params).map(([key, value]) => `${esc(key, 60)}: ${valueText(value, 400)}`);
  return `*Proposed fix:* ${code(fix)}\n${bullets(capped(lines, 12))}`;
}

function evidenceText(finding: Finding): string | undefined {
  const entries = Object.entries(finding.evidence);
  if (entries.length === 0) return undefined;
  const lines = entries.map(([key, value]) => `${esc(key, 60)}: ${valueText(value, 300)}`);
  const at = finding.evidenceAt ? ` (latest ${esc(finding.evidenceAt, 40)})` : '';
  return `*Evidence*${at}\n${capped(lines, 12).join('\n')}`;
}

/** The admin explanation of one finding: headline, details, where to act, the fix, the evidence. */
export function adminFindingBlocks(finding: Finding, ctx: ExplainContext): types.KnownBlock[] {
  const admin = explainForAdmin(finding, ctx);
  const blocks: types.KnownBlock[] = [
    section(`*${esc(admin.headline, 500)}*\n${code(finding.cause)} · ${finding.severity}`),
  ];
  if (admin.details.length > 0) {
    blocks.push(
      section(
        bullets(
          capped(
            admin.details.map((d) => codeIds(esc(d, 500))),
            20,
          ),
        ),
      ),
    );
  }
  const where: string[] = [];
  if (admin.consolePath) where.push(`*Console:* ${esc(admin.consolePath, 300)}`);
  if (admin.apiAction) where.push(`*API:* ${code(admin.apiAction, 200)}`);
  where.push(`*Remedy:* ${codeIds(esc(admin.remedy, 1500))}`);
  blocks.push(section(where.join('\n')));
  const fix = fixText(finding);
  if (fix) blocks.push(section(fix));
  const evidence = evidenceText(finding);
  if (evidence) blocks.push(context([evidence]));
  return blocks;
}

/** One line per other finding, for admins: mark, cause id, summary. */
export function adminOtherFindingsText(
  findings: readonly Finding[],
  ctx: ExplainContext,
): string | undefined {
  if (findings.length === 0) return undefined;
  const lines = findings.map(
    (f) => `${severityMark(f)} ${code(f.cause)} ${codeIds(esc(summaryOf(f, ctx), 300))}`,
  );
  return `*Other findings*\n${capped(lines, 15).join('\n')}`;
}

function checkLine(check: CheckResult): string {
  let line = `${markOf(check.status)} ${esc(check.title, 150)}`;
  if (check.reason && check.status !== 'pass' && check.status !== 'fail' && check.status !== 'warn') {
    line += ` — ${esc(check.reason, 200)}`;
  }
  if (check.missingAction) line += ` (needs ${code(check.missingAction, 100)})`;
  return line;
}

/** Every check with its mark, packed into one compact context block. */
export function checkMarksBlock(checks: readonly CheckResult[]): types.ContextBlock | undefined {
  if (checks.length === 0) return undefined;
  const elements: string[] = [];
  let current = '';
  let shown = 0;
  for (const check of checks) {
    const line = checkLine(check);
    if (current.length > 0 && current.length + 1 + line.length > LIMITS.sectionText) {
      if (elements.length === LIMITS.contextElements - 1) break;
      elements.push(current);
      current = '';
    }
    current = current.length > 0 ? `${current}\n${line}` : line;
    shown += 1;
  }
  if (shown < checks.length) current += `\n…and ${checks.length - shown} more checks`;
  elements.push(current);
  return { type: 'context', elements: elements.map(mrkdwn) };
}

/** "Checked 14 things in 2.1 s · 2 could not be checked": incomplete, refused and unread checks all
 * count as not checked, never as passed. */
export function statsLine(report: DiagnosisReport): string {
  const notChecked = reportCoverage(report).gaps.length;
  const line = `Checked ${plural(report.checks.length, 'thing')} in ${seconds(report.stats.durationMs)}`;
  return notChecked > 0 ? `${line} · ${notChecked} could not be checked` : line;
}

/** The name an admin knows the diagnosed person by. */
export function subjectLine(report: DiagnosisReport): string {
  const s = report.subject;
  if (!s) return `No Identity Center user found for ${code(report.request.user, 200)}`;
  const name = s.displayName ?? s.userName ?? s.identifier;
  const parts = [`*${esc(name, 200)}*`];
  if (s.userName) parts.push(code(s.userName, 200));
  parts.push(`user ${code(s.userId, 100)}`);
  if (s.status) parts.push(esc(s.status, 50));
  if (s.externallyManaged) parts.push('synced from the identity provider');
  return parts.join(' · ');
}
