import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'user-not-found',
  section: 'B',
  severity: 'blocking',
  audience: ['admin', 'idp-admin'],
  needsUser: false,
  evidence:
    "no Identity Store user whose `userName` or `emails.value` equals the requester's identifier (try both, as given and lower-cased, then a match ignoring letter case where the bot can afford it, e.g. from the inventory; a user found only ignoring case is that user, not a missing one; say which values were tried). No just-in-time creation exists, so a SAML sign-in of a user that was never provisioned always fails. If the store is fed by SCIM (users carry `ExternalIds`), the likely cause is provisioning that has not run or failed for this person",
  fix: {
    text: 'provision the user (manually, or assign them to the Identity Center app in the IdP)',
  },
  consolePath: 'IAM Identity Center > Users',
  apiAction: 'identitystore:CreateUser',
  remedy:
    'Identity Center never creates users at sign-in (no just-in-time provisioning). With an external IdP, assign the person to the IAM Identity Center application there and check its provisioning log for errors; otherwise add the user in Users > Add user, with the username they sign in with.',
  outranks: [
    {
      cause: '*',
      scope: 'everything-needing-user',
      why: 'with no user record there is nothing to sign in as or assign',
    },
  ],
};
