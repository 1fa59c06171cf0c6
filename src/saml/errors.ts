/** Why the analyser refused an input or a metadata file. */
export type SamlInputErrorCode = 'not-saml-response' | 'bad-metadata';

/** The input is not a SAML response (nor a HAR, form body or encoding of one): the CLI exits 2. */
export class SamlInputError extends Error {
  override readonly name = 'SamlInputError';
  constructor(
    readonly code: SamlInputErrorCode,
    message: string,
  ) {
    super(message);
  }
}
