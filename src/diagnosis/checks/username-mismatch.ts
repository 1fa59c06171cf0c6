import type { Check } from '../check';
import { inWindow } from '../facts/signin-events';
import { looksLikeEmailAddress } from './username-not-email';

/**
 * username-mismatch: the user name equals, letter for letter, the email the IdP sends as NameID.
 * Only with an external IdP (the user carries ExternalIds, or their sign-ins come through
 * ExternalIdPDirectoryLogin): with Identity Center's own directory or AD the person types their user
 * name, so there is nothing to mismatch. The identifier the person gave is taken as the email the IdP
 * sends (it comes from their Slack profile or is typed by an admin from the IdP). The user may have
 * been found by email or by a case-insensitive lookup, so being found proves nothing; only an exact
 * comparison with UserName does.
 */
export const usernameMismatchCheck: Check = {
  id: 'username-mismatch',
  title: "Does the user name equal the person's email exactly, letter case included?",
  needs: ['user-not-found'],
  async run({ facts, finding }) {
    const [lookup, user, expected] = await Promise.all([facts.userLookup(), facts.user(), facts.email()]);
    if (!(await signsInThroughIdp(facts, (user.ExternalIds?.length ?? 0) > 0)))
      return { skip: 'the user signs in with their user name (no external IdP)' };
    if (!expected) return { skip: "the person's email is not known" };
    const userName = user.UserName ?? '';
    // A user name that is no address at all is username-not-email's case (or fine in a directory
    // that signs in by user name); comparing it with an email would only repeat that.
    if (!looksLikeEmailAddress(userName)) return { skip: 'the user name is not an email address' };
    if (userName === expected) return [];
    return [
      finding('username-mismatch', {
        evidence: {
          userName,
          expected,
          foundBy: lookup.foundBy,
          differsOnlyInCase: userName.toLowerCase() === expected.toLowerCase(),
        },
        fix: null,
      }),
    ];
  },
};

/** Whether the person signs in through an external IdP: their user is fed by it (ExternalIds), or
 * their recent sign-ins came through it. The events are read only when the record does not say. */
async function signsInThroughIdp(
  facts: Parameters<Check['run']>[0]['facts'],
  externallyManaged: boolean,
): Promise<boolean> {
  if (externallyManaged) return true;
  const read = await facts.signInEvents();
  return inWindow(read.events, facts).some((e) => e.name === 'ExternalIdPDirectoryLogin');
}
