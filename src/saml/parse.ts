import { SamlInputError } from './errors';
import type { IdpMetadata } from './metadata';
import { assertionInSigned, verifyEnveloped } from './signature';
import type { AssertionFacts, ParsedResponse, SamlAttribute } from './types';
import {
  attr,
  child,
  children,
  descendants,
  hasComment,
  hasElementChildren,
  NS,
  parseXml,
  path,
  text,
} from './xml';

function assertionFacts(
  assertion: Element,
  readFrom: AssertionFacts['readFrom'],
  commentInNameId: boolean,
): AssertionFacts {
  const subject = child(assertion, NS.assertion, 'Subject');
  const nameIdEl = subject ? child(subject, NS.assertion, 'NameID') : undefined;
  const confirmationData = subject
    ? children(subject, NS.assertion, 'SubjectConfirmation')
        .map((c) => child(c, NS.assertion, 'SubjectConfirmationData'))
        .find((d): d is Element => Boolean(d))
    : undefined;
  const conditions = child(assertion, NS.assertion, 'Conditions');
  const audiences = conditions
    ? children(conditions, NS.assertion, 'AudienceRestriction').flatMap((r) =>
        children(r, NS.assertion, 'Audience').map((a) => text(a) ?? ''),
      )
    : [];
  const attributes: SamlAttribute[] = children(assertion, NS.assertion, 'AttributeStatement').flatMap((s) =>
    children(s, NS.assertion, 'Attribute').map((a) => {
      const values = children(a, NS.assertion, 'AttributeValue');
      return {
        name: attr(a, 'Name') ?? '',
        nameFormat: attr(a, 'NameFormat') ?? null,
        friendlyName: attr(a, 'FriendlyName') ?? null,
        values: values.map((v) => text(v) ?? ''),
        structured: values.some(hasElementChildren),
      };
    }),
  );
  return {
    id: attr(assertion, 'ID') ?? null,
    issuer: text(child(assertion, NS.assertion, 'Issuer')) ?? null,
    nameId: nameIdEl ? (text(nameIdEl) ?? '') : null,
    nameIdFormat: attr(nameIdEl, 'Format') ?? null,
    nameIdHasComment: commentInNameId,
    audiences,
    recipient: attr(confirmationData, 'Recipient') ?? null,
    notBefore: attr(conditions, 'NotBefore') ?? null,
    notOnOrAfter: attr(conditions, 'NotOnOrAfter') ?? null,
    subjectNotOnOrAfter: attr(confirmationData, 'NotOnOrAfter') ?? null,
    attributes,
    readFrom,
  };
}

/**
 * Takes a SAML response apart and verifies its signatures. The assertion's contents are read from
 * the XML a verified signature covered (what xml-crypto returns from `getSignedReferences`), never
 * from the document around it, so a wrapped or moved element cannot change what is reported. A
 * document whose root is not a `samlp:Response` is refused.
 */
export function parseResponse(xml: string, idp: IdpMetadata | undefined): ParsedResponse {
  const doc = parseXml(xml, 'not-saml-response', 'the input');
  const root = doc.documentElement;
  if (root.namespaceURI !== NS.protocol || root.localName !== 'Response')
    throw new SamlInputError(
      'not-saml-response',
      `the input is XML but not a SAML response (its root is ${root.localName ?? root.nodeName}, not samlp:Response)`,
    );
  const statusCodeEl = path(root, NS.protocol, 'Status', 'StatusCode');
  const trusted = idp?.signingCertificates;
  const response = verifyEnveloped(xml, root, trusted);

  const allAssertions = descendants(doc, NS.assertion, 'Assertion');
  const encrypted = descendants(doc, NS.assertion, 'EncryptedAssertion');
  // The assertion Identity Center reads: the Response's own child, not one tucked away elsewhere.
  const received = child(root, NS.assertion, 'Assertion');
  const commentInNameId = descendants(doc, NS.assertion, 'NameID').some(hasComment);

  let assertion: AssertionFacts | null = null;
  let assertionSignature: ParsedResponse['signatures']['assertion'] = { status: 'absent' };
  if (received) {
    const own = verifyEnveloped(xml, received, trusted);
    assertionSignature = own.check;
    const signedAssertion = own.signedXml
      ? assertionInSigned(parseXml(own.signedXml, 'not-saml-response', 'the signed assertion'))
      : undefined;
    const signedByResponse = response.signedXml
      ? assertionInSigned(parseXml(response.signedXml, 'not-saml-response', 'the signed response'))
      : undefined;
    assertion = signedAssertion
      ? assertionFacts(signedAssertion, 'signed-assertion', commentInNameId)
      : signedByResponse
        ? assertionFacts(signedByResponse, 'signed-response', commentInNameId)
        : assertionFacts(received, 'unsigned-document', commentInNameId);
  }
  return {
    id: attr(root, 'ID') ?? null,
    issuer: text(child(root, NS.assertion, 'Issuer')) ?? null,
    destination: attr(root, 'Destination') ?? null,
    statusCode: attr(statusCodeEl, 'Value') ?? null,
    statusSubCode:
      attr(statusCodeEl ? child(statusCodeEl, NS.protocol, 'StatusCode') : undefined, 'Value') ?? null,
    statusMessage: text(path(root, NS.protocol, 'Status', 'StatusMessage')) ?? null,
    assertionCount: allAssertions.length,
    encryptedAssertionCount: encrypted.length,
    assertion,
    signatures: { response: response.check, assertion: assertionSignature },
    sizeChars: xml.length,
  };
}
