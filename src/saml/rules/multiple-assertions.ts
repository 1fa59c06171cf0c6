import type { SamlRule } from '../types';
import { IDP_APP, SUCCESS } from './text';

/** Identity Center accepts exactly one assertion per response. */
export const multipleAssertions: SamlRule = {
  id: 'saml-multiple-assertions',
  title: 'Does the response carry exactly one assertion?',
  run({ response }) {
    const total = response.assertionCount + response.encryptedAssertionCount;
    if (total === 1) return { status: 'ok' };
    if (total === 0) {
      if (response.statusCode !== SUCCESS)
        return { status: 'not-checked', reason: 'the IdP reported a failure, so no assertion is expected' };
      return {
        status: 'problem',
        severity: 'blocking',
        summary: 'The response reports success but carries no assertion.',
        fix: `Check ${IDP_APP}: it must send one signed assertion with the response.`,
      };
    }
    return {
      status: 'problem',
      severity: 'blocking',
      summary: `The response carries ${total} assertions; Identity Center accepts exactly one. An extra unsigned assertion is also how a signature-wrapping attack looks.`,
      fix: `Configure ${IDP_APP} to send a single assertion. If you did not expect a second one, treat this response as tampered with.`,
    };
  },
};
