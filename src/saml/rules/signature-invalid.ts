import type { SamlRule, SignatureCheck } from '../types';
import { IDC_AUTH_SETTINGS } from './text';

function broken(check: SignatureCheck): string | undefined {
  return check.status === 'invalid' ? check.reason : undefined;
}

/** A signature that does not verify, covers the wrong element, or a NameID carrying a comment. */
export const signatureInvalid: SamlRule = {
  id: 'saml-signature-invalid',
  title: 'Do the signatures verify, and cover what is read?',
  run({ response }) {
    const { response: onResponse, assertion: onAssertion } = response.signatures;
    const reasons = [
      broken(onResponse) ? `the response signature fails: ${broken(onResponse)}` : undefined,
      broken(onAssertion) ? `the assertion signature fails: ${broken(onAssertion)}` : undefined,
    ].filter((r): r is string => Boolean(r));
    if (response.assertion?.nameIdHasComment)
      return {
        status: 'problem',
        severity: 'blocking',
        summary:
          'The NameID contains an XML comment. Signatures ignore comments, so this is how a signed NameID is made to read as someone else: the response has been tampered with.',
        fix: 'Do not trust this response. Capture a fresh one straight from the browser; if a proxy or tool rewrites SAML responses on the way, remove it, and tell your security team.',
      };
    if (reasons.length === 0) {
      const unverifiable = [onResponse, onAssertion].find((c) => c.status === 'unverifiable');
      if (unverifiable?.status === 'unverifiable')
        return { status: 'not-checked', reason: unverifiable.reason };
      return { status: 'ok' };
    }
    return {
      status: 'problem',
      severity: 'blocking',
      summary: `The signature does not hold: ${reasons.join('; ')}. The response was changed after the IdP signed it, or the IdP signs it wrongly.`,
      fix: `Capture a fresh response straight from the browser (no proxy or extension that rewrites it) and analyse that. If it still fails, the IdP's signing set-up is broken: re-create the signing certificate in the IdP's application for AWS IAM Identity Center and upload the new certificate in ${IDC_AUTH_SETTINGS}.`,
    };
  },
};
