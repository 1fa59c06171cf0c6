import type { Check } from '../check';
import { credentialTypesOf, inWindow, isCompletedSignIn, type SignInEvent } from '../facts/signin-events';

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
    const recent = inWindow(read.events, facts);
    const successes = recent.filter(isCompletedSignIn).sort((a, b) => b.timeMs - a.timeMs);
    const last = successes[0];
    if (!last) return [];
    return [
      finding('signin-works', {
        evidence: {
          lastSuccessAt: last.time,
          credentialTypes: credentialTypesOf(last),
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
