import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'symptom-abac-enable-failed',
  section: 'E',
  severity: 'warning',
  audience: ['admin'],
  needsUser: false,
  evidence: '"Attributes for access control failed to enable" (admin)',
  fix: {
    text: 'the administrator lacks `iam:UpdateAssumeRolePolicy`',
  },
  consolePath: 'IAM Identity Center > Settings > Attributes for access control',
  apiAction: 'iam:UpdateAssumeRolePolicy',
  remedy:
    'The administrator enabling attributes for access control needs iam:UpdateAssumeRolePolicy; grant it and enable again.',
  outranks: [],
  pointsTo: [],
};
