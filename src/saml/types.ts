import type { CertificateInfo } from './certificate';
import type { IdpMetadata, SpMetadata } from './metadata';

/** Every problem the analyser reports; the ids are a public contract (docs/saml.md). */
export const SAML_PROBLEM_IDS = [
  'saml-status-not-success',
  'saml-unsigned',
  'saml-signature-invalid',
  'saml-certificate-mismatch',
  'saml-certificate-expired',
  'saml-expired',
  'saml-not-yet-valid',
  'saml-audience-mismatch',
  'saml-recipient-mismatch',
  'saml-issuer-mismatch',
  'saml-nameid-format',
  'saml-nameid-not-email',
  'saml-user-not-found',
  'saml-username-mismatch',
  'saml-user-disabled',
  'saml-multiple-assertions',
  'saml-encrypted-assertion',
  'saml-too-many-attributes',
  'saml-multivalued-attribute',
  'saml-duplicate-attribute',
  'saml-attribute-name-format',
] as const;

export type SamlProblemId = (typeof SAML_PROBLEM_IDS)[number];

/** `blocking`: Identity Center refuses the sign-in; `warning`: it may, depending on settings. */
export type SamlSeverity = 'blocking' | 'warning';

/** One rule the response breaks, with the exact change that mends it. */
export interface SamlProblem {
  id: SamlProblemId;
  severity: SamlSeverity;
  /** Plain words: what is wrong. */
  summary: string;
  /** The setting to change, where, and the value it should have. */
  fix: string;
}

export interface SamlAttribute {
  name: string;
  nameFormat: string | null;
  friendlyName: string | null;
  values: string[];
  /** True when a value holds XML elements rather than text. */
  structured: boolean;
}

/**
 * What verifying one enveloped signature found.
 * - `absent`: no signature on this element.
 * - `valid`: verified with a certificate from the IdP metadata (`trusted`) or, without metadata,
 *   with the certificate the signature carries (`trusted: false`: nobody vouched for it).
 * - `other-certificate`: intact, but signed by a certificate the IdP metadata does not list.
 * - `invalid`: does not verify, or covers something other than the element it sits in.
 * - `unverifiable`: no certificate to verify with (none embedded, no metadata).
 */
export type SignatureCheck =
  | { status: 'absent' }
  | { status: 'valid'; trusted: boolean; certificate: CertificateInfo }
  | { status: 'other-certificate'; certificate: CertificateInfo; reason: string }
  | { status: 'invalid'; reason: string; certificate: CertificateInfo | undefined }
  | { status: 'unverifiable'; reason: string };

/** The assertion's contents, read from the signed XML when a signature verified. */
export interface AssertionFacts {
  id: string | null;
  issuer: string | null;
  nameId: string | null;
  nameIdFormat: string | null;
  /** NameID held an XML comment in the document as received. */
  nameIdHasComment: boolean;
  audiences: string[];
  recipient: string | null;
  /** Conditions/@NotBefore. */
  notBefore: string | null;
  /** Conditions/@NotOnOrAfter. */
  notOnOrAfter: string | null;
  /** SubjectConfirmationData/@NotOnOrAfter. */
  subjectNotOnOrAfter: string | null;
  attributes: SamlAttribute[];
  /** Where these values were read: from XML a signature covers, or from the document as received. */
  readFrom: 'signed-assertion' | 'signed-response' | 'unsigned-document';
}

/** A SAML response taken apart: everything the rules look at, nothing they have to parse. */
export interface ParsedResponse {
  id: string | null;
  issuer: string | null;
  destination: string | null;
  statusCode: string | null;
  /** The second-level status code, which says why (e.g. `…:status:RequestDenied`). */
  statusSubCode: string | null;
  statusMessage: string | null;
  /** Assertions anywhere in the document (a wrapped second one included). */
  assertionCount: number;
  encryptedAssertionCount: number;
  /** The assertion Identity Center would read; null when there is none or it is encrypted. */
  assertion: AssertionFacts | null;
  signatures: { response: SignatureCheck; assertion: SignatureCheck };
  /** Characters of the response XML (Identity Center takes at most 50,000 for the assertion). */
  sizeChars: number;
}

/** What the Identity Store said about the person the NameID (or `--user`) names. */
export type UserCheck =
  | { status: 'not-checked'; reason: string }
  | {
      status: 'found';
      identifier: string;
      foundBy: 'userName' | 'emails.value';
      tried: Array<{ attribute: 'userName' | 'emails.value'; value: string }>;
      user: SamlUser;
    }
  | {
      status: 'not-found';
      identifier: string;
      tried: Array<{ attribute: 'userName' | 'emails.value'; value: string }>;
    }
  | { status: 'failed'; identifier: string; action: string; code: string; message: string };

export interface SamlUser {
  userId: string;
  userName: string | null;
  displayName: string | null;
  status: 'ENABLED' | 'DISABLED' | null;
  emails: string[];
  /** Carries ExternalIds: provisioned by an external IdP (SCIM). */
  externallyProvisioned: boolean;
}

/** Everything a rule may look at. */
export interface RuleContext {
  response: ParsedResponse;
  sp: SpMetadata | undefined;
  idp: IdpMetadata | undefined;
  /** When validity is judged. */
  atMs: number;
  user: UserCheck;
}

/** A rule's answer: fine, broken (with the fix), or not checkable from what it was given. */
export type RuleOutcome =
  | { status: 'ok' }
  | { status: 'problem'; severity: SamlSeverity; summary: string; fix: string }
  | { status: 'not-checked'; reason: string };

/** One rule per problem id, like the diagnosis checks: a stable id, a question, and `run`. */
export interface SamlRule {
  id: SamlProblemId;
  /** The question the rule answers. */
  title: string;
  run(ctx: RuleContext): RuleOutcome;
}

/** A rule that could not be judged, and why (unknown is never healthy). */
export interface SamlGap {
  rule: SamlProblemId;
  reason: string;
}
