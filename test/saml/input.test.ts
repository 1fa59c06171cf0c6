import { SamlInputError } from '../../src/saml/errors';
import { decodeSamlInput } from '../../src/saml/input';
import { parseIdpMetadata, parseSpMetadata } from '../../src/saml/metadata';
import { parseResponse } from '../../src/saml/parse';
import { base64, idpMetadataXml, SAMPLE, signedResponse, spMetadataXml } from './builder';

const XML = signedResponse();
const B64 = base64(XML);

function har(
  entries: Array<{
    url: string;
    method?: string;
    params?: Array<{ name: string; value: string }>;
    text?: string;
  }>,
) {
  return JSON.stringify({
    log: {
      version: '1.2',
      entries: entries.map((e) => ({
        request: {
          method: e.method ?? 'POST',
          url: e.url,
          postData: {
            mimeType: 'application/x-www-form-urlencoded',
            ...(e.params ? { params: e.params } : {}),
            ...(e.text ? { text: e.text } : {}),
          },
        },
      })),
    },
  });
}

function refusal(input: string): string {
  try {
    decodeSamlInput(input);
  } catch (error) {
    expect(error).toBeInstanceOf(SamlInputError);
    return (error as SamlInputError).code;
  }
  throw new Error('expected a refusal');
}

describe('decodeSamlInput', () => {
  it('takes base64, with line breaks as copied from a browser', () => {
    const wrapped = B64.replace(/(.{76})/g, '$1\n');
    expect(decodeSamlInput(wrapped)).toEqual({ xml: XML, form: 'base64' });
  });

  it('takes URL-encoded base64 and a whole form body', () => {
    expect(decodeSamlInput(encodeURIComponent(B64))).toEqual({ xml: XML, form: 'url-encoded-base64' });
    const body = `SAMLResponse=${encodeURIComponent(B64)}&RelayState=abc`;
    expect(decodeSamlInput(body)).toEqual({ xml: XML, form: 'form-body' });
  });

  it('takes the raw XML', () => {
    expect(decodeSamlInput(`\n${XML}\n`)).toEqual({ xml: XML, form: 'xml' });
  });

  it("takes a HAR file and picks the POST to the ACS URL, not another form's", () => {
    const other = base64('<x/>');
    const file = har([
      { url: 'https://idp.northwind.example/login', params: [{ name: 'SAMLResponse', value: other }] },
      { url: SAMPLE.acsUrl, params: [{ name: 'SAMLResponse', value: encodeURIComponent(B64) }] },
      { url: 'https://portal.example/next', method: 'GET' },
    ]);
    expect(decodeSamlInput(file)).toEqual({ xml: XML, form: 'har', postedTo: SAMPLE.acsUrl });
  });

  it('reads a HAR whose post data is only the raw form text', () => {
    const file = har([{ url: SAMPLE.acsUrl, text: `RelayState=x&SAMLResponse=${encodeURIComponent(B64)}` }]);
    expect(decodeSamlInput(file).xml).toBe(XML);
  });

  it('refuses what is not a SAML response, with a reason', () => {
    expect(refusal('')).toBe('not-saml-response');
    expect(refusal('hello, this is not it')).toBe('not-saml-response');
    expect(refusal(base64('just some text'))).toBe('not-saml-response');
    expect(refusal('{"not":"a har"}')).toBe('not-saml-response');
    expect(refusal(har([{ url: SAMPLE.acsUrl, params: [{ name: 'RelayState', value: 'x' }] }]))).toBe(
      'not-saml-response',
    );
  });
});

describe('parseResponse', () => {
  const idp = parseIdpMetadata(idpMetadataXml());

  it('refuses XML that is not a samlp:Response', () => {
    expect(() =>
      parseResponse('<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>', idp),
    ).toThrow(/not a SAML response/);
  });

  it('refuses a DOCTYPE and XML that is not well-formed', () => {
    expect(() => parseResponse(`<!DOCTYPE x [<!ENTITY a "b">]>${XML}`, idp)).toThrow(/DOCTYPE/);
    expect(() =>
      parseResponse('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">', idp),
    ).toThrow(/not well-formed/);
  });
});

describe('metadata', () => {
  it("reads Identity Center's SP metadata and the IdP's", () => {
    expect(parseSpMetadata(spMetadataXml())).toEqual({
      entityId: SAMPLE.spEntityId,
      acsUrls: [SAMPLE.acsUrl],
      nameIdFormats: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
      wantAssertionsSigned: true,
    });
    const idp = parseIdpMetadata(idpMetadataXml());
    expect(idp.entityId).toBe(SAMPLE.idpEntityId);
    expect(idp.signingCertificates.map((c) => c.subject)).toEqual([
      'CN=idp.northwind.example demo signing, O=Northwind Robotics (demo)',
    ]);
  });

  it('refuses metadata of the wrong kind', () => {
    expect(() => parseSpMetadata(idpMetadataXml())).toThrow(/SPSSODescriptor/);
    expect(() => parseIdpMetadata(spMetadataXml())).toThrow(/IDPSSODescriptor/);
    expect(() => parseIdpMetadata('<nope/>')).toThrow(SamlInputError);
  });
});
