import type { Check } from '../check';
import type { SignInEvent } from '../facts/signin-events';

/** The credential types that are authenticator codes. */
const CODE_TYPES: ReadonlySet<string> = new Set(['TOTP', 'RESYNC_TOTP']);

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

/** mfa-code-failures: recently rejected authenticator codes (usually the device clock), no sign-in since. */
export const mfaCodeFailuresCheck: Check = {
  id: 'mfa-code-failures',
  title: "Are the person's authenticator codes being rejected?",
  // No user needed: the failures carry the name the person typed.
  needs: ['instance-not-found'],
  async run({ facts, finding }) {
    const read = await facts.signInEvents();
    const recent = read.events.filter(
      (e) => e.timeMs >= facts.windowStartMs && e.timeMs <= facts.startedAtMs,
    );
    // A completed sign-in at or after a failure means a later code was accepted.
    const resolvedUntil = recent
      .filter(isCompletedSignIn)
      .reduce((latest, e) => Math.max(latest, e.timeMs), Number.NEGATIVE_INFINITY);
    const failures = recent
      .filter(
        (e) =>
          e.name === 'CredentialVerification' &&
          e.outcome === 'Failure' &&
          typesOf(e).some((t) => CODE_TYPES.has(t)) &&
          e.timeMs > resolvedUntil,
      )
      .sort((a, b) => a.timeMs - b.timeMs);
    const first = failures[0];
    const last = failures.at(-1);
    if (!first || !last) return [];
    return [
      finding('mfa-code-failures', {
        evidence: {
          count: failures.length,
          firstAt: first.time,
          lastAt: last.time,
          // What the person is struggling with now: a code (TOTP) or re-syncing the device (RESYNC_TOTP).
          credentialType: typesOf(last).find((t) => CODE_TYPES.has(t)),
          ...(read.truncated ? { truncated: true } : {}),
        },
        evidenceAt: last.time,
        fix: null,
      }),
    ];
  },
};
