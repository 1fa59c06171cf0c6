import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'permission-set-outdated',
  section: 'C',
  severity: 'blocking',
  audience: ['admin'],
  needsUser: true,
  evidence:
    'P is provisioned to A but listed under `LATEST_PERMISSION_SET_NOT_PROVISIONED`: edits were never pushed',
  fix: {
    approve: ['provision-permission-set'],
  },
  consolePath: 'IAM Identity Center > Multi-account permissions > AWS accounts > {account} > Permission sets',
  apiAction: 'sso:ProvisionPermissionSet',
  remedy:
    'Re-provision the permission set to the account (approve the proposed fix, or Permission sets > the set > Update in accounts).',
  outranks: [],
};
