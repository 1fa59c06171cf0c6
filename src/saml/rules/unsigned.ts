import type { SamlRule } from '../types';
import { IDP_APP } from './text';

/** Identity Center needs a signature it can check on the response or the assertion. */
export const unsigned: SamlRule = {
  id: 'saml-unsigned',
  title: 'Is the response or the assertion signed?',
  run({ response, sp }) {
    const { response: onResponse, assertion: onAssertion } = response.signatures;
    if (!response.assertion && response.encryptedAssertionCount === 0 && onResponse.status === 'absent')
      return { status: 'not-checked', reason: 'the response carries no assertion' };
    if (onResponse.status === 'absent' && onAssertion.status === 'absent')
      return {
        status: 'problem',
        severity: 'blocking',
        summary: 'Neither the response nor its assertion is signed, so nothing vouches that the IdP sent it.',
        fix: `In ${IDP_APP}, turn on signing of the assertion (Okta: Assertion Signature "Signed"; Entra ID: Signing option "Sign SAML response and assertion"), with SHA-256.`,
      };
    if (onAssertion.status === 'absent' && sp?.wantAssertionsSigned === true && response.assertion)
      return {
        status: 'problem',
        severity: 'warning',
        summary:
          'Only the response is signed; the assertion inside it is not, and the service provider metadata asks for signed assertions (WantAssertionsSigned="true").',
        fix: `In ${IDP_APP}, sign the assertion as well as the response (Entra ID: "Sign SAML response and assertion"; Okta: Assertion Signature "Signed").`,
      };
    return { status: 'ok' };
  },
};
