import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'symptom-access-denied-in-account',
  section: 'E',
  severity: 'warning',
  audience: ['admin'],
  needsUser: false,
  evidence: 'signed in to the account, but actions are denied',
  fix: {
    text: "the permission set's policies and provisioning; service control policies and permissions boundaries",
  },
  consolePath:
    'IAM Identity Center > Multi-account permissions > Permission sets > {permissionSet} > Permissions',
  apiAction: 'sso:ProvisionPermissionSet',
  remedy:
    "Check the permission set's policies (empty or Deny-only), whether it is outdated in that account (re-provision), and service control policies or permissions boundaries that deny the action.",
  outranks: [],
  pointsTo: ['permission-set-empty', 'permission-set-deny-only', 'permission-set-outdated'],
};
