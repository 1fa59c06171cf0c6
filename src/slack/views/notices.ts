import { COMMAND } from '../ids';
import { capped, code, esc, fallback, section } from './blocks';
import type { MessageView } from './types';

/** Short one-block messages: acknowledgements, refusals and failures, each kind and specific. */

function notice(markdown: string, text: string): MessageView {
  return { text: fallback(text), blocks: [section(markdown)] };
}

/** Sent within Slack's three seconds, before any AWS call. */
export function buildAckView(input: { forSomeoneElse?: string } = {}): MessageView {
  const name = input.forSomeoneElse?.trim();
  if (name) {
    const line = `On it — checking ${esc(name, 200)}'s access. I'll send you the answer in a direct message.`;
    return notice(line, line);
  }
  const line = "On it — I'll send you the answer in a direct message.";
  return notice(line, line);
}

/** The person asked too often; they are not in trouble, they just wait a little. */
export function buildRateLimitedView({ retryAfterSeconds }: { retryAfterSeconds: number }): MessageView {
  const wait = waitPhrase(retryAfterSeconds);
  const line =
    `I'm still working through your last few checks, and I go easy on AWS so nobody else gets slowed down. ` +
    `Please try again in ${wait}.`;
  return notice(line, `Please try again in ${wait}.`);
}

function waitPhrase(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return 'a moment';
  const s = Math.ceil(seconds);
  if (s < 60) return s === 1 ? 'a second' : `${s} seconds`;
  const minutes = Math.ceil(s / 60);
  return minutes === 1 ? 'a minute' : `${minutes} minutes`;
}

export type RefusalReason = 'not-an-approver' | 'doctor-approvers-only';

/** Someone asked for something they may not do. */
export function buildRefusalView({ reason }: { reason: RefusalReason }): MessageView {
  switch (reason) {
    case 'not-an-approver': {
      const line =
        "Only Identity Center approvers can check someone else's access. " +
        `You can check your own with \`${COMMAND}\`, or ask your colleague to run \`${COMMAND}\` themselves.`;
      return notice(line, "Only Identity Center approvers can check someone else's access.");
    }
    case 'doctor-approvers-only': {
      const line =
        `Only Identity Center approvers can run \`${COMMAND} doctor\`, which checks my own setup. ` +
        `To check your own access, type \`${COMMAND}\`; \`${COMMAND} help\` lists what else I can do.`;
      return notice(line, `Only Identity Center approvers can run ${COMMAND} doctor.`);
    }
  }
}

/** The Slack profile has no email, so there is nothing to look the person up by. */
export function buildNoEmailView(): MessageView {
  const line =
    "I can't see an email address on your Slack profile, and I need it to find you in AWS. " +
    `Ask your Slack admin or IT to add your work email to your Slack profile, then try \`${COMMAND}\` again.`;
  return notice(line, "I can't see an email address on your Slack profile.");
}

/** Nobody in Identity Center matches any of the identifiers tried. */
export function buildNoMatchView({ tried }: { tried: string[] }): MessageView {
  const shown = capped(
    tried.filter((t) => t.trim()).map((t) => code(t, 200)),
    5,
  );
  const triedText = shown.length > 0 ? ` I tried: ${shown.join(', ')}.` : '';
  const line =
    `I couldn't find you in AWS IAM Identity Center.${triedText} ` +
    'Ask IT to check that you have a user there, with the same email address as your Slack profile. ' +
    'Once it exists, try again.';
  return notice(line, "I couldn't find you in AWS IAM Identity Center.");
}

/** Something broke on the bot's side; the reference lets an admin find the logs. */
export function buildErrorView({ reference }: { reference: string }): MessageView {
  const line =
    "Sorry — something went wrong on my side, and it's not something you did. " +
    'Please try again in a few minutes. If it keeps happening, ask IT and give them this reference: ' +
    `${code(reference, 100)}`;
  return notice(line, `Sorry — something went wrong on my side (reference ${esc(reference, 100)}).`);
}

/** Confirms that the admins were asked to help. */
export function buildHumanRequestedView(): MessageView {
  const line =
    "I've asked the AWS admins to take a look, and passed on what I found so you don't have to explain it again. " +
    'One of them will get back to you.';
  return notice(line, "I've asked the AWS admins to take a look.");
}

/** After the person says it works now. */
export function buildThanksView(): MessageView {
  const line = `Glad it works now, thanks for letting me know! If it stops working again, just type \`${COMMAND}\`.`;
  return notice(line, 'Glad it works now, thanks for letting me know!');
}

/** For the admins' channel: something in the bot's own set-up stopped it reading (sent once per failure
 * per quiet period, not once per request). */
export function buildSetupFailureView(input: {
  kind: 'denied' | 'unread' | 'unreachable' | 'partial';
  action: string;
  code: string;
  remedy: string;
  checks: readonly string[];
}): MessageView {
  const what =
    input.kind === 'denied'
      ? `AWS refuses ${code(input.action, 100)} to the bot`
      : input.kind === 'unreachable'
        ? `The bot cannot reach Identity Center (${code(input.action, 100)}: ${esc(input.code, 100)})`
        : input.kind === 'partial'
          ? `The bot reads only part of the sign-in evidence (${code(input.action, 100)}: ${esc(input.code, 100)})`
          : `AWS did not answer ${code(input.action, 100)} (${esc(input.code, 100)})`;
  const checks =
    input.checks.length > 0
      ? `\nChecks left open: ${capped(
          input.checks.map((c) => code(c, 60)),
          10,
        ).join(', ')}`
      : '';
  const effect = input.kind === 'unreachable' ? 'get no answer' : 'get incomplete answers';
  const line = `:warning: *${what}*, so people asking \`${COMMAND}\` ${effect}.\n${esc(input.remedy, 600)}${checks}`;
  return notice(line, `cant-login setup problem: ${input.action} (${input.code})`);
}

/** For the person: the bot could not read Identity Center at all, so it says nothing about their access. */
export function buildCannotCheckView(input: { adminsTold: boolean }): MessageView {
  const line =
    "I can't check your AWS access right now: I couldn't reach AWS's sign-in service, so I don't know yet whether anything is wrong. " +
    (input.adminsTold
      ? 'The administrators have been told. Please try again later.'
      : 'Please try again later, or ask your IT help desk.');
  return notice(line, "I can't check your AWS access right now.");
}
