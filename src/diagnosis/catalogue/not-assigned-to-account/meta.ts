import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'not-assigned-to-account',
  section: 'C',
  severity: 'blocking',
  audience: ['admin'],
  needsUser: true,
  evidence:
    'the user named an account (id or name) and has no assignment there; say which of their groups, or which other groups, do have access there',
  fix: {
    approve: ['grant-account-access', 'add-to-group'],
  },
  consolePath:
    'IAM Identity Center > Multi-account permissions > AWS accounts > {account} > Assign users or groups',
  apiAction: 'sso:CreateAccountAssignment',
  remedy:
    'Assign the account with the right permission set to one of their groups (preferred) or to the user.',
  outranks: [],
};
