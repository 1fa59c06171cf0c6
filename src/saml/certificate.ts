import { X509Certificate } from 'node:crypto';

/** A certificate as the analyser shows it: who it names, when it ends, and its fingerprint. */
export interface CertificateInfo {
  subject: string;
  notAfter: string;
  notBefore: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex (as consoles show it). */
  sha256: string;
  pem: string;
}

/** Reads the base64 body of an `X509Certificate` element; undefined when it is not a certificate. */
export function certificateFromBase64(body: string): CertificateInfo | undefined {
  const clean = body.replace(/\s+/g, '');
  if (!clean) return undefined;
  const pem = `-----BEGIN CERTIFICATE-----\n${clean.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  try {
    const cert = new X509Certificate(pem);
    return {
      subject: cert.subject.split('\n').join(', '),
      notAfter: new Date(cert.validTo).toISOString(),
      notBefore: new Date(cert.validFrom).toISOString(),
      sha256: cert.fingerprint256,
      pem,
    };
  } catch {
    // Not a parsable certificate: the caller treats it as absent and says so.
    return undefined;
  }
}
