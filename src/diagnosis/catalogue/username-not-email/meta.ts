import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'username-not-email',
  section: 'B',
  severity: 'blocking',
  audience: ['idp-admin'],
  needsUser: true,
  evidence:
    'the store is fed by an external IdP and `UserName` is not an RFC 2822 address, while the NameID format must be email',
  fix: {
    text: 'fix the username mapping',
  },
  consolePath: 'IAM Identity Center > Settings > Identity source',
  apiAction: 'identitystore:UpdateUser',
  remedy:
    "Map an RFC 2822 address (the user's email or an email-form UPN) to SCIM userName in the IdP, and send that same value as the NameID in emailAddress format; then let the IdP re-sync the user.",
  outranks: [
    {
      cause: 'username-mismatch',
      scope: 'always',
      why: 'a user name that is not an address can never equal the email the IdP sends',
    },
  ],
};
