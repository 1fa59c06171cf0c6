import type { App } from '@slack/bolt';
import * as actions from './actions';
import type { CommandRoute } from './commands';
import * as commands from './commands';
import type { ListenerDeps } from './deps';
import * as events from './events';
import * as options from './options';
import * as views from './views';

export type { CommandRoute, ListenerDeps };

/** Wires every listener, surface by surface (as the Bolt starter template does). */
export function registerListeners(app: App, deps: ListenerDeps, routes: readonly CommandRoute[] = []): void {
  commands.register(app, deps, routes);
  actions.register(app, deps);
  views.register(app, deps);
  options.register(app, deps);
  events.register(app, deps);
}
