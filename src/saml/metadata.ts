import { type CertificateInfo, certificateFromBase64 } from './certificate';
import { SamlInputError } from './errors';
import { attr, children, descendants, NS, parseXml, text } from './xml';

/** What Identity Center's service provider metadata says (Settings → Identity source → Manage authentication). */
export interface SpMetadata {
  entityId: string;
  /** Every Assertion Consumer Service URL it lists (one per Region for multi-Region instances). */
  acsUrls: string[];
  nameIdFormats: string[];
  wantAssertionsSigned: boolean | undefined;
}

/** What the IdP's metadata says: its entity id and the certificates it signs with. */
export interface IdpMetadata {
  entityId: string;
  signingCertificates: CertificateInfo[];
  nameIdFormats: string[];
}

function entityDescriptor(
  xml: string,
  what: string,
  descriptor: string,
): { entityId: string; role: Element } {
  const doc = parseXml(xml, 'bad-metadata', what);
  const root = doc.documentElement;
  const entities =
    root.namespaceURI === NS.metadata && root.localName === 'EntityDescriptor'
      ? [root]
      : descendants(doc, NS.metadata, 'EntityDescriptor').filter(
          (e) => children(e, NS.metadata, descriptor).length > 0,
        );
  const entity = entities.find((e) => children(e, NS.metadata, descriptor).length > 0);
  const role = entity ? children(entity, NS.metadata, descriptor)[0] : undefined;
  const entityId = attr(entity, 'entityID');
  if (!entity || !role || !entityId)
    throw new SamlInputError(
      'bad-metadata',
      `${what} is not SAML metadata with an ${descriptor} and an entityID`,
    );
  return { entityId, role };
}

/** Reads Identity Center's SP metadata; a file that is not SP metadata is refused. */
export function parseSpMetadata(xml: string, what = 'the SP metadata'): SpMetadata {
  const { entityId, role } = entityDescriptor(xml, what, 'SPSSODescriptor');
  const acsUrls = children(role, NS.metadata, 'AssertionConsumerService')
    .map((e) => attr(e, 'Location'))
    .filter((u): u is string => Boolean(u));
  if (acsUrls.length === 0)
    throw new SamlInputError('bad-metadata', `${what} lists no AssertionConsumerService Location`);
  const want = attr(role, 'WantAssertionsSigned');
  return {
    entityId,
    acsUrls,
    nameIdFormats: children(role, NS.metadata, 'NameIDFormat')
      .map((e) => text(e))
      .filter((f): f is string => Boolean(f)),
    wantAssertionsSigned: want === undefined ? undefined : want === 'true' || want === '1',
  };
}

/** Reads the IdP's metadata; it must name at least one signing certificate. */
export function parseIdpMetadata(xml: string, what = 'the IdP metadata'): IdpMetadata {
  const { entityId, role } = entityDescriptor(xml, what, 'IDPSSODescriptor');
  const signingCertificates: CertificateInfo[] = [];
  for (const key of children(role, NS.metadata, 'KeyDescriptor')) {
    const use = attr(key, 'use');
    if (use !== undefined && use !== 'signing') continue;
    for (const body of descendants(key, NS.dsig, 'X509Certificate')) {
      const cert = certificateFromBase64(text(body) ?? '');
      if (cert && !signingCertificates.some((c) => c.sha256 === cert.sha256)) signingCertificates.push(cert);
    }
  }
  if (signingCertificates.length === 0)
    throw new SamlInputError('bad-metadata', `${what} has no signing X509Certificate`);
  return {
    entityId,
    signingCertificates,
    nameIdFormats: children(role, NS.metadata, 'NameIDFormat')
      .map((e) => text(e))
      .filter((f): f is string => Boolean(f)),
  };
}
