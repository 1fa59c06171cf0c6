import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'permission-set-not-provisioned',
  section: 'C',
  severity: 'blocking',
  audience: ['admin'],
  needsUser: true,
  evidence:
    'an assignment to account A with permission set P exists, but P is not provisioned to A. (Creating an assignment provisions automatically, so this state usually follows a creation that failed or is still running, or a permission set removed from the account; the seed that says assignment alone never provisions is wrong on that point)',
  fix: {
    approve: ['provision-permission-set'],
  },
  consolePath: 'IAM Identity Center > Multi-account permissions > AWS accounts > {account} > Permission sets',
  apiAction: 'sso:ProvisionPermissionSet',
  remedy:
    'Provision the permission set to the account (approve the proposed fix). If a recent provisioning failed, remove its cause first.',
  outranks: [],
};
