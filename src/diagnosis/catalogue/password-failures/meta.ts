import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'password-failures',
  section: 'D',
  severity: 'blocking',
  audience: ['user'],
  needsUser: true,
  evidence:
    'recent `CredentialVerification` failures with credential type `PASSWORD` and no completed sign-in after them (failures followed by a successful `UserAuthentication` are history, not a cause; the same holds for `mfa-code-failures`)',
  fix: {
    text: 'reset the password (it must meet the password policy)',
  },
  consolePath: 'IAM Identity Center > Users > {user} > Reset password',
  apiAction: 'cloudtrail:LookupEvents',
  remedy:
    'The user should reset their password (Forgot password? on the sign-in page); an admin can also send a reset from the console. With an AD identity source, reset it in AD.',
  outranks: [],
};
