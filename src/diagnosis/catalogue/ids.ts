/** Every cause id, in catalogue order (the last tie-break when choosing the primary cause). The ids are
 * a public contract (CLI JSON, tickets, logs, metrics): never rename one; add new ones. Kept as a
 * literal list so `CauseId` stays a union type; a test checks it against the folders beside it. */
export const CAUSE_ID_LIST = [
  // A. Setup
  'instance-not-found',
  'bot-permission-missing',
  // B. The user record
  'user-not-found',
  'user-disabled',
  'username-mismatch',
  'username-not-email',
  'user-attributes-incomplete',
  'scim-sync-errors',
  'principal-recreated',
  'ad-primary-group',
  // C. Access after sign-in
  'no-assignments',
  'not-assigned-to-account',
  'permission-set-not-provisioned',
  'permission-set-outdated',
  'provisioning-in-progress',
  'provisioning-failed',
  'account-not-active',
  'permission-set-empty',
  'permission-set-deny-only',
  'application-not-assigned',
  'management-account-restricted',
  // D. Sign-in evidence
  'password-failures',
  'mfa-code-failures',
  'mfa-registration-required',
  'external-idp-login-failed',
  'signin-works',
  // E. Symptoms known only from what the person reports
  'symptom-request-not-completed',
  'symptom-no-accounts',
  'symptom-redirect-loop',
  'symptom-mfa-not-verified',
  'symptom-invalid-mfa-credentials',
  'symptom-unexpected-error',
  'symptom-not-you-its-us',
  'symptom-browser-not-supported',
  'symptom-upn-sign-in',
  'symptom-password-reset-failed',
  'symptom-no-emails',
  'symptom-access-denied-in-account',
  'symptom-protected-role',
  'symptom-delegated-admin',
  'symptom-abac-enable-failed',
  'symptom-cloud-app',
] as const;

export type CauseId = (typeof CAUSE_ID_LIST)[number];
export type SymptomId = Extract<CauseId, `symptom-${string}`>;

/** The fixes the bot may carry out after approval (the `fix` of a `FixProposal`). */
export const FIX_ID_LIST = [
  'provision-permission-set',
  'repoint-assignments',
  'grant-account-access',
  'add-to-group',
] as const;
