import type { types } from '@slack/bolt';
import type { CauseId } from '../../diagnosis/causes';

/** A message body: the blocks, and the fallback text Slack shows in notifications. */
export interface MessageView {
  text: string;
  blocks: types.KnownBlock[];
}

/** Whose words a report uses: the person who cannot get in, or an admin looking into someone. */
export type ReportAudience = 'employee' | 'admin';

/** One of the person's recent checks, for App Home. */
export interface RecentCheck {
  /** The report / ticket id. */
  id: string;
  slackUserId: string;
  /** Who was diagnosed (an email or user name). */
  subject: string;
  primaryCause: CauseId | null;
  /** One plain line: the employee headline of the primary cause, or "All looks fine". */
  headline: string;
  status: 'open' | 'escalated' | 'awaiting-approval' | 'fixing' | 'resolved' | 'closed';
  at: string;
}

/** One line of the admin statistics: a cause, how often it was resolved, and the median time it took. */
export interface CauseStat {
  cause: string;
  count: number;
  medianMinutes: number;
}
