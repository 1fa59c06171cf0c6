import type { Check } from '../check';
import { inWindow, type SignInEvent, sinceLastSignIn } from '../facts/signin-events';

const MAX_MESSAGES = 5;
const MAX_MESSAGE_LENGTH = 500;

function isExternalFailure(event: SignInEvent): boolean {
  return (
    event.name === 'ExternalIdPDirectoryLogin' &&
    (event.outcome === 'Failure' || event.errorMessage !== undefined || event.errorCode !== undefined)
  );
}

/** Distinct values, in the order given, at most `max`. */
function distinct(values: ReadonlyArray<string | undefined>, max: number): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))].slice(0, max);
}

/** external-idp-login-failed: the external IdP's SAML sign-in was recently refused, no sign-in since. */
export const externalIdpLoginFailedCheck: Check = {
  id: 'external-idp-login-failed',
  title: 'Is Identity Center refusing the sign-in that comes from the external identity provider?',
  // No user needed: a person who was never provisioned fails here too.
  needs: ['instance-not-found'],
  async run({ facts, finding }) {
    const read = await facts.signInEvents();
    // Newest first: the messages the person is seeing now lead.
    const failures = sinceLastSignIn(inWindow(read.events, facts), isExternalFailure).sort(
      (a, b) => b.timeMs - a.timeMs,
    );
    const last = failures[0];
    if (!last) return [];
    const errorCodes = distinct(
      failures.map((e) => e.errorCode),
      MAX_MESSAGES,
    );
    return [
      finding('external-idp-login-failed', {
        evidence: {
          count: failures.length,
          lastAt: last.time,
          errorMessages: distinct(
            failures.map((e) => e.errorMessage?.slice(0, MAX_MESSAGE_LENGTH)),
            MAX_MESSAGES,
          ),
          ...(errorCodes.length > 0 ? { errorCodes } : {}),
          ...(read.truncated ? { truncated: true } : {}),
        },
        evidenceAt: last.time,
        fix: null,
      }),
    ];
  },
};
