import { slackErrorCode } from '../slack-errors';
import type { DoctorCheck } from '../types';

/** The bot token scopes the app uses (kept in step with manifest.yml by a test). */
export const REQUIRED_SCOPES = [
  'commands',
  'chat:write',
  'im:write',
  'users:read',
  'users:read.email',
  'usergroups:read',
  'files:read',
] as const;

/** Only the doctor uses these: they let it see whether the bot is in the admin and notify channels. */
export const DOCTOR_SCOPES = ['channels:read', 'groups:read'] as const;

/** Is the bot token valid, and does it carry every scope the app calls with? */
export const slackToken: DoctorCheck = {
  id: 'slack-token',
  title: 'Is the Slack bot token valid, with every scope the bot needs?',
  cheap: true,
  async run({ slack }) {
    if (!slack) {
      return {
        status: 'warn',
        summary: 'No Slack bot token is configured, so nothing on the Slack side was checked.',
        fix: 'Set SLACK_BOT_TOKEN (xoxb-…) or SLACK_SECRET_ARN and run the doctor again.',
      };
    }
    let out: Awaited<ReturnType<typeof slack.auth.test>>;
    try {
      out = await slack.auth.test();
    } catch (error) {
      const code = slackErrorCode(error);
      return {
        status: 'fail',
        summary: `Slack refused the bot token (auth.test answered ${code}).`,
        fix:
          code === 'invalid_auth' || code === 'not_authed' || code === 'token_revoked'
            ? "Copy the Bot User OAuth Token (xoxb-…) from the Slack app's OAuth & Permissions page again; reinstall the app if it was revoked."
            : 'Check that the bot can reach slack.com (proxy, firewall), then run the doctor again.',
      };
    }
    const who = `${out.user ?? out.user_id ?? 'the bot'} in ${out.team ?? out.team_id ?? 'the workspace'}`;
    const scopes = out.response_metadata?.scopes;
    if (!scopes) {
      return {
        status: 'warn',
        summary: `The token works (${who}), but Slack did not say which scopes it has.`,
        fix: `Check on the OAuth & Permissions page that the bot has ${REQUIRED_SCOPES.join(', ')}.`,
      };
    }
    const missing = REQUIRED_SCOPES.filter((s) => !scopes.includes(s));
    if (missing.length > 0) {
      return {
        status: 'fail',
        summary: `The token works (${who}) but lacks ${missing.join(', ')}.`,
        fix: `Add ${missing.join(', ')} under OAuth & Permissions > Bot Token Scopes (or update the app from manifest.yml), then reinstall the app to the workspace.`,
        details: missing.map((s) => `missing scope ${s}`),
      };
    }
    const doctorMissing = DOCTOR_SCOPES.filter((s) => !scopes.includes(s));
    if (doctorMissing.length > 0) {
      return {
        status: 'warn',
        summary: `The token works (${who}) with every scope the bot needs, but without ${doctorMissing.join(', ')} the doctor cannot see channel membership.`,
        fix: `Add ${doctorMissing.join(', ')} (manifest.yml lists them) and reinstall the app.`,
      };
    }
    return { status: 'ok', summary: `The token works (${who}) and has every scope the bot needs.` };
  },
};
