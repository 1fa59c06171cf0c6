import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'permission-set-empty',
  section: 'C',
  severity: 'blocking',
  audience: ['admin'],
  needsUser: true,
  evidence:
    'the permission set has no inline policy, no AWS managed policy and no customer managed policy reference: the user gets in and can do nothing',
  fix: {
    text: 'add policies, then re-provision',
  },
  consolePath:
    'IAM Identity Center > Multi-account permissions > Permission sets > {permissionSet} > Permissions',
  apiAction: 'sso:AttachManagedPolicyToPermissionSet',
  remedy:
    'Attach the policies the role needs (managed, customer managed or inline), then re-provision the permission set to its accounts.',
  outranks: [],
};
