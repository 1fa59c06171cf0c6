import type { App, ViewSubmitAction } from '@slack/bolt';
import { VIEWS } from '../../ids';
import type { ListenerDeps } from '../deps';
import { limitViewsPerPerson } from '../rate-limit';
import { handleRejectReason } from './reject-reason';

/** Registers the modal submissions. */
export function register(app: App, deps: ListenerDeps): void {
  app.view<ViewSubmitAction>(VIEWS.rejectReason, limitViewsPerPerson(deps), handleRejectReason(deps));
}
