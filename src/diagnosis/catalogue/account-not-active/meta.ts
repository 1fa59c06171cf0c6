import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'account-not-active',
  section: 'C',
  severity: 'blocking',
  audience: ['admin'],
  needsUser: true,
  evidence:
    'an account the user is assigned to, or the account they named, is suspended, closed, pending closure, or no longer in the organisation (`State`, falling back to `Status`; `AccountNotFound`). Provisioning there fails without a clear error',
  fix: {
    text: 'restore the account or remove the assignment',
  },
  consolePath: 'AWS Organizations > AWS accounts > {account}',
  apiAction: 'organizations:DescribeAccount',
  remedy: 'Restore the account, or remove the assignment.',
  outranks: [
    {
      cause: '*',
      scope: 'same-account',
      why: 'nobody gets into a suspended or closed account',
    },
  ],
};
