// Shared wording for the rules' fixes: where things live, so every fix names the same places.

/** Where Identity Center keeps the external IdP's settings. */
export const IDC_AUTH_SETTINGS =
  'IAM Identity Center console → Settings → Identity source → Actions → Manage authentication';

/** The IdP side: the application that represents Identity Center in the IdP. */
export const IDP_APP = "the IdP's application for AWS IAM Identity Center";

export const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
export const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

/** How far clocks may disagree before validity times count against the response. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export function quote(value: string | null | undefined): string {
  return value === null || value === undefined ? '(none)' : `"${value}"`;
}

export function list(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

/** The short tail of a SAML URN, for plain words (`…:status:Requester` → `Requester`). */
export function urnTail(urn: string | null): string {
  if (!urn) return 'none';
  return urn.split(':').at(-1) ?? urn;
}
