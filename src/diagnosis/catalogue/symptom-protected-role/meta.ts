import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'symptom-protected-role',
  section: 'E',
  severity: 'warning',
  audience: ['admin'],
  needsUser: false,
  evidence: '"Cannot perform the operation on the protected role \'AWSReservedSSO_…\'" (admin)',
  fix: {
    text: 'edit the permission set in Identity Center and re-provision',
  },
  consolePath: 'IAM Identity Center > Multi-account permissions > Permission sets > {permissionSet}',
  apiAction: 'sso:ProvisionPermissionSet',
  remedy:
    'AWSReservedSSO_* roles can only be changed through their permission set: edit the permission set in Identity Center, then re-provision it to the accounts.',
  outranks: [],
  pointsTo: ['permission-set-outdated'],
};
