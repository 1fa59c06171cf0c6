import type { Check } from '../check';
import {
  AUTHENTICATOR_CODE_TYPES,
  credentialTypesOf,
  inWindow,
  isRejectedCredential,
  type SignInEvent,
  sinceLastSignIn,
} from '../facts/signin-events';

/** Credentials a challenge may ask for that are not MFA (a password prompt is not an MFA step). */
const NOT_MFA_TYPES: ReadonlySet<string> = new Set(['PASSWORD', 'EMAIL_OTP', 'EXTERNAL_IDP']);

/** An MFA challenge, or any step that asked the person to enrol a device. */
function isMfaStep(event: SignInEvent): boolean {
  if (event.deviceEnrollmentRequired) return true;
  if (event.name !== 'CredentialChallenge') return false;
  const types = credentialTypesOf(event);
  return types.length === 0 || types.some((t) => !NOT_MFA_TYPES.has(t));
}

/** mfa-registration-required: stopped at the MFA or enrolment step; no code rejected, no sign-in since. */
export const mfaRegistrationRequiredCheck: Check = {
  id: 'mfa-registration-required',
  title: 'Is the person stuck at the step that asks them to register an MFA device?',
  // No user needed: these steps carry the name the person typed.
  needs: ['instance-not-found'],
  async run({ facts, finding }) {
    const read = await facts.signInEvents();
    const recent = inWindow(read.events, facts);
    const steps = sinceLastSignIn(recent, isMfaStep).sort((a, b) => a.timeMs - b.timeMs);
    const last = steps.at(-1);
    if (!last) return [];
    // A rejected code in the window (not put right by a completed sign-in) proves a device exists,
    // whatever prompt came later: that is mfa-code-failures, which outranks this unconditionally.
    const codesRejected = sinceLastSignIn(recent, (e) => isRejectedCredential(e, AUTHENTICATOR_CODE_TYPES));
    if (codesRejected.length > 0) return [];
    return [
      finding('mfa-registration-required', {
        evidence: {
          lastAt: last.time,
          step: last.rawName,
          count: steps.length,
          deviceEnrollmentRequired: last.deviceEnrollmentRequired,
          ...(read.truncated ? { truncated: true } : {}),
        },
        evidenceAt: last.time,
        fix: null,
      }),
    ];
  },
};
