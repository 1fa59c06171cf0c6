import type { SamlRule } from '../types';
import { ABAC_NOTE } from './attribute-text';
import { IDP_APP, list } from './text';

/** No two attributes with the same name. */
export const duplicateAttribute: SamlRule = {
  id: 'saml-duplicate-attribute',
  title: 'Is every attribute name used once?',
  run({ response }) {
    const a = response.assertion;
    if (!a) return { status: 'not-checked', reason: 'no readable assertion' };
    const seen = new Map<string, number>();
    for (const x of a.attributes) seen.set(x.name, (seen.get(x.name) ?? 0) + 1);
    const twice = [...seen].filter(([, n]) => n > 1).map(([name]) => name);
    if (twice.length === 0) return { status: 'ok' };
    return {
      status: 'problem',
      severity: 'warning',
      summary: `The attribute${twice.length === 1 ? '' : 's'} ${list(twice)} ${twice.length === 1 ? 'appears' : 'appear'} more than once. ${ABAC_NOTE}`,
      fix: `In ${IDP_APP}, keep one attribute statement for ${list(twice)} and delete the others.`,
    };
  },
};
