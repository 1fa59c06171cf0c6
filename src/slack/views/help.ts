import { COMMAND } from '../ids';
import { bullets, context, fallback, section } from './blocks';
import type { MessageView } from './types';

/** The forms every employee can use, with an example each (fixed wording, nothing to escape). */
const EMPLOYEE_FORMS = [
  `\`${COMMAND}\`: find out why you can't get into AWS. I check your access and answer in a direct message.`,
  `\`${COMMAND} prod-us\`: about one account, by its name or its 12-digit id (\`${COMMAND} 123456789012\`).`,
  `\`${COMMAND} Your request included an invalid SAML response\`: paste the error message you see, and I look for that.`,
  `\`${COMMAND} help\`: this message (also \`?\`, \`-h\`, \`--help\`).`,
];

/** The forms only approvers may use. */
const APPROVER_FORMS = [
  `\`${COMMAND} @someone\`: check someone else's access, in admin words (add an account or an error: \`${COMMAND} @someone prod-us\`).`,
  `\`${COMMAND} doctor\`: check my own setup: Slack token and scopes, the admin and notify channels, approvers, and every AWS permission I need; each problem comes with its fix.`,
  `\`${COMMAND} saml\`: paste the SAML response your sign-in system sent, and I list every rule it breaks.`,
];

/** The private answer to `/cant-login help`: how to use the command, with examples; approvers also see
 * the admin forms. Answering it runs no diagnosis and uses none of the person's checks. */
export function buildHelpView({ isApprover }: { isApprover: boolean }): MessageView {
  const blocks = [
    section(`*How to use \`${COMMAND}\`*\n${bullets(EMPLOYEE_FORMS)}`),
    ...(isApprover ? [section(`*For approvers*\n${bullets(APPROVER_FORMS)}`)] : []),
    context([
      'Only you can see this. Your report comes with buttons to check again, say it works now, or get a human.',
    ]),
  ];
  return {
    text: fallback(`How to use ${COMMAND}: ${COMMAND}, ${COMMAND} <account>, ${COMMAND} <error message>`),
    blocks,
  };
}
