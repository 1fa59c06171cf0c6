import type { types } from '@slack/bolt';
import { escapeMrkdwn, LIMITS, limitBlocks, truncate } from '../safety';

/** Small Block Kit constructors shared by the views. Each one enforces Slack's length limits, so a view
 * cannot produce a block Slack would reject. They never escape: callers escape outside text with `esc`
 * at the point where it is interpolated, because only the caller knows which parts are markup. */

/** Outside text (typed by a person, read from AWS or Slack) made safe for mrkdwn, cut to `max`. */
export function esc(text: string, max: number = LIMITS.sectionText): string {
  return truncate(escapeMrkdwn(text), max);
}

/** A mrkdwn text object. `verbatim` stops Slack from turning bare URLs and channel names into links. */
export function mrkdwn(text: string): types.MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText), verbatim: true };
}

export function plainText(text: string, max: number = LIMITS.sectionText): types.PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

export function section(text: string, blockId?: string): types.SectionBlock {
  return { type: 'section', text: mrkdwn(text), ...(blockId ? { block_id: blockId } : {}) };
}

/** A header for fixed wording only: header blocks are plain text, never outside text. */
export function header(text: string): types.HeaderBlock {
  return { type: 'header', text: plainText(text, LIMITS.headerText) };
}

/** A context block of mrkdwn lines; more than Slack's ten elements are merged into the last one. */
export function context(texts: readonly string[]): types.ContextBlock {
  const kept = texts.slice(0, LIMITS.contextElements - 1);
  const rest = texts.slice(LIMITS.contextElements - 1);
  if (rest.length > 0) kept.push(rest.join(' · '));
  return { type: 'context', elements: kept.map(mrkdwn) };
}

export function divider(): types.DividerBlock {
  return { type: 'divider' };
}

export function button(
  text: string,
  actionId: string,
  value?: string,
  style?: 'primary' | 'danger',
): types.Button {
  return {
    type: 'button',
    text: plainText(text, LIMITS.buttonText),
    action_id: actionId,
    ...(value !== undefined ? { value } : {}),
    ...(style ? { style } : {}),
  };
}

/** A bullet list in mrkdwn; the items must already be escaped. */
export function bullets(items: readonly string[]): string {
  return items.map((item) => `• ${item}`).join('\n');
}

/** At most `max` items, with a line saying how many were left out. */
export function capped(items: readonly string[], max: number): string[] {
  if (items.length <= max) return [...items];
  const kept = items.slice(0, max);
  kept.push(`…and ${items.length - max} more`);
  return kept;
}

/** Inline code for outside text: escaped, with backticks replaced so they cannot end the code span early. */
export function code(text: string, max = 300): string {
  return `\`${esc(text.replace(/`/g, "'"), max)}\``;
}

/** The notification text: never empty, within Slack's limit. It is mrkdwn too, so it must be escaped. */
export function fallback(text: string): string {
  const trimmed = text.trim();
  return truncate(trimmed.length > 0 ? trimmed : 'cant-login', LIMITS.fallbackText);
}

/** Keeps the head of a message within the block limit while always keeping the tail (the buttons). */
export function withTail(
  body: types.KnownBlock[],
  tail: types.KnownBlock[],
  max: number = LIMITS.blocksPerMessage,
): types.KnownBlock[] {
  const room = Math.max(1, max - tail.length);
  return [...limitBlocks(body, room), ...tail];
}

/** Seconds as people say them: "1.3 s" for a diagnosis, never "NaN". */
export function seconds(ms: number): string {
  const s = Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0;
  return `${s.toFixed(1)} s`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
