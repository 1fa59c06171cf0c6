import type { BlockAction, Middleware, SlackActionMiddlewareArgs, StaticSelectAction } from '@slack/bolt';
import { checkIdFrom } from '../card';
import type { ListenerDeps } from '../deps';

/** A symptom picked from the report's menu: the ticket is diagnosed again with it. */
export function handlePickSymptom(
  deps: ListenerDeps,
): Middleware<SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>>> {
  return async ({ ack, body, action }) => {
    await ack();
    const checkId = checkIdFrom(undefined, body.message);
    const symptom = action.selected_option?.value;
    if (!checkId || !symptom) return;
    await deps.queue.enqueue({
      kind: 'diagnose',
      requestId: deps.newRequestId(),
      requesterId: body.user.id,
      targetId: body.user.id,
      text: '',
      checkId,
      symptom,
    });
  };
}
