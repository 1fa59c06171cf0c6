import type { SamlRule } from '../types';
import { IDP_APP, list } from './text';

/** Recipient (and Destination, when present) must be one of the instance's ACS URLs. */
export const recipientMismatch: SamlRule = {
  id: 'saml-recipient-mismatch',
  title: "Is the response sent to the instance's ACS URL?",
  run({ response, sp }) {
    if (!sp)
      return { status: 'not-checked', reason: "no --sp-metadata: Identity Center's ACS URL is unknown" };
    const wrong: string[] = [];
    const a = response.assertion;
    if (a && (a.recipient === null || !sp.acsUrls.includes(a.recipient)))
      wrong.push(a.recipient === null ? 'the assertion has no Recipient' : `Recipient is "${a.recipient}"`);
    if (response.destination !== null && !sp.acsUrls.includes(response.destination))
      wrong.push(`Destination is "${response.destination}"`);
    if (!a && response.destination === null)
      return { status: 'not-checked', reason: 'no readable assertion and no Destination' };
    if (wrong.length === 0) return { status: 'ok' };
    const [first, ...others] = sp.acsUrls;
    return {
      status: 'problem',
      severity: 'blocking',
      summary: `The response is not addressed to Identity Center's Assertion Consumer Service: ${wrong.join('; ')}; the instance's ACS URL is ${list(sp.acsUrls)}.`,
      fix: `In ${IDP_APP}, set the ACS URL (Okta: Single sign-on URL; Entra ID: Reply URL) to exactly "${first}"${others.length > 0 ? ` (the other Regions' ACS URLs are ${list(others)})` : ''}, as in Identity Center's service provider metadata.`,
    };
  },
};
