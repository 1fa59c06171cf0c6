import type { Check } from '../check';
import type { SignInEvent } from '../facts/signin-events';

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

/** password-failures: the person recently typed a wrong password and has not completed a sign-in since. */
export const passwordFailuresCheck: Check = {
  id: 'password-failures',
  title: 'Has the person been entering a wrong password, without signing in since?',
  // No user needed: a person who was never provisioned still leaves failures under the name they typed.
  needs: ['instance-not-found'],
  async run({ facts, finding }) {
    const read = await facts.signInEvents();
    const recent = read.events.filter(
      (e) => e.timeMs >= facts.windowStartMs && e.timeMs <= facts.startedAtMs,
    );
    // A completed sign-in at or after a failure means the person got the password right in the end.
    const resolvedUntil = recent
      .filter(isCompletedSignIn)
      .reduce((latest, e) => Math.max(latest, e.timeMs), Number.NEGATIVE_INFINITY);
    const failures = recent
      .filter(
        (e) =>
          e.name === 'CredentialVerification' &&
          e.outcome === 'Failure' &&
          typesOf(e).includes('PASSWORD') &&
          e.timeMs > resolvedUntil,
      )
      .sort((a, b) => a.timeMs - b.timeMs);
    const first = failures[0];
    const last = failures.at(-1);
    if (!first || !last) return [];
    return [
      finding('password-failures', {
        evidence: {
          count: failures.length,
          firstAt: first.time,
          lastAt: last.time,
          // Results come newest first, so a cut-off read can only have missed older failures.
          ...(read.truncated ? { truncated: true } : {}),
        },
        evidenceAt: last.time,
        fix: null,
      }),
    ];
  },
};
