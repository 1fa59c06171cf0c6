import type { SamlRule } from '../types';

/** A disabled user cannot sign in, whatever the IdP sends. */
export const userDisabled: SamlRule = {
  id: 'saml-user-disabled',
  title: 'Is the user enabled in Identity Center?',
  run({ user }) {
    if (user.status !== 'found')
      return { status: 'not-checked', reason: 'no Identity Center user to look at' };
    if (user.user.status !== 'DISABLED') return { status: 'ok' };
    return {
      status: 'problem',
      severity: 'blocking',
      summary: `The Identity Center user "${user.user.userName ?? user.user.userId}" is disabled.`,
      fix: user.user.externallyProvisioned
        ? `The user is provisioned by the IdP: make the person active in the IdP (SCIM sets active=true), or enable user ${user.user.userId} in the IAM Identity Center console → Users.`
        : `Enable user ${user.user.userId} in the IAM Identity Center console → Users → the user → Enable user access.`,
    };
  },
};
