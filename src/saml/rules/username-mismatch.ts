import type { SamlRule } from '../types';
import { IDP_APP } from './text';

/** The NameID must equal the user name exactly, letter case included. */
export const usernameMismatch: SamlRule = {
  id: 'saml-username-mismatch',
  title: 'Does the NameID equal the user name exactly?',
  run({ response, user }) {
    const nameId = response.assertion?.nameId;
    if (nameId === null || nameId === undefined || nameId === '')
      return { status: 'not-checked', reason: 'no NameID to compare' };
    if (user.status !== 'found')
      return { status: 'not-checked', reason: 'no Identity Center user to compare the NameID with' };
    const userName = user.user.userName;
    if (userName === nameId) return { status: 'ok' };
    const how =
      userName !== null && userName.toLowerCase() === nameId.toLowerCase()
        ? 'they differ only in letter case, and the match is exact'
        : user.foundBy === 'emails.value'
          ? 'the NameID matches the user only by email address, and the match is on user name'
          : 'the match is on user name, exactly';
    return {
      status: 'problem',
      severity: 'blocking',
      summary: `The NameID is "${nameId}" but the Identity Center user name is "${userName ?? '(none)'}": ${how}.`,
      fix: user.user.externallyProvisioned
        ? `The user is provisioned by the IdP (SCIM), so mend it there: in ${IDP_APP}, send as NameID the same attribute SCIM sends as userName ("${userName}", letter case included), or change the SCIM userName mapping so provisioning renames the user to "${nameId}".`
        : `In ${IDP_APP}, map the NameID to the attribute that holds "${userName}" (letter case included), or rename Identity Center user ${user.user.userId} to "${nameId}".`,
    };
  },
};
