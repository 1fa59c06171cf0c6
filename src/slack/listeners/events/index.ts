import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../deps';
import { handleAppHomeOpened } from './app-home-opened';

/** Registers the Events API listeners. */
export function register(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', handleAppHomeOpened(deps));
}
