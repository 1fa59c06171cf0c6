import { ACTIONS } from '../ids';

interface BlockLike {
  type?: string;
  elements?: Array<{ value?: string; action_id?: string }>;
}

/** The clicked message, as Bolt gives it (its blocks are untyped). */
type MessageLike = Readonly<Record<string, unknown>> | undefined;

const blocksOf = (message: MessageLike): BlockLike[] =>
  Array.isArray(message?.blocks) ? (message.blocks as BlockLike[]) : [];

/** The ticket id an approval card carries on its Approve button (every element of the card is on the
 * same ticket, so a select reads it from there). */
export function ticketIdFromCard(message: MessageLike): string | undefined {
  for (const block of blocksOf(message)) {
    const approve = block.elements?.find((e) => e.action_id === ACTIONS.approve);
    if (approve?.value) return approve.value;
  }
  return undefined;
}

/** A report button's value is only the check id; a menu's is read from the message's Check again button. */
export function checkIdFrom(direct: string | undefined, message: MessageLike): string | undefined {
  if (direct && !direct.startsWith('symptom-')) return direct;
  for (const block of blocksOf(message)) {
    if (block.type !== 'actions') continue;
    const button = block.elements?.find((e) => e.action_id === ACTIONS.checkAgain);
    if (button?.value) return button.value;
  }
  return undefined;
}
