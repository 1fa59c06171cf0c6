import type { types } from '@slack/bolt';
import type { SamlAnalysis } from '../../saml/analyse';
import { buildSamlJson, NOT_STORED_NOTE } from '../../saml/report';
import { urnTail } from '../../saml/rules/text';
import { BLOCKS, COMMAND, SAML_FILE_ACTION, SAML_INPUT_ACTION, VIEWS } from '../ids';
import { UPLOAD_MAX_BYTES } from '../uploaded-file';
import {
  capped,
  code,
  context,
  divider,
  esc,
  fallback,
  header,
  plainText,
  section,
  withTail,
} from './blocks';
import type { MessageView } from './types';

/** Slack's own ceiling for a plain_text_input. */
export const SAML_INPUT_MAX_CHARS = 3000;

/** What the file input accepts (Slack filters by extension; the content is checked anyway). */
export const SAML_FILE_TYPES = ['txt', 'har', 'json', 'xml', 'b64'];

/** The modal an approver pastes a SAML response into, or uploads it (or a HAR) to: a signed response
 * is 5–8k characters, more than Slack lets a text input take. */
export function buildSamlModalView(): types.ModalView {
  const maxMb = UPLOAD_MAX_BYTES / 1024 / 1024;
  return {
    type: 'modal',
    callback_id: VIEWS.samlPaste,
    title: plainText('SAML response', 24),
    submit: plainText('Analyse', 24),
    close: plainText('Cancel', 24),
    blocks: [
      section(
        'Give me the `SAMLResponse` your IdP posted to AWS (from the browser’s network tab: base64, URL-encoded, or the XML): paste it, or upload it as a file, or upload the HAR export of the sign-in. ' +
          'I check it against every rule IAM Identity Center applies and send you the result in a direct message.',
      ),
      {
        type: 'input',
        block_id: BLOCKS.samlResponse,
        optional: true,
        label: plainText('Paste the response'),
        element: {
          type: 'plain_text_input',
          action_id: SAML_INPUT_ACTION,
          multiline: true,
          max_length: SAML_INPUT_MAX_CHARS,
          placeholder: plainText('PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPS…'),
        },
        hint: plainText(
          `Slack takes at most ${SAML_INPUT_MAX_CHARS} characters here; a signed response is usually longer, so upload it below instead.`,
        ),
      },
      {
        type: 'input',
        block_id: BLOCKS.samlFile,
        optional: true,
        label: plainText('Or upload it'),
        element: {
          type: 'file_input',
          action_id: SAML_FILE_ACTION,
          filetypes: SAML_FILE_TYPES,
          max_files: 1,
        },
        hint: plainText(
          `A text file with the response, or a HAR file of the sign-in (at most ${maxMb} MB). Either way it is analysed in memory and never logged or stored by the bot; the file stays in your Slack files, so delete it when done.`,
        ),
      },
    ],
  };
}

/** Said inside the modal when the input is not a SAML response (the modal stays open). */
export function samlInputErrorText(reason: string): string {
  return `That is not a SAML response: ${reason}.`.slice(0, 2000);
}

/** Said inside the modal when neither or both inputs were given. */
export function samlInputChoiceText(given: 'neither' | 'both'): string {
  switch (given) {
    case 'neither':
      return 'Paste the response here, or upload a file with it (or a HAR) below.';
    case 'both':
      return 'Give me the pasted response or the file, not both: clear one of them.';
  }
}

/** Said privately when a response pasted after the command is being analysed. */
export function buildSamlAckView(): MessageView {
  const line =
    "Analysing it now — I'll send you the result in a direct message. The response is not logged or stored.";
  return { text: fallback(line), blocks: [section(line)] };
}

/** Said privately when the text after `/cant-login saml` is not a SAML response. */
export function buildSamlNotAResponseView(reason: string): MessageView {
  const line = samlInputErrorText(reason);
  return {
    text: fallback(line),
    blocks: [
      section(`${esc(line, 2000)} Type \`${COMMAND} saml\` on its own to get a box to paste it into.`),
    ],
  };
}

/** Where the bot runs without the analyser (the Lambda ingress): the terminal still has it. */
export function buildSamlUnavailableView(): MessageView {
  const line =
    "This deployment doesn't analyse SAML responses in Slack. Run `cant-login saml <file>` in a terminal instead; nothing you typed was kept.";
  return { text: fallback(line), blocks: [section(line)] };
}

/** Only approvers analyse SAML responses: they carry other people's sign-ins. */
export function buildSamlRefusalView(): MessageView {
  const line = `Only Identity Center approvers can use \`${COMMAND} saml\`: a SAML response is someone's sign-in. Ask an approver to run it with you.`;
  return {
    text: fallback('Only Identity Center approvers can analyse SAML responses.'),
    blocks: [section(line)],
  };
}

/** The analysis, for the approver's DM. Every value from the response is outside text and escaped. */
export function buildSamlReportView(analysis: SamlAnalysis): MessageView {
  const json = buildSamlJson(analysis);
  const a = json.assertion;
  const blocking = json.problems.filter((p) => p.severity === 'blocking').length;
  const headline =
    json.problems.length === 0
      ? json.coverage.complete
        ? 'No problems found: Identity Center should accept this response.'
        : 'No problems found in what I could check (see below what I could not).'
      : `${json.problems.length} problem${json.problems.length === 1 ? '' : 's'} found (${blocking} blocking).`;
  const facts = [
    `*NameID:* ${a.nameId === null ? '(none)' : code(a.nameId)}${a.nameIdFormat ? ` (${esc(urnTail(a.nameIdFormat), 100)})` : ''}`,
    `*Issuer:* ${a.issuer === null ? '(none)' : code(a.issuer)}`,
    `*Status:* ${esc(urnTail(a.statusCode), 100)} · *Signed:* response ${a.signed.response ? 'yes' : 'no'}, assertion ${a.signed.assertion ? 'yes' : 'no'}`,
    `*Valid:* ${esc(a.notBefore ?? '…', 60)} to ${esc(a.notOnOrAfter ?? '…', 60)} (judged at ${json.judgedAt})`,
  ];
  const user = analysis.user;
  if (user.status === 'found')
    facts.push(
      `*Identity Center user:* ${code(user.user.userName ?? user.user.userId)} (${user.user.status ?? 'status unknown'})`,
    );
  const body: types.KnownBlock[] = [
    header('SAML response analysis'),
    section(`*${headline}*`),
    section(facts.join('\n')),
  ];
  for (const p of json.problems) {
    body.push(divider());
    body.push(
      section(
        `${p.severity === 'blocking' ? ':x:' : ':warning:'} *${p.id}* (${p.severity})\n${esc(p.summary, 1400)}\n*Fix:* ${esc(p.fix, 1400)}`,
      ),
    );
  }
  const tail: types.KnownBlock[] = [];
  if (user.status === 'failed')
    tail.push(
      section(
        `:warning: I could not read the Identity Store (${esc(user.action, 100)}: ${esc(user.code, 100)}), so I did not check whether the user exists, is enabled and matches the NameID.`,
      ),
    );
  if (json.coverage.gaps.length > 0)
    tail.push(
      context(
        capped(
          json.coverage.gaps.map((g) => `Not checked: ${g.rule} (${esc(g.reason, 200)})`),
          4,
        ),
      ),
    );
  tail.push(context([`${NOT_STORED_NOTE} Details and the JSON form: \`cant-login saml\`.`]));
  return { text: fallback(headline), blocks: withTail(body, tail) };
}
