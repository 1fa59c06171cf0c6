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

function isFailure(event: SignInEvent): boolean {
  return (
    (event.name === 'CredentialVerification' || event.name === 'ExternalIdPDirectoryLogin') &&
    event.outcome === 'Failure'
  );
}

/** signin-works: the person recently completed a sign-in, so what stops them is likely after sign-in. */
export const signinWorksCheck: Check = {
  id: 'signin-works',
  title: 'Has the person recently completed a sign-in?',
  // No user needed: a success found by user name alone still counts (it is usually matched by user id).
  needs: ['instance-not-found'],
  async run({ facts, finding }) {
    const read = await facts.signInEvents();
    const recent = read.events.filter(
      (e) => e.timeMs >= facts.windowStartMs && e.timeMs <= facts.startedAtMs,
    );
    const successes = recent.filter(isCompletedSignIn).sort((a, b) => b.timeMs - a.timeMs);
    const last = successes[0];
    if (!last) return [];
    return [
      finding('signin-works', {
        evidence: {
          lastSuccessAt: last.time,
          credentialTypes: typesOf(last),
          count: successes.length,
          // Failures after the last success mean signing in worked before but does not now.
          failuresSince: recent.filter((e) => isFailure(e) && e.timeMs > last.timeMs).length,
          ...(read.truncated ? { truncated: true } : {}),
        },
        evidenceAt: last.time,
        fix: null,
      }),
    ];
  },
};
