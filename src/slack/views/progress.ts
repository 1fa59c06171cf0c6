import type { types } from '@slack/bolt';
import { context, esc, fallback, section } from './blocks';
import type { MessageView } from './types';

export interface ProgressViewInput {
  done: number;
  total: number;
  /** What the person typed after the command, shown back so they know it was heard. */
  asked?: string;
}

const BAR_CELLS = 14;

/** The message a diagnosis keeps updating while its checks run. */
export function buildProgressView({ done, total, asked }: ProgressViewInput): MessageView {
  const title = "Looking into why you can't get into AWS…";
  const safeTotal = Number.isFinite(total) && total > 0 ? Math.floor(total) : 0;
  const safeDone = Number.isFinite(done) ? Math.min(Math.max(Math.floor(done), 0), safeTotal) : 0;
  const counted = safeTotal > 0 ? `Checked ${safeDone} of ${safeTotal}` : 'Getting started';
  const blocks: types.KnownBlock[] = [
    section(`*${title}*\n\`${progressBar(safeDone, safeTotal)}\` ${counted}`),
  ];
  const typed = asked?.trim();
  if (typed) blocks.push(context([`You said “${esc(typed, 500)}”`]));
  return { text: fallback(`${title} ${counted}`), blocks };
}

/** A text bar that reads the same in every Slack client: ▰▰▰▱▱▱. */
export function progressBar(done: number, total: number): string {
  const filled = total > 0 ? Math.round((done / total) * BAR_CELLS) : 0;
  return '▰'.repeat(filled) + '▱'.repeat(BAR_CELLS - filled);
}
