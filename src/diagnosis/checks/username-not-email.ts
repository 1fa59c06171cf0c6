import type { Check } from '../check';

/** An address as the SAML email NameID format wants it, checked simply: one `@`, something before
 * it, a dot inside the domain, and no white space. */
export function looksLikeEmailAddress(value: string): boolean {
  return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(value);
}

/** username-not-email: a user fed by an external IdP has a user name the email NameID can never equal. */
export const usernameNotEmailCheck: Check = {
  id: 'username-not-email',
  title: 'Is the user name of an IdP-fed user an email address?',
  needs: ['user-not-found'],
  async run({ facts, finding }) {
    const user = await facts.user();
    // Identity Center's own directory and AD sign in by user name: any user name works there.
    if ((user.ExternalIds?.length ?? 0) === 0) return { skip: 'the user is not fed by an external IdP' };
    const userName = user.UserName ?? '';
    if (looksLikeEmailAddress(userName)) return [];
    return [finding('username-not-email', { evidence: { userName }, fix: null })];
  },
};
