import type { Check } from '../check';
import { inWindow, isRejectedCredential, sinceLastSignIn } from '../facts/signin-events';

const PASSWORD: ReadonlySet<string> = new Set(['PASSWORD']);

/** password-failures: the person recently typed a wrong password and has not completed a sign-in since. */
export const passwordFailuresCheck: Check = {
  id: 'password-failures',
  title: 'Has the person been entering a wrong password, without signing in since?',
  // No user needed: a person who was never provisioned still leaves failures under the name they typed.
  needs: ['instance-not-found'],
  async run({ facts, finding }) {
    const read = await facts.signInEvents();
    // A completed sign-in at or after a failure means the person got the password right in the end.
    const failures = sinceLastSignIn(inWindow(read.events, facts), (e) =>
      isRejectedCredential(e, PASSWORD),
    ).sort((a, b) => a.timeMs - b.timeMs);
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
