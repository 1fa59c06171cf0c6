import type { SamlRule } from '../types';
import { EMAIL_FORMAT, IDP_APP, quote } from './text';

/** Identity Center accepts only the emailAddress NameID format. */
export const nameIdFormat: SamlRule = {
  id: 'saml-nameid-format',
  title: 'Is the NameID format emailAddress?',
  run({ response }) {
    const a = response.assertion;
    if (!a) return { status: 'not-checked', reason: 'no readable assertion' };
    if (a.nameIdFormat === EMAIL_FORMAT) return { status: 'ok' };
    return {
      status: 'problem',
      severity: 'blocking',
      summary: `The NameID format is ${a.nameIdFormat === null ? 'not given (unspecified)' : quote(a.nameIdFormat)}; Identity Center accepts only emailAddress.`,
      fix: `In ${IDP_APP}, set the Name ID format to EmailAddress ("${EMAIL_FORMAT}").`,
    };
  },
};
