import { parseCommandText } from '../../command-text';
import { handleSamlCommand, isSamlCommand, type SamlSlackDeps } from '../../saml-listeners';
import { isApproverWithin } from '../../subcommands';
import { buildHelpView } from '../../views/help';
import { buildSamlUnavailableView } from '../../views/saml';
import type { ListenerDeps } from '../deps';
import type { CommandRoute } from './cant-login';

/**
 * The sub-commands of `/cant-login`, tried before a diagnosis:
 * - `saml …` never reaches a diagnosis or a ticket (the text may be a SAML response, a credential);
 * - `help` (`?`, `-h`, `--help`) is answered in the ack and costs no rate-limit token;
 * - `doctor` is queued for the worker, which checks that the asker is an approver.
 */
export function builtInRoutes(deps: ListenerDeps, saml: SamlSlackDeps | undefined): CommandRoute[] {
  const samlRoute: CommandRoute = {
    matches: (text) => isSamlCommand(text),
    costly: false,
    handle: async ({ command, ack, client, respond }) => {
      if (saml) await handleSamlCommand({ command, ack, client, respond }, saml);
      else await ack({ response_type: 'ephemeral', ...buildSamlUnavailableView() });
    },
  };
  const helpRoute: CommandRoute = {
    matches: (text) => parseCommandText(text).subcommand === 'help',
    costly: false,
    handle: async ({ command, ack }) => {
      const log = deps.logger.child({ user: command.user_id });
      const isApprover = await isApproverWithin((id) => deps.approvers.isApprover(id), command.user_id, log);
      await ack({ response_type: 'ephemeral', ...buildHelpView({ isApprover }) });
    },
  };
  const doctorRoute: CommandRoute = {
    matches: (text) => parseCommandText(text).subcommand === 'doctor',
    costly: true,
    // An empty ack: a refusal (for a non-approver) must not follow an "On it".
    handle: async ({ command, ack }) => {
      await ack();
      await deps.queue.enqueue({
        kind: 'doctor',
        requestId: deps.newRequestId(),
        requesterId: command.user_id,
        ...(command.response_url ? { responseUrl: command.response_url } : {}),
      });
    },
  };
  return [samlRoute, helpRoute, doctorRoute];
}
