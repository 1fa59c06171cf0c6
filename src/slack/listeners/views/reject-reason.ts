import type { Middleware, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { BLOCKS } from '../../ids';
import type { ListenerDeps } from '../deps';

/** The reject dialog submitted: the rejection (with its optional reason) is queued for the workflow. */
export function handleRejectReason(
  deps: ListenerDeps,
): Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>> {
  return async ({ ack, body, view }) => {
    await ack();
    const reason = view.state.values[BLOCKS.rejectReason]?.reason?.value ?? undefined;
    await deps.queue.enqueue({
      kind: 'reject',
      requestId: deps.newRequestId(),
      clickerId: body.user.id,
      ticketId: view.private_metadata,
      ...(reason ? { reason } : {}),
    });
  };
}
