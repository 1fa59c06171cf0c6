import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'symptom-no-emails',
  section: 'E',
  severity: 'warning',
  audience: ['user', 'admin'],
  needsUser: false,
  evidence: 'invitation / verification emails never arrive',
  fix: {
    text: 'allow `no-reply@signin.aws` and `no-reply@login.awsapps.com`',
  },
  consolePath: 'IAM Identity Center > Users > {user}',
  remedy:
    'Allow both senders, no-reply@signin.aws and no-reply@login.awsapps.com, in the mail gateway and spam filters, then send the email again.',
  outranks: [],
  pointsTo: [],
};
