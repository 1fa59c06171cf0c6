import { explainForAdmin } from '../../src/explain';
import { adminText, explainContext, findingFor } from '../explain/fixtures';

describe('the admin text points at the SAML analyser', () => {
  it('for external-idp-login-failed, names cant-login saml and /cant-login saml', () => {
    const text = adminText(explainForAdmin(findingFor('external-idp-login-failed'), explainContext()));
    expect(text).toContain('`cant-login saml <file>`');
    expect(text).toContain('`/cant-login saml`');
  });

  it('for no other cause', () => {
    for (const cause of ['username-mismatch', 'user-not-found', 'symptom-unexpected-error'] as const) {
      expect(adminText(explainForAdmin(findingFor(cause), explainContext()))).not.toContain(
        'cant-login saml',
      );
    }
  });
});
