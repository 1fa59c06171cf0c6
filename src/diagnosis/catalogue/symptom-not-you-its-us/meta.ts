import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'symptom-not-you-its-us',
  section: 'E',
  severity: 'warning',
  audience: ['admin', 'idp-admin'],
  needsUser: false,
  evidence: '"It\'s not you, it is us"',
  fix: {
    text: 'the IdP certificate, the NameID format, an expired AD Connector service account, clock',
  },
  consolePath: 'IAM Identity Center > Settings > Identity source',
  remedy:
    "Check the IdP certificate in Settings > Identity source (current and not expired), that the IdP metadata's NameID format is emailAddress, whether an AD Connector service account password has expired, and clock (NTP) sync.",
  outranks: [],
  pointsTo: ['external-idp-login-failed', 'username-not-email'],
};
