// Builds SAML responses and signs them with xml-crypto, so every test feeds the analyser a response it
// made itself (valid, or broken in exactly one way). Also writes the committed sample (sample.test.ts).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SignedXml } from 'xml-crypto';

const ROOT = resolve(__dirname, '../..');
export const SAMPLE_DIR = resolve(ROOT, 'samples/saml');
const FIXTURES = resolve(__dirname, 'fixtures');

export interface KeyPair {
  key: string;
  cert: string;
}

export const DEMO_KEYS: KeyPair = {
  key: readFileSync(resolve(SAMPLE_DIR, 'idp-demo-key.pem'), 'utf8'),
  cert: readFileSync(resolve(SAMPLE_DIR, 'idp-demo-cert.pem'), 'utf8'),
};
export const ROTATED_KEYS: KeyPair = {
  key: readFileSync(resolve(FIXTURES, 'rotated-key.pem'), 'utf8'),
  cert: readFileSync(resolve(FIXTURES, 'rotated-cert.pem'), 'utf8'),
};
export const EXPIRED_KEYS: KeyPair = {
  key: readFileSync(resolve(FIXTURES, 'expired-key.pem'), 'utf8'),
  cert: readFileSync(resolve(FIXTURES, 'expired-cert.pem'), 'utf8'),
};

/** The sample instance (samples/sample-org.json instances[0], eu-west-1) and the demo IdP. */
export const SAMPLE = {
  region: 'eu-west-1',
  identityStoreId: 'd-93670c4a1e',
  spEntityId: 'https://eu-west-1.signin.aws.amazon.com/platform/saml/d-93670c4a1e',
  acsUrl: 'https://eu-west-1.signin.aws/platform/saml/acs/6f1d2c8e-4b7a-4e0f-9a35-northwind-demo',
  idpEntityId: 'https://idp.northwind.example/saml2/aws-identity-center',
  /** The sample organisation's `now`. */
  at: '2026-11-23T12:00:00Z',
} as const;

export const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const URI_FORMAT = 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri';

export interface AttributeSpec {
  name: string;
  nameFormat?: string | null;
  values: string[];
  /** Raw XML inside one AttributeValue (structured value). */
  rawValue?: string;
}

export interface ResponseSpec {
  responseId: string;
  assertionId: string;
  responseIssuer: string | null;
  issuer: string;
  destination: string | null;
  recipient: string | null;
  audiences: string[];
  nameId: string | null;
  /** Replaces the NameID's text as raw XML (for the comment-injection attack). */
  nameIdRaw?: string;
  nameIdFormat: string | null;
  issueInstant: string;
  notBefore: string;
  notOnOrAfter: string;
  subjectNotOnOrAfter: string;
  statusCode: string;
  statusSubCode?: string;
  statusMessage?: string;
  attributes: AttributeSpec[];
  /** Send the assertion encrypted (an EncryptedAssertion in place of the Assertion). */
  encrypted?: boolean;
  /** No assertion at all (an IdP failure response). */
  noAssertion?: boolean;
}

export function defaultSpec(overrides: Partial<ResponseSpec> = {}): ResponseSpec {
  return {
    responseId: '_resp-4f7c1b2a9e',
    assertionId: '_assert-8d3e6f0b1c',
    responseIssuer: SAMPLE.idpEntityId,
    issuer: SAMPLE.idpEntityId,
    destination: SAMPLE.acsUrl,
    recipient: SAMPLE.acsUrl,
    audiences: [SAMPLE.spEntityId],
    nameId: 'Dana.Whitfield@northwind.example',
    nameIdFormat: EMAIL_FORMAT,
    issueInstant: '2026-11-23T11:59:00Z',
    notBefore: '2026-11-23T11:58:30Z',
    notOnOrAfter: '2026-11-23T12:04:00Z',
    subjectNotOnOrAfter: '2026-11-23T12:04:00Z',
    statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
    attributes: [
      {
        name: 'https://aws.amazon.com/SAML/Attributes/AccessControl:Department',
        nameFormat: URI_FORMAT,
        values: ['Robotics'],
      },
      {
        name: 'https://aws.amazon.com/SAML/Attributes/AccessControl:CostCenter',
        nameFormat: URI_FORMAT,
        values: ['RB-2041'],
      },
    ],
    ...overrides,
  };
}

function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function attributeXml(a: AttributeSpec): string {
  const format =
    a.nameFormat === null || a.nameFormat === undefined ? '' : ` NameFormat="${esc(a.nameFormat)}"`;
  const values =
    a.rawValue !== undefined
      ? `<saml:AttributeValue>${a.rawValue}</saml:AttributeValue>`
      : a.values
          .map((v) => `<saml:AttributeValue xsi:type="xs:string">${esc(v)}</saml:AttributeValue>`)
          .join('');
  return `<saml:Attribute Name="${esc(a.name)}"${format}>${values}</saml:Attribute>`;
}

