import type { SamlProblemId, SamlRule } from '../types';
import { attributeNameFormat } from './attribute-name-format';
import { audienceMismatch } from './audience-mismatch';
import { certificateExpired } from './certificate-expired';
import { certificateMismatch } from './certificate-mismatch';
import { duplicateAttribute } from './duplicate-attribute';
import { encryptedAssertion } from './encrypted-assertion';
import { expired } from './expired';
import { issuerMismatch } from './issuer-mismatch';
import { multipleAssertions } from './multiple-assertions';
import { multivaluedAttribute } from './multivalued-attribute';
import { nameIdFormat } from './nameid-format';
import { nameIdNotEmail } from './nameid-not-email';
import { notYetValid } from './not-yet-valid';
import { recipientMismatch } from './recipient-mismatch';
import { signatureInvalid } from './signature-invalid';
import { statusNotSuccess } from './status-not-success';
import { tooManyAttributes } from './too-many-attributes';
import { unsigned } from './unsigned';
import { userDisabled } from './user-disabled';
import { userNotFound } from './user-not-found';
import { usernameMismatch } from './username-mismatch';

/** Every rule, in the order an admin meets the problems: the IdP's answer, trust, timing, addressing,
 * the person, then the assertion's shape. */
export const SAML_RULES: readonly SamlRule[] = [
  statusNotSuccess,
  encryptedAssertion,
  multipleAssertions,
  unsigned,
  signatureInvalid,
  certificateMismatch,
  certificateExpired,
  expired,
  notYetValid,
  audienceMismatch,
  recipientMismatch,
  issuerMismatch,
  nameIdFormat,
  nameIdNotEmail,
  userNotFound,
  usernameMismatch,
  userDisabled,
  tooManyAttributes,
  multivaluedAttribute,
  duplicateAttribute,
  attributeNameFormat,
];

export function ruleFor(id: SamlProblemId): SamlRule {
  const rule = SAML_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no SAML rule ${id}`);
  return rule;
}
