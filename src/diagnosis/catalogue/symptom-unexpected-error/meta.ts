import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'symptom-unexpected-error',
  section: 'E',
  severity: 'warning',
  audience: ['admin', 'idp-admin'],
  needsUser: false,
  evidence: '"An unexpected error has occurred"',
  fix: {
    text: 'the SAML checklist, a disabled user, or an authenticator clock',
  },
  consolePath: 'IAM Identity Center > Settings > Identity source',
  apiAction: 'cloudtrail:LookupEvents',
  remedy:
    "Walk the SAML checklist, check that the user is enabled, and, if it happened while entering an authenticator code, the device's clock.",
  outranks: [],
  pointsTo: ['external-idp-login-failed', 'username-mismatch', 'user-disabled', 'mfa-code-failures'],
};
