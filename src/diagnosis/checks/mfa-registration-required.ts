import type { Check } from '../check';
import type { SignInEvent } from '../facts/signin-events';

/** The credential types that are authenticator codes: a rejected one proves a device is registered. */
const CODE_TYPES: ReadonlySet<string> = new Set(['TOTP', 'RESYNC_TOTP']);
/** Credentials a challenge may ask for that are not MFA (a password prompt is not an MFA step). */
const NOT_MFA_TYPES: ReadonlySet<string> = new Set(['PASSWORD', 'EMAIL_OTP', 'EXTERNAL_IDP']);

/** Every credential type an event names (a `UserAuthentication` lists all it verified: "PASSWORD,TOTP"). */
function typesOf(event: SignInEvent): string[] {
  return (event.credentialType ?? '')
    .split(',')
    .map((t) => t.trim().toUpperCase())
    .filter(Boolean);
}

/** `UserAuthentication` is emitted only when a sign-in completes. */
function isCompletedSignIn(event: SignInEvent): boolean {
  return event.name === 'UserAuthentication' && event.outcome !== 'Failure';
}

/** An MFA challenge, or any step that asked the person to enrol a device. */
function isMfaStep(event: SignInEvent): boolean {
  if (event.deviceEnrollmentRequired) return true;
  if (event.name !== 'CredentialChallenge') return false;
  const types = typesOf(event);
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
    const recent = read.events.filter(
      (e) => e.timeMs >= facts.windowStartMs && e.timeMs <= facts.startedAtMs,
    );
    const resolvedUntil = recent
      .filter(isCompletedSignIn)
      .reduce((latest, e) => Math.max(latest, e.timeMs), Number.NEGATIVE_INFINITY);
    const steps = recent
      .filter((e) => isMfaStep(e) && e.timeMs > resolvedUntil)
      .sort((a, b) => a.timeMs - b.timeMs);
    const last = steps.at(-1);
    if (!last) return [];
    // A code rejected after the latest step means the person has a device and got past registration:
    // that is mfa-code-failures. A rejection before it (an old device, since reset) does not count.
    const codeRejectedSince = recent.some(
      (e) =>
        e.name === 'CredentialVerification' &&
        e.outcome === 'Failure' &&
        typesOf(e).some((t) => CODE_TYPES.has(t)) &&
        e.timeMs >= last.timeMs,
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
