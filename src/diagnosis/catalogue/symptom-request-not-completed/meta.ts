import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'symptom-request-not-completed',
  section: 'E',
  severity: 'warning',
  audience: ['admin'],
  needsUser: false,
  evidence: '"Your request could not be completed. Please try again later."',
  fix: {
    text: 'make sure the user exists and has at least one assignment; retrying does not help',
  },
  consolePath: 'IAM Identity Center > Users > {user} > AWS accounts',
  apiAction: 'sso:ListAccountAssignmentsForPrincipal',
  remedy:
    'Check that the user exists and has at least one assignment (directly or via a group). Retrying does not help.',
  outranks: [],
  pointsTo: ['no-assignments', 'user-not-found'],
};
