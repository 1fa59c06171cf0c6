import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'user-disabled',
  section: 'B',
  severity: 'blocking',
  audience: ['admin', 'idp-admin'],
  needsUser: true,
  evidence: '`UserStatus` is `DISABLED`',
  fix: {
    text: 're-enable in the console, or set active in the IdP (no public API to enable)',
  },
  consolePath: 'IAM Identity Center > Users > {user}',
  apiAction: 'identitystore:DescribeUser',
  remedy:
    'Enable the user in the console (Users > user > Enable user access). There is no public API to enable a user.',
  outranks: [
    {
      cause: '*',
      scope: 'everything-needing-user',
      why: 'a disabled user cannot sign in, whatever else is in order',
    },
  ],
};
