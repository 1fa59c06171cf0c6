import type { SamlUserDirectory } from '../../src/saml/analyse';
import type { SamlUser, UserCheck } from '../../src/saml/types';

/** A small Identity Store for rule tests, looked up the way the real adapter does (user name, then
 * email, as given then lower-cased). The end-to-end tests use the sandbox instead. */
export function stubDirectory(users: SamlUser[]): SamlUserDirectory & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async lookup(identifier): Promise<UserCheck> {
      asked.push(identifier);
      const tried: Array<{ attribute: 'userName' | 'emails.value'; value: string }> = [];
      const values =
        identifier === identifier.toLowerCase() ? [identifier] : [identifier, identifier.toLowerCase()];
      for (const value of values) {
        for (const attribute of ['userName', 'emails.value'] as const) {
          tried.push({ attribute, value });
          const user = users.find((u) =>
            attribute === 'userName' ? u.userName === value : u.emails.includes(value),
          );
          if (user) return { status: 'found', identifier, foundBy: attribute, tried, user };
        }
      }
      return { status: 'not-found', identifier, tried };
    },
  };
}

export const DANA: SamlUser = {
  userId: '29456e16-1947-4dff-9765-4eae998403a9',
  userName: 'Dana.Whitfield@northwind.example',
  displayName: 'Dana Whitfield',
  status: 'ENABLED',
  emails: ['dana.whitfield@northwind.example'],
  externallyProvisioned: true,
};

export const DISABLED_LEE: SamlUser = {
  userId: 'a1b2c3d4-0000-4000-8000-00000000lee1',
  userName: 'lee.park@northwind.example',
  displayName: 'Lee Park',
  status: 'DISABLED',
  emails: ['lee.park@northwind.example'],
  externallyProvisioned: true,
};

/** A user whose user name is not an email address (Identity Center allows it; SAML sign-in does not). */
export const PLAIN_NAME: SamlUser = {
  userId: 'a1b2c3d4-0000-4000-8000-0000000plain',
  userName: 'dwhitfield',
  displayName: 'D. Whitfield',
  status: 'ENABLED',
  emails: ['d.whitfield@northwind.example'],
  externallyProvisioned: false,
};
