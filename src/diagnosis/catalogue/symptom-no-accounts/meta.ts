import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'symptom-no-accounts',
  section: 'E',
  severity: 'warning',
  audience: ['admin'],
  needsUser: false,
  evidence: '"No accounts available" / the account is missing',
  fix: {
    text: "the access causes of section C: assignments, provisioning, the account's state",
  },
  consolePath: 'IAM Identity Center > Users > {user} > AWS accounts',
  apiAction: 'sso:ListAccountAssignmentsForPrincipal',
  remedy:
    "Check the user's assignments (direct and via groups), the permission set's provisioning status in that account, recent failed or running provisioning, and whether the account is active.",
  outranks: [],
  pointsTo: [
    'no-assignments',
    'not-assigned-to-account',
    'permission-set-not-provisioned',
    'permission-set-outdated',
    'provisioning-in-progress',
    'provisioning-failed',
    'account-not-active',
    'principal-recreated',
    'ad-primary-group',
  ],
};
