/** The cause catalogue of docs/causes.md. Ids are a public contract (CLI JSON, tickets, logs, metrics):
 * never rename one; add new ones. Order here is the catalogue order used as the last tie-break. */

export type Severity = 'blocking' | 'warning' | 'info';
/** Who must act on a cause. */
export type Audience = 'user' | 'admin' | 'idp-admin' | 'wait';
/** A: setup, B: the user record, C: access after sign-in, D: sign-in evidence, E: reported symptoms. */
export type Section = 'A' | 'B' | 'C' | 'D' | 'E';

interface CauseSpec {
  severity: Severity;
  section: Section;
  audience: readonly Audience[];
}

const B = 'blocking';
const W = 'warning';
const I = 'info';

export const CAUSES = {
  // A. Setup
  'instance-not-found': { severity: B, section: 'A', audience: ['admin'] },
  'bot-permission-missing': { severity: W, section: 'A', audience: ['admin'] },
  // B. The user record
  'user-not-found': { severity: B, section: 'B', audience: ['admin', 'idp-admin'] },
  'user-disabled': { severity: B, section: 'B', audience: ['admin', 'idp-admin'] },
  'username-mismatch': { severity: B, section: 'B', audience: ['admin', 'idp-admin'] },
  'username-not-email': { severity: B, section: 'B', audience: ['idp-admin'] },
  'user-attributes-incomplete': { severity: W, section: 'B', audience: ['idp-admin'] },
  'scim-sync-errors': { severity: W, section: 'B', audience: ['idp-admin'] },
  'principal-recreated': { severity: B, section: 'B', audience: ['admin'] },
  'ad-primary-group': { severity: B, section: 'B', audience: ['admin'] },
  // C. Access after sign-in
  'no-assignments': { severity: B, section: 'C', audience: ['admin'] },
  'not-assigned-to-account': { severity: B, section: 'C', audience: ['admin'] },
  'permission-set-not-provisioned': { severity: B, section: 'C', audience: ['admin'] },
  'permission-set-outdated': { severity: B, section: 'C', audience: ['admin'] },
  'provisioning-in-progress': { severity: B, section: 'C', audience: ['wait'] },
  'provisioning-failed': { severity: B, section: 'C', audience: ['admin'] },
  'account-not-active': { severity: B, section: 'C', audience: ['admin'] },
  'permission-set-empty': { severity: B, section: 'C', audience: ['admin'] },
  'permission-set-deny-only': { severity: B, section: 'C', audience: ['admin'] },
  'application-not-assigned': { severity: B, section: 'C', audience: ['admin'] },
  'management-account-restricted': { severity: W, section: 'C', audience: ['admin'] },
  // D. Sign-in evidence
  'password-failures': { severity: B, section: 'D', audience: ['user'] },
  'mfa-code-failures': { severity: B, section: 'D', audience: ['user'] },
  'mfa-registration-required': { severity: B, section: 'D', audience: ['user'] },
  'external-idp-login-failed': { severity: B, section: 'D', audience: ['idp-admin'] },
  'signin-works': { severity: I, section: 'D', audience: ['user'] },
  // E. Symptoms known only from what the person reports
  'symptom-request-not-completed': { severity: W, section: 'E', audience: ['admin'] },
  'symptom-no-accounts': { severity: W, section: 'E', audience: ['admin'] },
  'symptom-redirect-loop': { severity: W, section: 'E', audience: ['user'] },
  'symptom-mfa-not-verified': { severity: W, section: 'E', audience: ['user'] },
  'symptom-invalid-mfa-credentials': { severity: W, section: 'E', audience: ['admin', 'idp-admin'] },
  'symptom-unexpected-error': { severity: W, section: 'E', audience: ['admin', 'idp-admin'] },
  'symptom-not-you-its-us': { severity: W, section: 'E', audience: ['admin', 'idp-admin'] },
  'symptom-browser-not-supported': { severity: W, section: 'E', audience: ['user'] },
  'symptom-upn-sign-in': { severity: W, section: 'E', audience: ['user'] },
  'symptom-password-reset-failed': { severity: W, section: 'E', audience: ['user', 'admin'] },
  'symptom-no-emails': { severity: W, section: 'E', audience: ['user', 'admin'] },
  'symptom-access-denied-in-account': { severity: W, section: 'E', audience: ['admin'] },
  'symptom-protected-role': { severity: W, section: 'E', audience: ['admin'] },
  'symptom-delegated-admin': { severity: W, section: 'E', audience: ['admin'] },
  'symptom-abac-enable-failed': { severity: W, section: 'E', audience: ['admin'] },
  'symptom-cloud-app': { severity: W, section: 'E', audience: ['admin'] },
} as const satisfies Record<string, CauseSpec>;

export type CauseId = keyof typeof CAUSES;
export type SymptomId = Extract<CauseId, `symptom-${string}`>;

export const CAUSE_IDS = Object.keys(CAUSES) as CauseId[];
export const SYMPTOM_IDS = CAUSE_IDS.filter((id): id is SymptomId => id.startsWith('symptom-'));

export function causeSpec(id: CauseId): CauseSpec {
  return CAUSES[id];
}

export function isCauseId(value: string): value is CauseId {
  return Object.hasOwn(CAUSES, value);
}

export function isSymptomId(value: string): value is SymptomId {
  return isCauseId(value) && value.startsWith('symptom-');
}

/** Where each symptom points (section E): these causes rank first when the person reports it. */
export const SYMPTOM_POINTS_TO: Record<SymptomId, readonly CauseId[]> = {
  'symptom-request-not-completed': ['no-assignments', 'user-not-found'],
  'symptom-no-accounts': [
    'no-assignments',
    'not-assigned-to-account',
    'permission-set-not-provisioned',
    'permission-set-outdated',
    'provisioning-in-progress',
    'provisioning-failed',
    'account-not-active',
    'principal-recreated',
    'ad-primary-group',
  ],
  'symptom-redirect-loop': ['external-idp-login-failed'],
  'symptom-mfa-not-verified': ['mfa-code-failures', 'mfa-registration-required'],
  'symptom-invalid-mfa-credentials': ['user-not-found'],
  'symptom-unexpected-error': [
    'external-idp-login-failed',
    'username-mismatch',
    'user-disabled',
    'mfa-code-failures',
  ],
  'symptom-not-you-its-us': ['external-idp-login-failed', 'username-not-email'],
  'symptom-browser-not-supported': [],
  'symptom-upn-sign-in': ['password-failures'],
  'symptom-password-reset-failed': [],
  'symptom-no-emails': [],
  'symptom-access-denied-in-account': [
    'permission-set-empty',
    'permission-set-deny-only',
    'permission-set-outdated',
  ],
  'symptom-protected-role': ['permission-set-outdated'],
  'symptom-delegated-admin': ['management-account-restricted'],
  'symptom-abac-enable-failed': [],
  'symptom-cloud-app': ['application-not-assigned', 'external-idp-login-failed'],
};
