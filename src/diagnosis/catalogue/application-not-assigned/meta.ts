import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'application-not-assigned',
  section: 'C',
  severity: 'blocking',
  audience: ['admin'],
  needsUser: true,
  evidence: 'the user named an application and has no assignment to it (directly or through a group)',
  fix: {
    text: 'assign the application',
  },
  consolePath: 'IAM Identity Center > Applications > {application} > Assigned users and groups',
  apiAction: 'sso:CreateApplicationAssignment',
  remedy: 'Assign the user, or a group they belong to, to the application.',
  outranks: [],
};
