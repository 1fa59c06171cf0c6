import { isSymptomId, type SymptomId } from './causes';

/** Section E: what the person reports, matched tolerantly: letter case, straight or curly quotes and
 * apostrophes, punctuation, and any text around the message (a pasted screenshot caption, a greeting). */

interface SymptomPattern {
  id: SymptomId;
  /** Normalised phrases; any one of them anywhere in the text is a match. */
  phrases: readonly string[];
}

/** Most specific first: the first symptom whose phrase appears wins. */
const PATTERNS: readonly SymptomPattern[] = [
  { id: 'symptom-protected-role', phrases: ['protected role', 'only modifiable by aws'] },
  {
    id: 'symptom-delegated-admin',
    phrases: ['provisioned in the management account', 'permission sets provisioned in the management'],
  },
  {
    id: 'symptom-abac-enable-failed',
    phrases: ['attributes for access control failed', 'attributes for access control'],
  },
  { id: 'symptom-invalid-mfa-credentials', phrases: ['invalid mfa credentials'] },
  {
    id: 'symptom-mfa-not-verified',
    phrases: [
      'mfa device could not be verified',
      'mfa could not be verified',
      'could not verify my mfa',
      'mfa code',
    ],
  },
  { id: 'symptom-browser-not-supported', phrases: ['browser not supported', 'browser is not supported'] },
  {
    id: 'symptom-not-you-its-us',
    phrases: ['its not you it is us', 'its not you its us', 'not you it is us'],
  },
  {
    id: 'symptom-password-reset-failed',
    phrases: ['couldnt update your password', 'could not update your password'],
  },
  {
    id: 'symptom-request-not-completed',
    phrases: ['your request could not be completed', 'request could not be completed'],
  },
  { id: 'symptom-unexpected-error', phrases: ['an unexpected error has occurred', 'unexpected error'] },
  {
    id: 'symptom-no-accounts',
    phrases: [
      'no accounts available',
      'no accounts',
      'no aws accounts',
      'account is missing',
      'account missing',
      'cant see the account',
      'cant see my account',
      'dont see the account',
      'dont see my account',
      'account not showing',
      'account doesnt show',
    ],
  },
  {
    id: 'symptom-access-denied-in-account',
    phrases: [
      'is not authorized to perform',
      'access denied',
      'accessdenied',
      'not authorized',
      'permission denied',
    ],
  },
  {
    id: 'symptom-redirect-loop',
    phrases: [
      'redirect loop',
      'redirects',
      'redirecting',
      'keeps bouncing',
      'loops back',
      'too many redirects',
    ],
  },
  {
    id: 'symptom-no-emails',
    phrases: [
      'no email',
      'never got the email',
      'didnt get the email',
      'didnt receive',
      'did not receive',
      'verification email',
      'invitation email',
      'invite email',
    ],
  },
  { id: 'symptom-upn-sign-in', phrases: ['upn', 'down level', 'downlevel', 'domain user name'] },
  {
    id: 'symptom-cloud-app',
    phrases: ['saml', 'application wont accept', 'app wont let me in', 'cloud application'],
  },
];

/** Lower-cases, folds curly quotes and apostrophes away, drops punctuation, collapses white space. */
export function normaliseSymptomText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032'`´]/g, '')
    .replace(/[\u201c\u201d\u201e\u201f\u2033"]/g, ' ')
    .replace(/[^a-z0-9\\@ ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The symptom the text describes, or undefined. A symptom id itself (picked from the Slack menu) matches too. */
export function matchSymptom(text: string | undefined): SymptomId | undefined {
  if (!text) return undefined;
  const trimmed = text.trim();
  if (isSymptomId(trimmed)) return trimmed;
  const normalised = normaliseSymptomText(trimmed);
  if (!normalised) return undefined;
  // Whole words only, so "no accounts" never matches inside "piano accounts".
  const padded = ` ${normalised} `;
  const found = PATTERNS.find((p) => p.phrases.some((phrase) => padded.includes(` ${phrase} `)))?.id;
  if (found) return found;
  // DOMAIN\user: someone signing in with a down-level logon name.
  return /(^|\s)[a-z0-9-]+\\[a-z0-9._-]+/.test(normalised) ? 'symptom-upn-sign-in' : undefined;
}
