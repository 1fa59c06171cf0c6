import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'mfa-registration-required',
  section: 'D',
  severity: 'blocking',
  audience: ['user'],
  needsUser: true,
  evidence:
    'an MFA challenge or enrollment step (`CredentialChallenge` for an MFA factor, `DeviceEnrollmentRequired`) with no completed sign-in after it, and no failed code verification in the window (failed codes are `mfa-code-failures`, which outranks this unconditionally: rejected codes prove a device exists, whatever prompt came later)',
  fix: {
    text: 'register an authenticator app or security key',
  },
  consolePath: 'IAM Identity Center > Settings > Authentication > Multi-factor authentication',
  apiAction: 'cloudtrail:LookupEvents',
  remedy:
    'The user must register an authenticator app or security key at sign-in. If registration should not be required, or a method is disabled, review the MFA settings.',
  outranks: [],
};