/** The Assertion element alone (with its own namespace declarations, so it can be moved around). */
export function assertionXml(s: ResponseSpec): string {
  const nameIdFormat = s.nameIdFormat === null ? '' : ` Format="${esc(s.nameIdFormat)}"`;
  const nameId =
    s.nameId === null && s.nameIdRaw === undefined
      ? ''
      : `<saml:NameID${nameIdFormat}>${s.nameIdRaw ?? esc(s.nameId ?? '')}</saml:NameID>`;
  const recipient = s.recipient === null ? '' : ` Recipient="${esc(s.recipient)}"`;
  const audiences = s.audiences.map((a) => `<saml:Audience>${esc(a)}</saml:Audience>`).join('');
  const attributes =
    s.attributes.length === 0
      ? ''
      : `<saml:AttributeStatement>${s.attributes.map(attributeXml).join('')}</saml:AttributeStatement>`;
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="${esc(s.assertionId)}" Version="2.0" IssueInstant="${s.issueInstant}">` +
    `<saml:Issuer>${esc(s.issuer)}</saml:Issuer>` +
    `<saml:Subject>${nameId}<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${s.subjectNotOnOrAfter}"${recipient}/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${s.notBefore}" NotOnOrAfter="${s.notOnOrAfter}"><saml:AudienceRestriction>${audiences}</saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${s.issueInstant}" SessionIndex="${esc(s.assertionId)}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    attributes +
    '</saml:Assertion>'
  );
}

const ENCRYPTED =
  '<saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Type="http://www.w3.org/2001/04/xmlenc#Element"><xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm"/><xenc:CipherData><xenc:CipherValue>b3BhcXVlIGNpcGhlcnRleHQ=</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml:EncryptedAssertion>';

/** The whole response, unsigned; `assertion` replaces the assertion XML (for wrapping tests). */
export function responseXml(s: ResponseSpec, assertion?: string): string {
  const destination = s.destination === null ? '' : ` Destination="${esc(s.destination)}"`;
  const issuer = s.responseIssuer === null ? '' : `<saml:Issuer>${esc(s.responseIssuer)}</saml:Issuer>`;
  const sub = s.statusSubCode ? `<samlp:StatusCode Value="${s.statusSubCode}"/>` : '';
  const message = s.statusMessage ? `<samlp:StatusMessage>${esc(s.statusMessage)}</samlp:StatusMessage>` : '';
  const body = s.noAssertion ? '' : s.encrypted ? ENCRYPTED : (assertion ?? assertionXml(s));
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${esc(s.responseId)}" Version="2.0" IssueInstant="${s.issueInstant}"${destination}>` +
    issuer +
    `<samlp:Status><samlp:StatusCode Value="${s.statusCode}">${sub}</samlp:StatusCode>${message}</samlp:Status>` +
    body +
    '</samlp:Response>'
  );
}

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

function sign(xml: string, keys: KeyPair, elementXpath: string): string {
  const sig = new SignedXml({
    privateKey: keys.key,
    publicCert: keys.cert,
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
  });
  sig.addReference({ xpath: elementXpath, digestAlgorithm: SHA256, transforms: [ENVELOPED, EXC_C14N] });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `${elementXpath}/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return sig.getSignedXml();
}

/** Signs the (first) assertion that is a direct child of the Response, the way an IdP does. */
export function signAssertion(xml: string, keys: KeyPair = DEMO_KEYS): string {
  return sign(xml, keys, "/*[local-name(.)='Response']/*[local-name(.)='Assertion']");
}

/** Signs the whole Response. */
export function signResponse(xml: string, keys: KeyPair = DEMO_KEYS): string {
  return sign(xml, keys, "/*[local-name(.)='Response']");
}

/** A response built from `overrides`, its assertion signed with the demo key. */
export function signedResponse(overrides: Partial<ResponseSpec> = {}, keys: KeyPair = DEMO_KEYS): string {
  return signAssertion(responseXml(defaultSpec(overrides)), keys);
}

export function base64(xml: string): string {
  return Buffer.from(xml, 'utf8').toString('base64');
}

function certBody(pem: string): string {
  return pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
}

/** The demo IdP's metadata (entity id, signing certificate, SSO endpoint). */
export function idpMetadataXml(
  certs: KeyPair[] = [DEMO_KEYS],
  entityId: string = SAMPLE.idpEntityId,
): string {
  const keys = certs
    .map(
      (k) =>
        `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certBody(k.cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
    )
    .join('\n    ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Demo IdP metadata for the sample organisation. The key behind this certificate is a published
     demo key (samples/saml/idp-demo-key.pem): never trust it anywhere real. -->
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    ${keys}
    <md:NameIDFormat>${EMAIL_FORMAT}</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.northwind.example/saml2/aws-identity-center/sso"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.northwind.example/saml2/aws-identity-center/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
`;
}

/** Identity Center's service provider metadata for the sample instance. */
export function spMetadataXml(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Service provider metadata of the sample Identity Center instance (samples/sample-org.json,
     identity store d-93670c4a1e, eu-west-1), in the shape the console's "Download metadata file"
     gives. The ACS tenant id is invented for the sample. -->
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${SAMPLE.spEntityId}">
  <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:NameIDFormat>${EMAIL_FORMAT}</md:NameIDFormat>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${SAMPLE.acsUrl}" index="0" isDefault="true"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
`;
}

/** Dana's sample: signed by the demo IdP, NameID in lower case while her user name is not. */
export function danaSampleXml(): string {
  return signedResponse({ nameId: 'dana.whitfield@northwind.example' });
}

/** One assertion signed on its own (to put two signed assertions in one response). */
export function signedAssertionXml(spec: ResponseSpec, keys: KeyPair = DEMO_KEYS): string {
  return sign(assertionXml(spec), keys, "/*[local-name(.)='Assertion']");
}
