import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'user-attributes-incomplete',
  section: 'B',
  severity: 'warning',
  audience: ['idp-admin'],
  needsUser: true,
  evidence: 'given name, family name or display name is empty: SCIM updates for this user are rejected',
  fix: {
    text: 'fill the attributes and the provisioning mapping',
  },
  consolePath: 'IAM Identity Center > Users > {user}',
  apiAction: 'identitystore:UpdateUser',
  remedy:
    'Fill given name, family name and display name for this user in the IdP, and make its SCIM mapping send non-empty values for all three.',
  outranks: [],
};
