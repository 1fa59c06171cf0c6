import type { SamlRule } from '../types';
import { IDP_APP, quote } from './text';

// RFC 2822 addr-spec: dot-atom or quoted-string, "@", dot-atom or a domain literal.
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const DOT_ATOM = `${ATEXT}+(?:\\.${ATEXT}+)*`;
const QUOTED = '"(?:[^"\\\\\\r\\n]|\\\\.)*"';
const DOMAIN_LITERAL = '\\[[^\\[\\]\\\\\\r\\n]*\\]';
const ADDR_SPEC = new RegExp(`^(?:${DOT_ATOM}|${QUOTED})@(?:${DOT_ATOM}|${DOMAIN_LITERAL})$`);

/** Whether `value` is an RFC 2822 addr-spec (what Identity Center requires of the NameID). */
export function isAddrSpec(value: string): boolean {
  return ADDR_SPEC.test(value);
}

/** The NameID must be an email address in RFC 2822 form. */
export const nameIdNotEmail: SamlRule = {
  id: 'saml-nameid-not-email',
  title: 'Is the NameID an email address (RFC 2822)?',
  run({ response, user }) {
    const a = response.assertion;
    if (!a) return { status: 'not-checked', reason: 'no readable assertion' };
    if (a.nameId !== null && isAddrSpec(a.nameId)) return { status: 'ok' };
    const expected =
      user.status === 'found' && user.user.userName ? ` ("${user.user.userName}" for this person)` : '';
    return {
      status: 'problem',
      severity: 'blocking',
      summary:
        a.nameId === null || a.nameId === ''
          ? 'The assertion has no NameID, so Identity Center cannot tell who is signing in.'
          : `The NameID ${quote(a.nameId)} is not an email address in RFC 2822 form.`,
      fix: `In ${IDP_APP}, map the NameID to the attribute that holds the person's Identity Center user name, an email address${expected} (Okta: Application username format "Email"; Entra ID: Unique User Identifier user.userprincipalname or user.mail).`,
    };
  },
};
