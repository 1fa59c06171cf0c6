import type { App } from '@slack/bolt';
import { ACTIONS } from './ids';
import type { JobQueue } from './jobs';

/** The drift repair card's buttons: acknowledge, then queue the decision (the worker applies the same
 * approval rules and exactly-once transitions as a person's fix). */
export function registerDriftListeners(
  app: App,
  options: { queue: JobQueue; newRequestId: () => string },
): void {
  for (const [actionId, action] of [
    [ACTIONS.driftApprove, 'approve'],
    [ACTIONS.driftReject, 'reject'],
    [ACTIONS.driftRetry, 'retry'],
  ] as const) {
    app.action(actionId, async ({ ack, body, action: clicked }) => {
      await ack();
      const ticketId = (clicked as { value?: string }).value;
      if (!ticketId) return;
      const responseUrl = (body as { response_url?: string }).response_url;
      await options.queue.enqueue({
        kind: 'drift',
        action,
        requestId: options.newRequestId(),
        clickerId: body.user.id,
        ticketId,
        ...(responseUrl ? { responseUrl } : {}),
      });
    });
  }
}
