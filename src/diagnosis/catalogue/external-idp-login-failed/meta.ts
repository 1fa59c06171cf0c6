import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'external-idp-login-failed',
  section: 'D',
  severity: 'blocking',
  audience: ['idp-admin'],
  needsUser: true,
  evidence:
    "recent `ExternalIdPDirectoryLogin` failures tied to this user (by user id or user name in the event); failures that name no user are counted for the whole instance and reported as context (a spike of SAML failures right now), never as this person's proven cause; explain the error message and walk the SAML checklist (NameID format email, NameID equals username exactly, ACS URL equal to the instance's, one unencrypted assertion, ABAC attribute rules, IdP certificate, clock)",
  fix: {
    text: 'per message',
  },
  consolePath: 'IAM Identity Center > Settings > Identity source',
  apiAction: 'cloudtrail:LookupEvents',
  remedy:
    "Read the error messages, then walk the SAML checklist in the IdP's Identity Center application and in Settings > Identity source; a user missing from the store also fails here (no just-in-time creation).",
  outranks: [],
};
