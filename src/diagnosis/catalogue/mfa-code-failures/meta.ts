import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'mfa-code-failures',
  section: 'D',
  severity: 'blocking',
  audience: ['user'],
  needsUser: true,
  evidence:
    "recent `CredentialVerification` failures with credential type `TOTP`: nearly always the authenticator device's clock",
  fix: {
    text: 'set the device clock to automatic, retry',
  },
  consolePath: 'IAM Identity Center > Users > {user} > MFA devices',
  apiAction: 'cloudtrail:LookupEvents',
  remedy:
    "Nearly always the authenticator device's clock: the user should set it to automatic time. If it persists, delete the user's MFA device in the console so they can register again (there is no public API for MFA devices).",
  outranks: [
    {
      cause: 'mfa-registration-required',
      scope: 'always',
      why: 'rejected codes prove a device exists, even when a registration prompt came after them',
    },
  ],
};
