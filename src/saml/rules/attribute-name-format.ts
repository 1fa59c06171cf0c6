import type { SamlRule } from '../types';
import { ABAC_NOTE } from './attribute-text';
import { IDP_APP, list } from './text';

const SAML_FORMATS = new Set([
  'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
  'urn:oasis:names:tc:SAML:2.0:attrname-format:basic',
]);

/** Attribute NameFormat must be a SAML-specified one (uri or basic), not the generic "unspecified".
 * An attribute without NameFormat is not flagged: IdPs commonly omit it. */
export const attributeNameFormat: SamlRule = {
  id: 'saml-attribute-name-format',
  title: 'Do attributes use a SAML-specified Name format?',
  run({ response }) {
    const a = response.assertion;
    if (!a) return { status: 'not-checked', reason: 'no readable assertion' };
    const generic = a.attributes.filter((x) => x.nameFormat !== null && !SAML_FORMATS.has(x.nameFormat));
    if (generic.length === 0) return { status: 'ok' };
    const formats = [...new Set(generic.map((x) => x.nameFormat ?? ''))];
    return {
      status: 'problem',
      severity: 'warning',
      summary: `${list(generic.map((x) => x.name))} use${generic.length === 1 ? 's' : ''} the Name format ${list(formats)}, not a SAML-specified one. ${ABAC_NOTE}`,
      fix: `In ${IDP_APP}, set the Name format of ${list(generic.map((x) => x.name))} to URI Reference ("urn:oasis:names:tc:SAML:2.0:attrname-format:uri") or Basic.`,
    };
  },
};
