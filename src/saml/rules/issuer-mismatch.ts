import type { SamlRule } from '../types';
import { IDC_AUTH_SETTINGS, IDP_APP, list } from './text';

/** The issuer must be the entity id of the IdP Identity Center was set up with. */
export const issuerMismatch: SamlRule = {
  id: 'saml-issuer-mismatch',
  title: "Is the issuer the IdP's entity id?",
  run({ response, idp }) {
    if (!idp) return { status: 'not-checked', reason: "no --idp-metadata: the IdP's entity id is unknown" };
    const issuers = [response.issuer, response.assertion?.issuer ?? null].filter(
      (i): i is string => i !== null,
    );
    if (issuers.length === 0)
      return {
        status: 'problem',
        severity: 'blocking',
        summary: 'The response names no Issuer.',
        fix: `In ${IDP_APP}, make the IdP send its Issuer "${idp.entityId}".`,
      };
    const wrong = [...new Set(issuers.filter((i) => i !== idp.entityId))];
    if (wrong.length === 0) return { status: 'ok' };
    return {
      status: 'problem',
      severity: 'blocking',
      summary: `The response comes from issuer ${list(wrong)}, but the IdP metadata's entity id is "${idp.entityId}".`,
      fix: `Make the two agree: upload the IdP's current metadata in ${IDC_AUTH_SETTINGS} (its entity id must be ${list(wrong)}), or set the issuer (IdP entity ID) in ${IDP_APP} to "${idp.entityId}".`,
    };
  },
};
