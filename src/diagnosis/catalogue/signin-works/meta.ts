import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'signin-works',
  section: 'D',
  severity: 'info',
  audience: ['user'],
  needsUser: true,
  evidence:
    'a recent successful `UserAuthentication` for this user: sign-in is fine, so the problem is after sign-in (section C) or in the browser',
  fix: {
    text: 'narrows the search; not a cause on its own',
  },
  consolePath: 'IAM Identity Center > Users > {user} > AWS accounts',
  apiAction: 'cloudtrail:LookupEvents',
  remedy:
    'Sign-in works, so look after sign-in: assignments, provisioning and permission set content, or the browser.',
  outranks: [],
};
