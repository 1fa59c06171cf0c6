import type { types } from '@slack/bolt';
import { type BlastRadius, blastRadius } from '../../drift/blast-radius';
import type { DigestPlan } from '../../drift/digest';
import type { RepairStatus } from '../../drift/repair';
import type { DriftRecord } from '../../drift/store';
import type { Drift, DriftKind } from '../../drift/types';
import type { DryRun } from '../../fixes/dry-run';
import { ACTIONS, BLOCKS } from '../ids';
import {
  bullets,
  button,
  capped,
  code,
  context,
  divider,
  esc,
  fallback,
  header,
  plural,
  section,
  withTail,
} from './blocks';
import type { MessageView } from './types';

/** Each kind in a few plain words, for admins. */
const KIND_TITLES: Record<DriftKind, string> = {
  'permission-set-outdated': 'Permission set edited but not re-provisioned',
  'permission-set-not-provisioned': 'Assigned but never provisioned',
  'principal-recreated': 'User or group re-created: assignments point at the old id',
  'provisioning-failed': 'Provisioning failed',
  'account-not-active': 'Assignments into an inactive account',
  'permission-set-empty': 'Permission set grants nothing',
};

export const driftTitle = (kind: DriftKind) => KIND_TITLES[kind];

const accountText = (a: { id: string; name?: string }) => (a.name ? `${a.name} (${a.id})` : a.id);

/** "3 people · 2 accounts (prod-us, staging) · production: prod-us (902716384451)". */
export function radiusLine(r: BlastRadius): string {
  const accounts = capped(
    r.accounts.map((a) => esc(a.name ?? a.id, 100)),
    5,
  ).join(', ');
  const parts = [
    `*${plural(r.people, 'person', 'people')}* locked out or affected`,
    `${plural(r.accounts.length, 'account')}: ${accounts}`,
  ];
  if (r.production.length > 0) parts.push(`:warning: production: ${esc(r.production.join(', '), 500)}`);
  if (r.management) parts.push(':warning: the management account');
  return parts.join(' · ');
}

/** One drift's lines in the digest. */
function driftBlock(drift: Drift, managementAccountId: string | undefined): types.KnownBlock {
  const r = blastRadius(drift, managementAccountId);
  const people = capped(
    drift.affectedUsers.map((u) => esc(u.userName ?? u.userId, 200)),
    8,
  ).join(', ');
  return section(
    `*${esc(driftTitle(drift.kind))}*\n${esc(drift.summary)}\n${radiusLine(r)}${people ? `\nWho: ${people}` : ''}\n${drift.fix ? 'Repair: one approval below covers all of it.' : 'No repair the bot can make: an admin has to act.'}`,
  );
}

/** The digest after a scan: what is new (each with its blast radius), how many announced earlier are still
 * open, and what was resolved since the last digest. The approval cards follow in its thread. */
export function buildDriftDigestView(plan: DigestPlan, managementAccountId?: string): MessageView {
  const body: types.KnownBlock[] = [header('Access drift across the organisation')];
  if (plan.announce.length > 0) {
    body.push(section(`*${plural(plan.announce.length, 'new problem')}* found before anyone asked:`));
    for (const r of plan.announce) body.push(driftBlock(r.drift, managementAccountId));
  }
  if (plan.resolved.length > 0) {
    body.push(divider());
    body.push(
      section(
        `*Resolved since the last digest:*\n${bullets(
          capped(
            plan.resolved.map((r) => esc(r.drift.summary, 300)),
            10,
          ),
        )}`,
      ),
    );
  }
  const tail: types.KnownBlock[] = [];
  if (plan.stillOpen.length > 0)
    tail.push(
      context([`${plural(plan.stillOpen.length, 'drift')} announced earlier still open (see App Home).`]),
    );
  const people = new Set(plan.announce.flatMap((r) => r.drift.affectedUsers.map((u) => u.userId))).size;
  return {
    text: fallback(
      [
        plan.announce.length > 0
          ? `${plural(plan.announce.length, 'new problem')} affecting ${plural(people, 'person', 'people')}`
          : '',
        plan.resolved.length > 0 ? `${plan.resolved.length} resolved` : '',
      ]
        .filter(Boolean)
        .reduce((a, b) => `${a}, ${b}`, 'Access drift:')
        .replace(':,', ':'),
    ),
    blocks: withTail(body, tail),
  };
}

function statusLine(status: RepairStatus): string {
  switch (status.kind) {
    case 'pending':
      return ':hourglass_flowing_sand: Waiting for an approver.';
    case 'fixing':
      return `:gear: Approved by <@${status.by}>; repairing every target…`;
    case 'resolved':
      return `:tada: Repaired and verified (approved by <@${status.by}>).`;
    case 'failed':
      return `:x: The repair did not finish: ${esc(status.reason)}`;
    case 'rejected':
      return `:no_entry_sign: Rejected by <@${status.by}>.`;
    case 'expired':
      return ':alarm_clock: Nobody approved this in time; the request expired.';
  }
}

