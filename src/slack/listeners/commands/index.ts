import type { App } from '@slack/bolt';
import { COMMAND } from '../../ids';
import type { ListenerDeps } from '../deps';
import { type CommandRoute, handleCantLoginCommand } from './cant-login';

export type { CommandRoute };

/** Registers the slash command. `routes` are its sub-commands (help, doctor…), tried before a diagnosis. */
export function register(app: App, deps: ListenerDeps, routes: readonly CommandRoute[] = []): void {
  app.command(COMMAND, handleCantLoginCommand(deps, routes));
}
