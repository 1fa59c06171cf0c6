import type { DoctorReport } from '../../doctor/run';
import type { DoctorStatus } from '../../doctor/types';
import { bullets, context, esc, fallback, section, withTail } from './blocks';
import type { MessageView } from './types';

const MARK: Record<DoctorStatus, string> = { ok: ':white_check_mark:', warn: ':warning:', fail: ':x:' };

const HEADLINE: Record<DoctorStatus, string> = {
  ok: 'Everything I depend on is set up.',
  warn: 'I work, but some things are missing or could not be confirmed.',
  fail: 'Something I depend on is broken; the fixes are below.',
};

/** `/cant-login doctor` for approvers: one line per check, with the fix under every one that is not ok.
 * Summaries and fixes quote settings and AWS names, so they are escaped. */
export function buildDoctorView(report: DoctorReport): MessageView {
  const body = report.results.map((r) => {
    const lines = [`${MARK[r.status]} *${esc(r.title, 200)}*`, esc(r.summary, 1000)];
    if (r.status !== 'ok' && r.fix) lines.push(`*Fix:* ${esc(r.fix, 1200)}`);
    if (r.details?.length) lines.push(bullets(r.details.slice(0, 10).map((d) => esc(d, 200))));
    return section(lines.join('\n'));
  });
  const counts = (['fail', 'warn', 'ok'] as const)
    .map((s) => `${report.results.filter((r) => r.status === s).length} ${s}`)
    .join(' · ');
  return {
    text: fallback(`cant-login doctor: ${HEADLINE[report.status]}`),
    blocks: withTail(
      [section(`*${HEADLINE[report.status]}*`), ...body],
      [context([`${counts} · the same checks run from a terminal: \`cant-login doctor\``])],
    ),
  };
}