/** The approval card of one drift's repair: what is wrong, the blast radius over every target, the exact
 * change (every target, never cut silently), and Approve / Reject (or Retry after a partial failure). */
export function buildDriftCardView(input: {
  ticketId: string;
  drift: Drift;
  dryRun: DryRun;
  status: RepairStatus;
  managementAccountId?: string;
}): MessageView {
  const { drift, dryRun, status, ticketId } = input;
  const r = blastRadius(drift, input.managementAccountId);
  const targets = dryRun.lines.map((l) => `${esc(l.label)}: ${code(l.value)}`);
  const shown = capped(targets, 20);
  const body: types.KnownBlock[] = [
    header('Approval needed: repair access drift'),
    section(`*What is wrong:* ${esc(drift.summary)}`),
    section(radiusLine(r)),
    section(`*The change, exactly:* ${esc(dryRun.action)}\n${bullets(shown)}`),
  ];
  if (targets.length > shown.length - 1 && targets.length > 20)
    body.push(context([`All ${targets.length} lines are in the thread below.`]));
  if (dryRun.risks.length > 0)
    body.push(section(`*Risk:*\n${bullets(dryRun.risks.map((x) => `:warning: ${esc(x)}`))}`));
  body.push(context([statusLine(status)]));
  const tail: types.KnownBlock[] = [];
  if (status.kind === 'pending')
    tail.push({
      type: 'actions',
      block_id: BLOCKS.driftActions,
      elements: [
        button('Approve', ACTIONS.driftApprove, ticketId, 'primary'),
        button('Reject', ACTIONS.driftReject, ticketId, 'danger'),
      ],
    });
  if (status.kind === 'failed' && status.canRetry)
    tail.push({
      type: 'actions',
      block_id: BLOCKS.driftActions,
      elements: [button('Retry what failed', ACTIONS.driftRetry, ticketId, 'primary')],
    });
  return {
    text: fallback(`Repair needed: ${drift.summary}`),
    blocks: withTail(body, tail),
  };
}

/** Every line of a long change, for the card's thread: as many messages as it takes (Slack allows 50
 * blocks of 3,000 characters a message), so nothing is ever cut. */
export function buildDriftTargetsViews(dryRun: DryRun): MessageView[] {
  const lines = dryRun.lines.map((l) => `${esc(l.label)}: ${code(l.value)}`);
  const sections: string[] = [];
  let chunk: string[] = [];
  for (const line of lines) {
    if (chunk.length > 0 && [...chunk, line].join('\n').length > 2900) {
      sections.push(chunk.join('\n'));
      chunk = [];
    }
    chunk.push(line);
  }
  if (chunk.length > 0) sections.push(chunk.join('\n'));
  const views: MessageView[] = [];
  for (let i = 0; i < sections.length; i += 45) {
    const part = views.length + 1;
    const parts = Math.ceil(sections.length / 45);
    views.push({
      text: fallback(
        `The whole change (${lines.length} lines${parts > 1 ? `, part ${part} of ${parts}` : ''})`,
      ),
      blocks: sections.slice(i, i + 45).map((text) => section(text)),
    });
  }
  return views;
}

/** The one DM an affected person gets: what is broken, that admins have been asked. */
export function buildDriftAffectedDmView(drift: Drift): MessageView {
  const where = drift.accounts.map((a) => esc(accountText(a), 200)).join(', ');
  const text = `Heads-up: some of your AWS access is broken (${where}). ${drift.fix ? 'The AWS administrators have been asked to approve a repair; you will hear from me when it is done.' : 'The AWS administrators have been told; this needs one of them to act.'} You do not need to do anything.`;
  return { text: fallback(text), blocks: [section(text)] };
}

/** The note when it is repaired. */
export function buildDriftRepairedDmView(drift: Drift): MessageView {
  const where = drift.accounts.map((a) => esc(accountText(a), 200)).join(', ');
  const text = `Good news: your AWS access in ${where} has been repaired. Try again.`;
  return { text: fallback(text), blocks: [section(text)] };
}

/** App Home's section for approvers: the open drifts. */
export function buildDriftHomeBlocks(
  records: readonly DriftRecord[],
  managementAccountId?: string,
): types.KnownBlock[] {
  const open = records.filter((r) => r.state === 'open');
  if (open.length === 0) return [divider(), section('*Access drift:* none open. :white_check_mark:')];
  return [
    divider(),
    section(`*Access drift: ${plural(open.length, 'open problem')}*`),
    ...open
      .slice(0, 10)
      .map((r) =>
        section(
          `*${esc(driftTitle(r.drift.kind))}*: ${esc(r.drift.summary, 500)}\n${radiusLine(blastRadius(r.drift, managementAccountId))} · first seen ${esc(r.firstSeen.slice(0, 16).replace('T', ' '))} UTC${r.ticketId ? '' : ''}`,
        ),
      ),
    ...(open.length > 10 ? [context([`…and ${open.length - 10} more.`])] : []),
  ];
}
