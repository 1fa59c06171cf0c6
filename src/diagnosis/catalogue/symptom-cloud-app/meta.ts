import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'symptom-cloud-app',
  section: 'E',
  severity: 'warning',
  audience: ['admin'],
  needsUser: false,
  evidence: 'a SAML application will not accept the sign-in',
  fix: {
    text: "the application's own setup guide; the SAML checklist",
  },
  consolePath: 'IAM Identity Center > Applications > {application}',
  apiAction: 'sso:ListApplicationAssignmentsForPrincipal',
  remedy:
    "Follow the application's own setup guide (its Configuration tab), check the SAML checklist against the application, and confirm the user is assigned to it.",
  outranks: [],
  pointsTo: ['application-not-assigned', 'external-idp-login-failed'],
};
