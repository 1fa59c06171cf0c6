import { neededScope, slackErrorCode } from '../slack-errors';
import type { DoctorOutcome, DoctorSlack } from '../types';

/** Whether the bot can post in a configured channel: it exists and the bot is a member
 * (conversations.info's `is_member`). Shared by the admin and notify channel checks. */
export async function channelMembership(
  slack: DoctorSlack | undefined,
  channelId: string,
  what: { variable: string; purpose: string },
): Promise<DoctorOutcome> {
  if (!slack)
    return {
      status: 'warn',
      summary: `${what.variable} is ${channelId}, but without a bot token the bot's membership was not checked.`,
      fix: 'Set SLACK_BOT_TOKEN and run the doctor again.',
    };
  try {
    const out = await slack.conversations.info({ channel: channelId });
    const name = out.channel?.name ? `#${out.channel.name}` : channelId;
    if (out.channel?.is_archived)
      return {
        status: 'fail',
        summary: `${name} (${what.variable}) is archived.`,
        fix: `Unarchive it or point ${what.variable} at another channel.`,
      };
    if (out.channel?.is_member === true)
      return { status: 'ok', summary: `The bot is a member of ${name} (${what.variable}).` };
    if (out.channel?.is_member === false)
      return {
        status: 'fail',
        summary: `The bot is not a member of ${name} (${what.variable}), so ${what.purpose} will fail.`,
        fix: `In ${name}, type /invite @cant-login (or open the channel's details > Integrations > Add apps).`,
      };
    return {
      status: 'warn',
      summary: `Slack did not say whether the bot is a member of ${name}.`,
      fix: `Make sure the bot was invited to ${name}: /invite @cant-login.`,
    };
  } catch (error) {
    const code = slackErrorCode(error);
    switch (code) {
      case 'channel_not_found':
        return {
          status: 'fail',
          summary: `${what.variable} is ${channelId}, which the bot cannot see: it does not exist, or it is a private channel the bot was not invited to.`,
          fix: `Copy the id from the channel's details (the bottom of the About tab) and invite the bot: /invite @cant-login.`,
        };
      case 'missing_scope':
        return {
          status: 'warn',
          summary: `Could not check the bot's membership of ${channelId}: the token lacks ${neededScope(error) ?? 'channels:read / groups:read'}.`,
          fix: 'Add channels:read and groups:read (manifest.yml lists them) and reinstall the app; meanwhile make sure the bot was invited: /invite @cant-login.',
        };
      default:
        return {
          status: 'warn',
          summary: `Could not check the bot's membership of ${channelId} (conversations.info answered ${code}).`,
          fix: `Make sure the bot was invited to the channel (/invite @cant-login) and run the doctor again.`,
        };
    }
  }
}
