import type { Middleware, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { decisionRefusal } from '../../../workflow/workflow';
import { buildPickOptions } from '../../views/approval';
import { ticketIdFromCard } from '../card';
import type { ListenerDeps } from '../deps';

/** The grant card's type-ahead: answered from the choices stored with the ticket (no AWS call), and only
 * to someone who may decide on it; anyone else gets an empty list (no permission set ARNs, no account
 * ids). */
export function handlePickOptions(
  deps: ListenerDeps,
  what: 'permission-set' | 'account',
): Middleware<SlackOptionsMiddlewareArgs<'block_suggestion'>> {
  return async ({ ack, body, payload }) => {
    const ticketId = ticketIdFromCard(body.message);
    const ticket = ticketId ? await deps.store.get(ticketId) : undefined;
    if (!ticket || (await decisionRefusal(ticket, body.user.id, deps.approvers))) {
      await ack({ options: [] });
      return;
    }
    const choices =
      what === 'permission-set'
        ? ticket.approval?.choices?.permissionSets
        : ticket.approval?.choices?.accounts;
    await ack(buildPickOptions(choices ?? [], payload.value ?? ''));
  };
}
