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
import { BLOCKS, SAML_FILE_ACTION, SAML_INPUT_ACTION, VIEWS } from './ids';
import { readUploadedFile, UploadedFileError } from './uploaded-file';
import { buildErrorView } from './views/notices';
import {
  buildSamlAckView,
  buildSamlModalView,
  buildSamlNotAResponseView,
  buildSamlRefusalView,
  buildSamlReportView,
  samlInputChoiceText,
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

/**
 * `/cant-login saml`, with or without text after it. Whatever follows the word never reaches a
 * diagnosis (whose text is kept in a ticket): a response pasted inline is analysed like one pasted
 * in the modal, and dropped.
 */
export function isSamlCommand(text: string | undefined): boolean {
  return /^\s*saml(\s|$)/i.test(text ?? '');
}

/** Slack escapes `&`, `<` and `>` in command text; raw XML needs them back. */
function unescapeCommandText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Decodes and parses what was pasted; a non-response is a `SamlInputError` with the reason. */
function decodePasted(pasted: string): DecodedInput {
  const decoded = decodeSamlInput(pasted);
  // Parsed here so a non-response is refused before anything else; the analysis parses it again.
  parseResponse(decoded.xml, undefined);
  return decoded;
}

/** Runs the analysis and sends it to the approver's DM (or an apology naming the request). */
async function analyseAndSend(
  client: ViewArgs['client'],
  userId: string,
  decoded: DecodedInput,
  deps: SamlSlackDeps,
  log: Logger,
  requestId: string,
): Promise<void> {
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

type CommandArgs = Pick<
  SlackCommandMiddlewareArgs & AllMiddlewareArgs,
  'command' | 'ack' | 'client' | 'respond'
>;

/** Opens the paste modal for an approver (or analyses a response pasted after the word); anyone
 * else is told privately that it is not for them. */
export async function handleSamlCommand(
  { command, ack, client, respond }: CommandArgs,
  deps: SamlSlackDeps,
): Promise<void> {
  const requestId = deps.newRequestId();
  const log = deps.logger.child({ requestId, user: command.user_id, command: 'saml' });
  await ack();
  if (!(await deps.approvers.isApprover(command.user_id))) {
    log.info('refused: only approvers may analyse SAML responses');
    await respond({ response_type: 'ephemeral', ...buildSamlRefusalView() });
    return;
  }
  const inline = unescapeCommandText((command.text ?? '').replace(/^\s*saml/i, '')).trim();
  if (!inline) {
    await client.views.open({ trigger_id: command.trigger_id, view: buildSamlModalView() });
    return;
  }
  let decoded: DecodedInput;
  try {
    decoded = decodePasted(inline);
  } catch (error) {
    if (!(error instanceof SamlInputError)) throw error;
    log.info({ code: error.code }, 'SAML analysis: input refused');
    await respond({ response_type: 'ephemeral', ...buildSamlNotAResponseView(error.message) });
    return;
  }
  await respond({ response_type: 'ephemeral', ...buildSamlAckView() });
  await analyseAndSend(client, command.user_id, decoded, deps, log, requestId);
}

type ViewArgs = Pick<SlackViewMiddlewareArgs & AllMiddlewareArgs, 'ack' | 'body' | 'view' | 'client'>;

/** Which of the modal's two inputs carried the response, and its text. */
type Submitted = { block: string; text: string };

/** Reads what the approver gave: the pasted text or the uploaded file's content (fetched from Slack
 * with the bot token). A wrong combination or an unreadable file is an error for one block. */
async function readSubmitted(
  view: ViewArgs['view'],
  client: ViewArgs['client'],
): Promise<Submitted | { block: string; error: string; code: string }> {
  const pasted = (view.state.values[BLOCKS.samlResponse]?.[SAML_INPUT_ACTION]?.value ?? '').trim();
  const files = view.state.values[BLOCKS.samlFile]?.[SAML_FILE_ACTION]?.files ?? [];
  if (!pasted && files.length === 0)
    return { block: BLOCKS.samlResponse, error: samlInputChoiceText('neither'), code: 'no-input' };
  if (pasted && files.length > 0)
    return { block: BLOCKS.samlFile, error: samlInputChoiceText('both'), code: 'two-inputs' };
  if (pasted) return { block: BLOCKS.samlResponse, text: pasted };
  const [file] = files;
  if (!file || files.length > 1)
    return { block: BLOCKS.samlFile, error: 'Upload one file.', code: 'several-files' };
  try {
    return { block: BLOCKS.samlFile, text: await readUploadedFile(client, file) };
  } catch (error) {
    if (!(error instanceof UploadedFileError)) throw error;
    return { block: BLOCKS.samlFile, error: error.message, code: error.code };
  }
}

/**
 * The pasted or uploaded response: refused inside the modal when it is missing, unreadable or not a SAML
 * response, otherwise the modal closes and the analysis goes to the approver's DM. The text lives only
 * in this function's memory: it is never logged, queued or written to a ticket.
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
  const submitted = await readSubmitted(view, client);
  if ('error' in submitted) {
    log.info({ code: submitted.code }, 'SAML analysis: input refused');
    await ack({ response_action: 'errors', errors: { [submitted.block]: submitted.error } });
    return;
  }
  let decoded: DecodedInput;
  try {
    decoded = decodePasted(submitted.text);
  } catch (error) {
    if (!(error instanceof SamlInputError)) throw error;
    log.info({ code: error.code }, 'SAML analysis: input refused');
    await ack({
      response_action: 'errors',
      errors: { [submitted.block]: samlInputErrorText(error.message) },
    });
    return;
  }
  await ack();
  log.info(
    { input: submitted.block === BLOCKS.samlFile ? 'file' : 'pasted', form: decoded.form },
    'SAML analysis: input read',
  );
  await analyseAndSend(client, userId, decoded, deps, log, requestId);
}

/** Registers the modal's submission listener; the command itself is routed by the command listener. */
export function registerSamlListeners(app: App, deps: SamlSlackDeps): void {
  app.view(VIEWS.samlPaste, (args) => handleSamlSubmission(args, deps));
}
