import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'symptom-mfa-not-verified',
  section: 'E',
  severity: 'warning',
  audience: ['user'],
  needsUser: false,
  evidence: '"Your MFA device could not be verified"',
  fix: {
    text: "the authenticator's clock, or no registered device",
  },
  consolePath: 'IAM Identity Center > Users > {user} > MFA devices',
  remedy:
    "Usually TOTP clock drift on the user's device, or no registered device. If a device is broken or lost, delete it in the console so the user can register a new one.",
  outranks: [],
  pointsTo: ['mfa-code-failures', 'mfa-registration-required'],
};
