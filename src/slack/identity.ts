import type { webApi } from '@slack/bolt';

/** How a Slack user maps to the identifier the diagnosis looks up (an email or an Identity Center user name). */
export interface IdentityOptions {
  /** `from=to`: an email at `from` is looked up at `to` (e.g. Slack uses corp.example.com, AWS example.com). */
  emailDomainRewrite?: string;
  /** Read the identifier from this profile field instead of the email: a standard field (`display_name`)
   * or a custom field id (`Xf0123ABCD`) as users.info returns it under `profile.fields`. */
  profileField?: string;
}

/** Who a Slack user is for the diagnosis, or why the bot cannot tell. */
export type SlackIdentity =
  | { kind: 'found'; identifier: string; name: string; source: string }
  | { kind: 'no-identifier'; name: string; tried: string[] }
  | { kind: 'unknown-user'; slackUserId: string };

interface ProfileLike {
  email?: string;
  display_name?: string;
  real_name?: string;
  fields?: Record<string, { value?: string } | undefined> | null;
  [key: string]: unknown;
}

export function rewriteDomain(email: string, rewrite: string | undefined): string {
  if (!rewrite) return email;
  const [from, to] = rewrite.split('=');
  if (!from || !to) return email;
  const at = email.lastIndexOf('@');
  if (at < 0 || email.slice(at + 1).toLowerCase() !== from.toLowerCase()) return email;
  return `${email.slice(0, at + 1)}${to}`;
}

/** Slack user → email (users.info) → the identifier for Identity Center, per the options. */
export async function identifySlackUser(
  client: webApi.WebClient,
  slackUserId: string,
  options: IdentityOptions,
): Promise<SlackIdentity> {
  let user:
    | { deleted?: boolean; is_bot?: boolean; name?: string; real_name?: string; profile?: ProfileLike }
    | undefined;
  try {
    const out = await client.users.info({ user: slackUserId });
    user = out.user as typeof user;
  } catch (error) {
    if ((error as { data?: { error?: string } }).data?.error === 'user_not_found')
      return { kind: 'unknown-user', slackUserId };
    throw error;
  }
  if (!user || user.deleted) return { kind: 'unknown-user', slackUserId };
  const name = user.real_name || user.profile?.real_name || user.name || slackUserId;
  const tried: string[] = [];
  if (options.profileField) {
    tried.push(`the Slack profile field ${options.profileField}`);
    const profile = user.profile ?? {};
    const standard = profile[options.profileField];
    const custom = profile.fields?.[options.profileField]?.value;
    const value = (typeof standard === 'string' ? standard : undefined) ?? custom;
    if (value?.trim())
      return {
        kind: 'found',
        identifier: value.trim(),
        name,
        source: `profile field ${options.profileField}`,
      };
  }
  tried.push('the email address on the Slack profile');
  const email = user.profile?.email?.trim();
  if (email) {
    return {
      kind: 'found',
      identifier: rewriteDomain(email, options.emailDomainRewrite),
      name,
      source: 'Slack email',
    };
  }
  return { kind: 'no-identifier', name, tried };
}
