import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'symptom-password-reset-failed',
  section: 'E',
  severity: 'warning',
  audience: ['user', 'admin'],
  needsUser: false,
  evidence: '"We couldn\'t update your password"',
  fix: {
    text: 'the password policy; unusual or very long user names; AWS Support for InternalFailure',
  },
  consolePath: 'IAM Identity Center > Users > {user} > Reset password',
  apiAction: 'cloudtrail:LookupEvents',
  remedy:
    'The new password must meet the password policy. Look up the failed reset in CloudTrail: InternalFailure ("An unknown error occurred") needs AWS Support; very long user names or special characters can also break resets (try the same with a test user).',
  outranks: [],
  pointsTo: [],
};
