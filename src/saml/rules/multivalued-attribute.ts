import type { SamlRule } from '../types';
import { ABAC_NOTE } from './attribute-text';
import { IDP_APP, list } from './text';

/** Each attribute carries exactly one plain-text value. */
export const multivaluedAttribute: SamlRule = {
  id: 'saml-multivalued-attribute',
  title: 'Does every attribute carry one plain value?',
  run({ response }) {
    const a = response.assertion;
    if (!a) return { status: 'not-checked', reason: 'no readable assertion' };
    const many = a.attributes.filter((x) => x.values.length > 1).map((x) => x.name);
    const structured = a.attributes.filter((x) => x.structured).map((x) => x.name);
    if (many.length === 0 && structured.length === 0) return { status: 'ok' };
    const parts = [
      many.length > 0 ? `${list(many)} ${many.length === 1 ? 'has' : 'have'} more than one value` : undefined,
      structured.length > 0
        ? `${list(structured)} ${structured.length === 1 ? 'holds' : 'hold'} XML rather than text`
        : undefined,
    ].filter(Boolean);
    return {
      status: 'problem',
      severity: 'warning',
      summary: `${parts.join('; ')}. ${ABAC_NOTE}`,
      fix: `In ${IDP_APP}, send a single plain-text value for ${list([...new Set([...many, ...structured])])} (pick one value, or join them into one string), or remove the attribute if no policy uses it.`,
    };
  },
};
