import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'symptom-invalid-mfa-credentials',
  section: 'E',
  severity: 'warning',
  audience: ['admin', 'idp-admin'],
  needsUser: false,
  evidence: '"Invalid MFA credentials" with an external IdP',
  fix: {
    text: "a user not provisioned yet; MFA itself is the IdP's job then",
  },
  consolePath: 'IAM Identity Center > Users',
  apiAction: 'identitystore:ListUsers',
  remedy:
    "Confirm the user exists in Identity Center; if not, check the IdP's provisioning (SCIM) log and that the user is assigned to the IAM Identity Center application. MFA is the IdP's job in this setup.",
  outranks: [],
  pointsTo: ['user-not-found'],
};
