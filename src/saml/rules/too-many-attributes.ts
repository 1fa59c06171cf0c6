import type { SamlRule } from '../types';
import { ABAC_NOTE, MAX_ATTRIBUTES } from './attribute-text';
import { IDP_APP } from './text';

/** At most 50 attributes. */
export const tooManyAttributes: SamlRule = {
  id: 'saml-too-many-attributes',
  title: 'Are there at most 50 attributes?',
  run({ response }) {
    const a = response.assertion;
    if (!a) return { status: 'not-checked', reason: 'no readable assertion' };
    if (a.attributes.length <= MAX_ATTRIBUTES) return { status: 'ok' };
    return {
      status: 'problem',
      severity: 'warning',
      summary: `The assertion carries ${a.attributes.length} attributes; at most ${MAX_ATTRIBUTES} are allowed. ${ABAC_NOTE}`,
      fix: `Remove attribute statements from ${IDP_APP} until at most ${MAX_ATTRIBUTES} remain (${a.attributes.length - MAX_ATTRIBUTES} to go); keep the ones your access-control policies use.`,
    };
  },
};
