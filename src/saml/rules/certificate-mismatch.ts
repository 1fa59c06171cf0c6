import type { SamlRule } from '../types';
import { IDC_AUTH_SETTINGS } from './text';

/** Signed with a certificate other than the one Identity Center trusts: a rotated IdP certificate. */
export const certificateMismatch: SamlRule = {
  id: 'saml-certificate-mismatch',
  title: 'Is it signed with the certificate in the IdP metadata?',
  run({ response, idp }) {
    if (!idp)
      return {
        status: 'not-checked',
        reason: 'no --idp-metadata: nothing to compare the signing certificate with',
      };
    const other = [response.signatures.response, response.signatures.assertion].find(
      (c) => c.status === 'other-certificate',
    );
    if (other?.status !== 'other-certificate') return { status: 'ok' };
    const expected = idp.signingCertificates.map(
      (c) => `SHA-256 ${c.sha256}, ${c.subject}, valid until ${c.notAfter}`,
    );
    const used = other.certificate;
    return {
      status: 'problem',
      severity: 'blocking',
      summary: `The response is signed with a certificate the IdP metadata does not list (SHA-256 ${used.sha256}, ${used.subject}, valid until ${used.notAfter}): the IdP's signing certificate was rotated, or Identity Center holds an old one.`,
      fix: `In ${IDC_AUTH_SETTINGS}, upload the IdP's current metadata, or its signing certificate with SHA-256 ${used.sha256}. The metadata given lists: ${expected.join('; ')}.`,
    };
  },
};
