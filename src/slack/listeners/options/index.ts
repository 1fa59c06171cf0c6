import type { App } from '@slack/bolt';
import { ACTIONS } from '../../ids';
import type { ListenerDeps } from '../deps';
import { handlePickOptions } from './pick-options';

/** Registers the external selects' option loaders. */
export function register(app: App, deps: ListenerDeps): void {
  app.options<'block_suggestion'>(ACTIONS.pickPermissionSet, handlePickOptions(deps, 'permission-set'));
  app.options<'block_suggestion'>(ACTIONS.pickAccount, handlePickOptions(deps, 'account'));
}
