import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'management-account-restricted',
  section: 'C',
  severity: 'warning',
  audience: ['admin'],
  needsUser: true,
  evidence:
    'the fix targets the management account while the bot runs as delegated administrator, which may not touch permission sets provisioned there',
  fix: {
    text: 'do it from the management account',
  },
  consolePath:
    'IAM Identity Center (signed in to the management account) > Multi-account permissions > AWS accounts',
  apiAction: 'sso:ProvisionPermissionSet',
  remedy:
    'Make the change from the management account: a delegated administrator cannot manage permission sets provisioned there, so the bot will not attempt it.',
  outranks: [],
};
