import type { CertificateInfo } from '../certificate';
import type { SamlRule } from '../types';
import { IDC_AUTH_SETTINGS, IDP_APP } from './text';

/** The certificate that signed the response has passed its end date. */
export const certificateExpired: SamlRule = {
  id: 'saml-certificate-expired',
  title: 'Is the signing certificate still within its validity?',
  run({ response, atMs }) {
    const certs = [response.signatures.response, response.signatures.assertion]
      .map((c) => ('certificate' in c ? c.certificate : undefined))
      .filter((c): c is CertificateInfo => Boolean(c));
    if (certs.length === 0) return { status: 'not-checked', reason: 'no signing certificate to look at' };
    const expired = certs.find((c) => Date.parse(c.notAfter) <= atMs);
    if (!expired) return { status: 'ok' };
    return {
      status: 'problem',
      // Whether Identity Center refuses an expired IdP certificate is not documented.
      severity: 'warning',
      summary: `The signing certificate (${expired.subject}, SHA-256 ${expired.sha256}) expired on ${expired.notAfter}.`,
      fix: `In ${IDP_APP}, create a new signing certificate and make it active, then upload it (or the IdP's new metadata) in ${IDC_AUTH_SETTINGS}.`,
    };
  },
};
