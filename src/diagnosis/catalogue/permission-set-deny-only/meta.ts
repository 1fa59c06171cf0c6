import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'permission-set-deny-only',
  section: 'C',
  severity: 'blocking',
  audience: ['admin'],
  needsUser: true,
  evidence: 'the only policy content is Deny statements',
  fix: {
    text: 'add Allow statements',
  },
  consolePath:
    'IAM Identity Center > Multi-account permissions > Permission sets > {permissionSet} > Permissions',
  apiAction: 'sso:PutInlinePolicyToPermissionSet',
  remedy:
    'Add Allow statements (or attach a managed policy that allows what the role is for), then re-provision the permission set to its accounts.',
  outranks: [],
};
