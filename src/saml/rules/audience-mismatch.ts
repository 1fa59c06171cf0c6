import type { SamlRule } from '../types';
import { IDP_APP, list } from './text';

/** The assertion must be addressed to Identity Center's SP entity id. */
export const audienceMismatch: SamlRule = {
  id: 'saml-audience-mismatch',
  title: "Is the audience Identity Center's entity id?",
  run({ response, sp }) {
    const a = response.assertion;
    if (!a) return { status: 'not-checked', reason: 'no readable assertion' };
    if (!sp)
      return { status: 'not-checked', reason: "no --sp-metadata: Identity Center's entity id is unknown" };
    if (a.audiences.includes(sp.entityId)) return { status: 'ok' };
    return {
      status: 'problem',
      severity: 'blocking',
      summary:
        a.audiences.length === 0
          ? 'The assertion names no audience, so it is not addressed to Identity Center.'
          : `The assertion is addressed to ${list(a.audiences)}, not to Identity Center ("${sp.entityId}").`,
      fix: `In ${IDP_APP}, set the Audience URI (called SP Entity ID in Okta, Identifier (Entity ID) in Entra ID) to exactly "${sp.entityId}", as in Identity Center's service provider metadata.`,
    };
  },
};
