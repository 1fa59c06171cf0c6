import { analyseSamlResponse } from '../../src/saml/analyse';
import { parseIdpMetadata, parseSpMetadata } from '../../src/saml/metadata';
import { buildSamlJson } from '../../src/saml/report';
import {
  assertionXml,
  base64,
  defaultSpec,
  idpMetadataXml,
  responseXml,
  SAMPLE,
  signedResponse,
  signResponse,
  spMetadataXml,
} from './builder';
import { DANA, stubDirectory } from './directory';

const ATTACKER = 'mallory@northwind.example';

async function analyse(xml: string) {
  const directory = stubDirectory([DANA]);
  const analysis = await analyseSamlResponse(base64(xml), {
    sp: parseSpMetadata(spMetadataXml()),
    idp: parseIdpMetadata(idpMetadataXml()),
    atMs: Date.parse(SAMPLE.at),
    directory,
  });
  return {
    analysis,
    json: buildSamlJson(analysis),
    ids: analysis.problems.map((p) => p.id),
    asked: directory.asked,
  };
}

/** The signed assertion of a genuine response for Dana, as text. */
function genuineSignedAssertion(): string {
  const xml = signedResponse();
  const start = xml.indexOf('<saml:Assertion');
  return xml.slice(start, xml.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length);
}

describe('signature wrapping and comment injection', () => {
  it('a forged unsigned assertion put before the signed one is read as unsigned, never as signed', async () => {
    const forged = assertionXml(defaultSpec({ assertionId: '_forged', nameId: ATTACKER }));
    const { json, ids } = await analyse(responseXml(defaultSpec(), forged + genuineSignedAssertion()));
    expect(json.assertion.nameId).toBe(ATTACKER);
    expect(json.assertion.signed).toEqual({ response: false, assertion: false });
    expect(json.assertion.readFrom).toBe('unsigned-document');
    expect(ids).toEqual(expect.arrayContaining(['saml-multiple-assertions', 'saml-unsigned']));
  });

  it('a forged unsigned assertion put after the signed one: the signed one is what is read', async () => {
    const forged = assertionXml(defaultSpec({ assertionId: '_forged', nameId: ATTACKER }));
    const { json, ids } = await analyse(responseXml(defaultSpec(), genuineSignedAssertion() + forged));
    expect(json.assertion.nameId).toBe('Dana.Whitfield@northwind.example');
    expect(json.assertion.readFrom).toBe('signed-assertion');
    expect(ids).toEqual(['saml-multiple-assertions']);
  });

  it('a signed assertion moved away, its signature kept on a forged one: the signature does not count', async () => {
    const genuine = genuineSignedAssertion();
    // The forged assertion carries the genuine signature (which points at #_assert-8d3e6f0b1c) under
    // a new ID and a new NameID; the genuine assertion hides in the response's Extensions.
    const forged = genuine
      .replace('ID="_assert-8d3e6f0b1c"', 'ID="_forged"')
      .replace('>Dana.Whitfield@northwind.example<', `>${ATTACKER}<`);
    const xml = responseXml(defaultSpec(), forged).replace(
      '<samlp:Status>',
      `<samlp:Extensions>${genuine}</samlp:Extensions><samlp:Status>`,
    );
    const { analysis, json, ids } = await analyse(xml);
    expect(json.assertion.nameId).toBe(ATTACKER);
    expect(json.assertion.signed.assertion).toBe(false);
    expect(analysis.response.signatures.assertion).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining('signature wrapping'),
    });
    expect(ids).toEqual(expect.arrayContaining(['saml-signature-invalid', 'saml-multiple-assertions']));
  });

  it('a signed response whose assertion was swapped after signing fails the response signature', async () => {
    const signed = signResponse(responseXml(defaultSpec()));
    const swapped = signed.replace('>Dana.Whitfield@northwind.example<', `>${ATTACKER}<`);
    const { analysis, ids } = await analyse(swapped);
    expect(analysis.response.signatures.response.status).toBe('invalid');
    expect(ids).toContain('saml-signature-invalid');
  });

  it('a comment injected in a signed NameID is refused, and the whole NameID is what is looked up', async () => {
    // The IdP signed "Dana.Whitfield@northwind.example.evil.example"; a comment makes naive readers stop
    // at the first text node. Canonicalisation drops comments, so the signature still verifies.
    const xml = signedResponse({
      nameIdRaw: 'Dana.Whitfield@northwind.example<!---->.evil.example',
    });
    const { analysis, json, ids, asked } = await analyse(xml);
    expect(analysis.response.signatures.assertion.status).toBe('valid');
    expect(json.assertion.nameId).toBe('Dana.Whitfield@northwind.example.evil.example');
    expect(asked).toEqual(['Dana.Whitfield@northwind.example.evil.example']);
    expect(ids).toContain('saml-signature-invalid');
    expect(analysis.problems.find((p) => p.id === 'saml-signature-invalid')?.summary).toContain(
      'XML comment',
    );
  });

  it('two elements with the same ID are refused by the verifier', async () => {
    const genuine = genuineSignedAssertion();
    const xml = responseXml(defaultSpec(), genuine).replace(
      '<samlp:Status>',
      '<samlp:Extensions><x:Decoy xmlns:x="urn:decoy" ID="_assert-8d3e6f0b1c"/></samlp:Extensions><samlp:Status>',
    );
    const { analysis, ids } = await analyse(xml);
    expect(analysis.response.signatures.assertion).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining('same value for the ID'),
    });
    expect(ids).toContain('saml-signature-invalid');
  });
});
