import type {
  AllMiddlewareArgs,
  App,
  SlackCommandMiddlewareArgs,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';
import type { AwsClients } from '../aws';
import type { DiagnosisSettings } from '../diagnosis/facts/facts';
import type { Clock } from '../lib/clock';
import type { Logger } from '../log/logger';
import { analyseResponseXml, type SamlAnalysis } from '../saml/analyse';
import { SamlInputError } from '../saml/errors';
import { identityStoreDirectory } from '../saml/identity-store';
import { type DecodedInput, decodeSamlInput } from '../saml/input';
import { parseResponse } from '../saml/parse';
import { BLOCKS, SAML_INPUT_ACTION, VIEWS } from './ids';
import { buildErrorView } from './views/notices';
import {
  buildSamlModalView,
  buildSamlRefusalView,
  buildSamlReportView,
  samlInputErrorText,
} from './views/saml';

/** What `/cant-login saml` needs: who may use it, and the analysis (the Identity Store behind it). */
export interface SamlSlackDeps {
  approvers: { isApprover(slackUserId: string): Promise<boolean> };
  analyse(decoded: DecodedInput): Promise<SamlAnalysis>;
  logger: Logger;
  newRequestId: () => string;
}

/** Wires the analysis to the bot's own AWS clients and clock (the same ones a diagnosis uses). */
export function buildSamlSlackDeps(input: {
  approvers: SamlSlackDeps['approvers'];
  clients: AwsClients;
  clock: Clock;
  settings: DiagnosisSettings;
  logger: Logger;
  newRequestId: () => string;
}): SamlSlackDeps {
  const directory = identityStoreDirectory({
    clients: input.clients,
    clock: input.clock,
    settings: input.settings,
    logger: input.logger,
  });
  return {
    approvers: input.approvers,
    logger: input.logger,
    newRequestId: input.newRequestId,
    analyse: (decoded) => analyseResponseXml(decoded, { atMs: input.clock.now(), directory }),
  };
}

/** `/cant-login saml` (any letter case, nothing after it). */
export function isSamlCommand(text: string | undefined): boolean {
  return /^\s*saml\s*$/i.test(text ?? '');
}

type CommandArgs = Pick<
  SlackCommandMiddlewareArgs & AllMiddlewareArgs,
  'command' | 'ack' | 'client' | 'respond'
>;

/** Opens the paste modal for an approver; anyone else is told privately that it is not for them. */
export async function handleSamlCommand(
  { command, ack, client, respond }: CommandArgs,
  deps: SamlSlackDeps,
): Promise<void> {
  const log = deps.logger.child({ requestId: deps.newRequestId(), user: command.user_id, command: 'saml' });
  await ack();
  if (!(await deps.approvers.isApprover(command.user_id))) {
    log.info('refused: only approvers may analyse SAML responses');
    await respond({ response_type: 'ephemeral', ...buildSamlRefusalView() });
    return;
  }
  await client.views.open({ trigger_id: command.trigger_id, view: buildSamlModalView() });
}

type ViewArgs = Pick<SlackViewMiddlewareArgs & AllMiddlewareArgs, 'ack' | 'body' | 'view' | 'client'>;

/**
 * The pasted response: refused inside the modal when it is not a SAML response, otherwise the modal
 * closes and the analysis goes to the approver's DM. The text lives only in this function's memory:
 * it is never logged, queued or written to a ticket.
 */
export async function handleSamlSubmission(
  { ack, body, view, client }: ViewArgs,
  deps: SamlSlackDeps,
): Promise<void> {
  const userId = body.user.id;
  const requestId = deps.newRequestId();
  const log = deps.logger.child({ requestId, user: userId, command: 'saml' });
  if (!(await deps.approvers.isApprover(userId))) {
    log.info('refused: only approvers may analyse SAML responses');
    await ack({
      response_action: 'errors',
      errors: { [BLOCKS.samlResponse]: 'Only Identity Center approvers can analyse SAML responses.' },
    });
    return;
  }
  const pasted = view.state.values[BLOCKS.samlResponse]?.[SAML_INPUT_ACTION]?.value ?? '';
  let decoded: DecodedInput;
  try {
    decoded = decodeSamlInput(pasted);
    // Parsed here too so a non-response is answered in the modal; the analysis parses it again.
    parseResponse(decoded.xml, undefined);
  } catch (error) {
    if (!(error instanceof SamlInputError)) throw error;
    log.info({ code: error.code }, 'SAML analysis: input refused');
    await ack({
      response_action: 'errors',
      errors: { [BLOCKS.samlResponse]: samlInputErrorText(error.message) },
    });
    return;
  }
  await ack();
  const dm = async () => {
    const out = await client.conversations.open({ users: userId });
    if (!out.channel?.id) throw new Error('conversations.open gave no channel');
    return out.channel.id;
  };
  try {
    const analysis = await deps.analyse(decoded);
    const report = buildSamlReportView(analysis);
    await client.chat.postMessage({ channel: await dm(), text: report.text, blocks: report.blocks });
    log.info(
      { problems: analysis.problems.map((p) => p.id), userLookup: analysis.user.status },
      'SAML analysis sent',
    );
  } catch (error) {
    log.error({ err: error }, 'SAML analysis failed');
    const sorry = buildErrorView({ reference: requestId });
    await client.chat
      .postMessage({ channel: await dm(), text: sorry.text, blocks: sorry.blocks })
      .catch((e: unknown) => log.error({ err: e }, 'could not tell the approver'));
  }
}

/** Registers the modal's submission listener; the command itself is routed by the command listener. */
export function registerSamlListeners(app: App, deps: SamlSlackDeps): void {
  app.view(VIEWS.samlPaste, (args) => handleSamlSubmission(args, deps));
}
