import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'symptom-redirect-loop',
  section: 'E',
  severity: 'warning',
  audience: ['user'],
  needsUser: false,
  evidence: 'the browser bounces between the IdP and the portal',
  fix: {
    text: 'cookies, third-party cookie blocking, a stale IdP session; then the ACS and start URLs',
  },
  consolePath: 'IAM Identity Center > Settings > Identity source',
  remedy:
    "Usually the browser: third-party cookies blocked, or a stale IdP session. If it loops in a private window too, compare the IdP's ACS URL and start URL with the instance's.",
  outranks: [],
  pointsTo: ['external-idp-login-failed'],
};
