import type { SamlRule } from '../types';
import { IDP_APP, list } from './text';

/** Identity Center creates no user at sign-in: the user must already exist. */
export const userNotFound: SamlRule = {
  id: 'saml-user-not-found',
  title: 'Does Identity Center have the user the NameID names?',
  run({ user }) {
    switch (user.status) {
      case 'not-checked':
        return { status: 'not-checked', reason: user.reason };
      case 'failed':
        return {
          status: 'not-checked',
          reason: `the Identity Store could not be read (${user.action}: ${user.code})`,
        };
      case 'found':
        return { status: 'ok' };
      case 'not-found':
        return {
          status: 'problem',
          severity: 'blocking',
          summary: `Identity Center has no user "${user.identifier}" (tried ${list(user.tried.map((t) => `${t.attribute}=${t.value}`))}). It never creates users at sign-in.`,
          fix: `Provision the user with user name exactly "${user.identifier}": assign the person (or a group they are in) to ${IDP_APP} so automatic provisioning (SCIM) creates them, then check the IdP's provisioning log; or create the user in Identity Center if it keeps its own users.`,
        };
    }
  },
};
