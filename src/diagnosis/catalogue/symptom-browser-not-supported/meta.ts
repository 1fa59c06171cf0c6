import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'symptom-browser-not-supported',
  section: 'E',
  severity: 'warning',
  audience: ['user'],
  needsUser: false,
  evidence: '"Browser not supported" when registering MFA',
  fix: {
    text: 'WebAuthn support of the browser and platform; an authenticator app works everywhere',
  },
  consolePath: 'IAM Identity Center > Settings > Authentication > Multi-factor authentication',
  remedy:
    'WebAuthn support varies by browser and platform: the user can register from a current Chrome, Firefox, Edge or Safari, or use an authenticator app instead.',
  outranks: [],
  pointsTo: [],
};
