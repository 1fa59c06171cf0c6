import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'symptom-delegated-admin',
  section: 'E',
  severity: 'warning',
  audience: ['admin'],
  needsUser: false,
  evidence:
    '"You can\'t delete/modify/remove/assign access to permission sets provisioned in the management account" (admin)',
  fix: {
    text: 'do it from the management account',
  },
  consolePath:
    'IAM Identity Center (signed in to the management account) > Multi-account permissions > Permission sets',
  remedy:
    'Make the change from the management account; a delegated administrator cannot manage permission sets provisioned there.',
  outranks: [],
  pointsTo: ['management-account-restricted'],
};
