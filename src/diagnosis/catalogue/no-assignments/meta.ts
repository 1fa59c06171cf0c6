import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'no-assignments',
  section: 'C',
  severity: 'blocking',
  audience: ['admin'],
  needsUser: true,
  evidence:
    'no account assignment for the user, directly or through any group they belong to (query the user and each group, then de-duplicate). The portal shows no accounts. The most common cause of all',
  fix: {
    approve: ['grant-account-access'],
  },
  consolePath:
    'IAM Identity Center > Multi-account permissions > AWS accounts > {account} > Assign users or groups',
  apiAction: 'sso:CreateAccountAssignment',
  remedy:
    'Assign an account and permission set to one of their groups (preferred) or to the user; approving the proposed grant-account-access fix lets you pick them.',
  outranks: [],
};
