import { SignedXml } from 'xml-crypto';
import { type CertificateInfo, certificateFromBase64 } from './certificate';
import type { SignatureCheck } from './types';
import { attr, child, descendants, NS, path, text } from './xml';

/** A verified signature: what it covers, as the canonical XML xml-crypto checked the digest of. */
export interface VerifiedSignature {
  check: SignatureCheck;
  /** Set only when the signature verified: the signed element, re-serialised by xml-crypto. */
  signedXml?: string;
}

/** The certificate a signature carries in its KeyInfo, if any. */
function embeddedCertificate(signature: Element): CertificateInfo | undefined {
  const body = descendants(signature, NS.dsig, 'X509Certificate')[0];
  return body ? certificateFromBase64(text(body) ?? '') : undefined;
}

type Attempt = { ok: true; signedXml: string } | { ok: false; reason: string };

/**
 * Verifies `signature` (a ds:Signature directly inside `target`) with one certificate, and checks it
 * covers exactly `target`: one reference, to `#<target's ID>`. A signature that verifies but points at
 * another element is the signature-wrapping attack, and fails here.
 */
function attempt(documentXml: string, target: Element, signature: Element, cert: CertificateInfo): Attempt {
  const id = attr(target, 'ID');
  if (!id) return { ok: false, reason: `the signed ${target.localName} has no ID attribute` };
  // getCertFromKeyInfo is switched off: xml-crypto would otherwise trust whatever key the document carries.
  const verifier = new SignedXml({ publicCert: cert.pem, getCertFromKeyInfo: () => null });
  try {
    verifier.loadSignature(signature);
    if (!verifier.checkSignature(documentXml))
      return { ok: false, reason: 'a reference digest does not match' };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  const references = verifier.getReferences();
  const signed = verifier.getSignedReferences();
  if (references.length !== 1 || signed.length !== 1)
    return {
      ok: false,
      reason: `the signature has ${references.length} references; exactly one is expected`,
    };
  const uri = references[0]?.uri ?? '';
  if (uri !== `#${id}`)
    return {
      ok: false,
      reason: `the signature covers ${uri || 'the whole document'}, not the ${target.localName} it sits in (#${id}): signature wrapping`,
    };
  return { ok: true, signedXml: signed[0] ?? '' };
}

/**
 * Verifies the enveloped signature of `target` (the Response or the Assertion). With IdP metadata the
 * metadata's certificates decide; the embedded certificate only tells "intact but signed by another
 * certificate" (a rotation) from "broken". Without metadata the embedded certificate is used, and the
 * result says nobody vouched for it.
 */
export function verifyEnveloped(
  documentXml: string,
  target: Element,
  trusted: readonly CertificateInfo[] | undefined,
): VerifiedSignature {
  const signature = child(target, NS.dsig, 'Signature');
  if (!signature) return { check: { status: 'absent' } };
  const embedded = embeddedCertificate(signature);
  let lastReason = 'it does not verify';
  if (trusted && trusted.length > 0) {
    for (const cert of trusted) {
      const result = attempt(documentXml, target, signature, cert);
      if (result.ok)
        return { check: { status: 'valid', trusted: true, certificate: cert }, signedXml: result.signedXml };
      lastReason = result.reason;
    }
    if (embedded && !trusted.some((c) => c.sha256 === embedded.sha256)) {
      const result = attempt(documentXml, target, signature, embedded);
      if (result.ok)
        return {
          check: {
            status: 'other-certificate',
            certificate: embedded,
            reason: 'it verifies only with the certificate it carries, which the IdP metadata does not list',
          },
        };
      lastReason = result.reason;
    }
    return { check: { status: 'invalid', reason: lastReason, certificate: embedded } };
  }
  if (!embedded)
    return {
      check: {
        status: 'unverifiable',
        reason: 'the signature carries no certificate and no IdP metadata was given',
      },
    };
  const result = attempt(documentXml, target, signature, embedded);
  return result.ok
    ? { check: { status: 'valid', trusted: false, certificate: embedded }, signedXml: result.signedXml }
    : { check: { status: 'invalid', reason: result.reason, certificate: embedded } };
}

/** The Assertion element inside XML that a signature covered (the assertion itself, or the response). */
export function assertionInSigned(signedXml: Document): Element | undefined {
  const root = signedXml.documentElement;
  if (root.namespaceURI === NS.assertion && root.localName === 'Assertion') return root;
  return path(root, NS.assertion, 'Assertion');
}
