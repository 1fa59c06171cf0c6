import type { SamlRule } from '../types';
import { IDP_APP } from './text';

/** Identity Center does not accept encrypted assertions (and gives the IdP no key to encrypt to). */
export const encryptedAssertion: SamlRule = {
  id: 'saml-encrypted-assertion',
  title: 'Is the assertion unencrypted?',
  run({ response }) {
    if (response.encryptedAssertionCount === 0) return { status: 'ok' };
    return {
      status: 'problem',
      severity: 'blocking',
      summary: 'The assertion is encrypted; Identity Center accepts only unencrypted assertions.',
      fix: `In ${IDP_APP}, turn off assertion encryption (Okta: Assertion Encryption "Unencrypted"; Entra ID: remove the token encryption certificate).`,
    };
  },
};
