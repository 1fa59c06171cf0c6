import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'principal-recreated',
  section: 'B',
  severity: 'blocking',
  audience: ['admin'],
  needsUser: true,
  evidence:
    "assignments point at a principal id that no longer exists, and that id was last known under this user's user name (or the display name of one of their groups): the user or group was deleted and re-created by the IdP, got a new id, and the old assignments silently stopped working",
  fix: {
    approve: ['repoint-assignments'],
  },
  consolePath:
    'IAM Identity Center > Multi-account permissions > AWS accounts > {account} > Users and groups',
  apiAction: 'sso:CreateAccountAssignment',
  remedy:
    'For each stale assignment, assign the same account and permission set to the current principal and remove the assignment to the old id (the proposed repoint-assignments fix does exactly that).',
  outranks: [
    {
      cause: 'no-assignments',
      scope: 'always',
      why: 'the assignments exist, on the old id',
    },
    {
      cause: 'not-assigned-to-account',
      scope: 'always',
      why: 'the assignments exist, on the old id',
    },
  ],
};
