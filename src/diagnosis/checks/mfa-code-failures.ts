import type { Check } from '../check';
import {
  AUTHENTICATOR_CODE_TYPES,
  credentialTypesOf,
  inWindow,
  isRejectedCredential,
  sinceLastSignIn,
} from '../facts/signin-events';

/** mfa-code-failures: recently rejected authenticator codes (usually the device clock), no sign-in since. */
export const mfaCodeFailuresCheck: Check = {
  id: 'mfa-code-failures',
  title: "Are the person's authenticator codes being rejected?",
  // No user needed: the failures carry the name the person typed.
  needs: ['instance-not-found'],
  async run({ facts, finding }) {
    const read = await facts.signInEvents();
    // A completed sign-in at or after a failure means a later code was accepted.
    const failures = sinceLastSignIn(inWindow(read.events, facts), (e) =>
      isRejectedCredential(e, AUTHENTICATOR_CODE_TYPES),
    ).sort((a, b) => a.timeMs - b.timeMs);
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
          credentialType: credentialTypesOf(last).find((t) => AUTHENTICATOR_CODE_TYPES.has(t)),
          ...(read.truncated ? { truncated: true } : {}),
        },
        evidenceAt: last.time,
        fix: null,
      }),
    ];
  },
};
