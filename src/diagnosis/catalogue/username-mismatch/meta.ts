import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'username-mismatch',
  section: 'B',
  severity: 'blocking',
  audience: ['admin', 'idp-admin'],
  needsUser: true,
  evidence:
    "only when the store is fed by an external IdP (the user carries `ExternalIds`, or their sign-ins come through `ExternalIdPDirectoryLogin`): the user's `UserName`, however the user was found (by `userName` or by `emails.value`; the API's case handling is unverified), is not exactly equal to the identifier the IdP sends (the person's email), a difference of letter case included. The SAML NameID must equal the username exactly. With Identity Center's own directory or AD the person types their user name, so there is no mismatch to find",
  fix: {
    text: 'make the NameID / mapping and the username agree',
  },
  consolePath: 'IAM Identity Center > Users > {user}',
  apiAction: 'identitystore:UpdateUser',
  remedy:
    'Make the IdP send, as SCIM userName and as SAML NameID, the same value (usually the email): fix the attribute mapping in the IdP and let it re-sync the user.',
  outranks: [],
};
