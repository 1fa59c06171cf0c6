import type { SamlRule } from '../types';
import { IDP_APP, quote, SUCCESS, urnTail } from './text';

/** The IdP said the sign-in failed before any assertion was made. */
export const statusNotSuccess: SamlRule = {
  id: 'saml-status-not-success',
  title: 'Did the IdP report success?',
  run({ response }) {
    if (response.statusCode === SUCCESS) return { status: 'ok' };
    const why = [
      response.statusSubCode ? `reason ${urnTail(response.statusSubCode)}` : undefined,
      response.statusMessage ? `message ${quote(response.statusMessage)}` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    return {
      status: 'problem',
      severity: 'blocking',
      summary: `The IdP did not sign the person in: the response status is ${urnTail(response.statusCode)}${why ? ` (${why})` : ''}, not Success.`,
      fix: `Find this sign-in in the IdP's own sign-in log (Okta System Log, Entra ID sign-in logs, Google Workspace audit) for the reason. Most often the person is not assigned to ${IDP_APP}: assign them, or a group they are in, to that application.`,
    };
  },
};
