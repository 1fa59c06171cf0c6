import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'symptom-upn-sign-in',
  section: 'E',
  severity: 'warning',
  audience: ['user'],
  needsUser: false,
  evidence: "AD user can't sign in with user@domain",
  fix: {
    text: 'with AD and context-aware or always-on MFA, sign in as DOMAIN\\user',
  },
  consolePath: 'IAM Identity Center > Settings > Authentication > Multi-factor authentication',
  remedy:
    'With an AD identity source and MFA set to context-aware or always-on, users must sign in with the down-level logon name DOMAIN\\user.',
  outranks: [],
  pointsTo: ['password-failures'],
};
