import type { types } from '@slack/bolt';

/** Slack's Block Kit limits that a message must respect to be accepted. */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  optionText: 75,
  contextElements: 10,
  fallbackText: 3000,
} as const;

/** Escapes text for mrkdwn so user-supplied input cannot mention (`<!channel>`, `<@U…>`) or link
 * (`<http://…|…>`): Slack only treats `<…>` as special, and `&`, `<`, `>` are its escapes. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to `max` characters, ending with an ellipsis when it was cut. Never splits a surrogate pair
 * or leaves a dangling escape sequence (`&am…`). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  cut = cut.replace(/&[a-z]{0,4}$/, '');
  return `${cut}…`;
}

/** Keeps a message within the block limit: when there are too many blocks, the last ones are replaced
 * by one context block saying how many were left out. */
export function limitBlocks(
  blocks: types.KnownBlock[],
  max: number = LIMITS.blocksPerMessage,
): types.KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const kept = blocks.slice(0, max - 1);
  const dropped = blocks.length - kept.length;
  return [
    ...kept,
    { type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${dropped} more not shown here.` }] },
  ];
}
