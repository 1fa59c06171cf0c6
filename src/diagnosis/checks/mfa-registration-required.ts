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
    // A code rejected after the latest step proves the person has a registered device and got past
    // registration: that is mfa-code-failures. A rejection before it (an old device, since reset) does not count.
    const codeRejectedSince = recent.some(
      (e) => isRejectedCredential(e, AUTHENTICATOR_CODE_TYPES) && e.timeMs >= last.timeMs,
    );
    if (codeRejectedSince) return [];
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
