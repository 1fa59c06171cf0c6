import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'ad-primary-group',
  section: 'B',
  severity: 'blocking',
  audience: ['admin'],
  needsUser: true,
  evidence:
    'the access the user expects comes through an AD group that is a primary group (e.g. "Domain Users"), whose members Identity Center never sees',
  fix: {
    text: 'assign through a non-primary group',
  },
  consolePath:
    'IAM Identity Center > Multi-account permissions > AWS accounts > {account} > Users and groups',
  apiAction: 'sso:CreateAccountAssignment',
  remedy:
    'Identity Center never sees the members of AD primary groups (Domain Users by default). Assign these accounts to an ordinary AD group that contains the user, and sync that group.',
  outranks: [],
};
