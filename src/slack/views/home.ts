import type { types } from '@slack/bolt';
import { ACTIONS, COMMAND } from '../ids';
import { LIMITS, limitBlocks } from '../safety';
import { button, context, divider, esc, header, section } from './blocks';
import type { CauseStat, RecentCheck } from './types';

export interface HomeViewInput {
  isAdmin: boolean;
  /** The person's own recent checks, newest first. */
  recentChecks: RecentCheck[];
  /** For admins: requests still waiting for someone, oldest first. */
  openItems: RecentCheck[];
  /** For admins: fixes waiting for an approver. */
  pendingApprovals?: RecentCheck[];
  /** For admins: the last 30 days, by cause. */
  stats?: CauseStat[];
}

const MAX_RECENT = 15;
const MAX_OPEN = 40;

/** App Home: how to use the bot, the person's recent checks, and for admins what is still open. */
export function buildHomeView(input: HomeViewInput): types.HomeView {
  const blocks: types.KnownBlock[] = [
    header("Can't get into AWS?"),
    section(
      `Type \`${COMMAND}\` in any channel or in a message to me. Add the error you see if you like, ` +
        `for example \`${COMMAND} No accounts available\`, or the account you need. ` +
        "I'll check your AWS access and tell you in plain words what is wrong and who can fix it.",
    ),
    {
      type: 'actions',
      elements: [button('Refresh', ACTIONS.homeRefresh)],
    },
    divider(),
    header('Your recent checks'),
  ];

  if (input.recentChecks.length === 0) {
    blocks.push(
      section(
        `You haven't run any checks yet. When AWS won't let you in, type \`${COMMAND}\` and I'll look into it.`,
      ),
    );
  } else {
    blocks.push(...listOf(input.recentChecks, MAX_RECENT, false));
  }

  if (input.isAdmin) {
    blocks.push(divider(), header('Waiting for approval'));
    const pending = input.pendingApprovals ?? [];
    if (pending.length === 0) blocks.push(section('Nothing to approve right now.'));
    else blocks.push(...listOf(pending, 20, true));
    blocks.push(divider(), header('Open requests'));
    if (input.openItems.length === 0)
      blocks.push(section('No open requests. Everyone who asked has been helped.'));
    else blocks.push(...listOf(input.openItems, MAX_OPEN, true));
  }

  if (input.isAdmin)
    blocks.push(divider(), header('Last 30 days, by cause'), ...statsBlocks(input.stats ?? []));

  return { type: 'home', blocks: limitBlocks(blocks, LIMITS.blocksPerView) };
}

/** A small bar chart in text: one line per cause, the bar scaled to the most frequent cause. */
function statsBlocks(stats: readonly CauseStat[]): types.KnownBlock[] {
  if (stats.length === 0) return [section('No tickets resolved in the last 30 days yet.')];
  const max = Math.max(...stats.map((s) => s.count));
  const lines = [...stats]
    .sort((a, b) => b.count - a.count)
    .slice(0, 20)
    .map((s) => {
      const bar = '█'.repeat(Math.max(1, Math.round((s.count / max) * 20)));
      const median = s.medianMinutes < 1 ? 'under a minute' : `${Math.round(s.medianMinutes)} min`;
      return `\`${bar}\` ${s.count} · *${esc(s.cause, 80)}* · median time to resolve ${median}`;
    });
  return [section(lines.join('\n'))];
}

function listOf(checks: readonly RecentCheck[], max: number, showSubject: boolean): types.KnownBlock[] {
  const blocks: types.KnownBlock[] = checks.slice(0, max).map((c) => section(checkText(c, showSubject)));
  if (checks.length > max) blocks.push(context([`…and ${checks.length - max} more`]));
  return blocks;
}

function checkText(check: RecentCheck, showSubject: boolean): string {
  const parts = [dateOf(check.at), statusOf(check.status)];
  if (showSubject) parts.unshift(`*${esc(check.subject, 200)}*`);
  return `${parts.join(' · ')}\n${esc(check.headline, 500)}`;
}

function statusOf(status: RecentCheck['status']): string {
  switch (status) {
    case 'open':
      return 'Open';
    case 'resolved':
      return 'Resolved ✓';
    case 'escalated':
      return 'With the admins';
    case 'awaiting-approval':
      return 'Waiting for an approver';
    case 'fixing':
      return 'Being fixed';
    case 'closed':
      return 'Closed';
  }
}

/** In the reader's own time zone through Slack's date token; the fallback is UTC. */
function dateOf(at: string): string {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return esc(at, 40);
  const utc = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${utc}>`;
}
