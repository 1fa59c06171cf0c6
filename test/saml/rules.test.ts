import { analyseSamlResponse } from '../../src/saml/analyse';
import { parseIdpMetadata, parseSpMetadata } from '../../src/saml/metadata';
import { SAML_RULES } from '../../src/saml/rules';
import { SAML_PROBLEM_IDS, type SamlProblemId } from '../../src/saml/types';
import {
  type AttributeSpec,
  base64,
  DEMO_KEYS,
  defaultSpec,
  EXPIRED_KEYS,
  idpMetadataXml,
  ROTATED_KEYS,
  responseXml,
  SAMPLE,
  signAssertion,
  signedAssertionXml,
  signedResponse,
  signResponse,
  spMetadataXml,
} from './builder';
import { DANA, DISABLED_LEE, PLAIN_NAME, stubDirectory } from './directory';

const sp = parseSpMetadata(spMetadataXml());
const idp = parseIdpMetadata(idpMetadataXml());
const AT = Date.parse(SAMPLE.at);

async function problemsOf(xml: string, options: { atMs?: number; idpMeta?: typeof idp } = {}) {
  const analysis = await analyseSamlResponse(base64(xml), {
    sp,
    idp: options.idpMeta ?? idp,
    atMs: options.atMs ?? AT,
    directory: stubDirectory([DANA, DISABLED_LEE, PLAIN_NAME]),
  });
  return analysis;
}

const uri = 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri';
const many: AttributeSpec[] = Array.from({ length: 51 }, (_, i) => ({
  name: `https://aws.amazon.com/SAML/Attributes/AccessControl:a${i}`,
  nameFormat: uri,
  values: [`v${i}`],
}));

/** One response per problem id, broken in exactly that way and no other. */
const CASES: Array<[SamlProblemId, () => string, { atMs?: number; idpMeta?: typeof idp }?]> = [
  [
    'saml-status-not-success',
    () =>
      signResponse(
        responseXml(
          defaultSpec({
            statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
            statusSubCode: 'urn:oasis:names:tc:SAML:2.0:status:RequestDenied',
            statusMessage: 'User is not assigned to this application',
            noAssertion: true,
          }),
        ),
      ),
  ],
  ['saml-unsigned', () => responseXml(defaultSpec())],
  ['saml-signature-invalid', () => signedResponse().replace('>Robotics<', '>Finance<')],
  ['saml-certificate-mismatch', () => signedResponse({}, ROTATED_KEYS)],
  [
    'saml-certificate-expired',
    () => signedResponse({}, EXPIRED_KEYS),
    { idpMeta: parseIdpMetadata(idpMetadataXml([EXPIRED_KEYS])) },
  ],
  ['saml-expired', () => signedResponse(), { atMs: Date.parse('2026-11-23T12:10:00Z') }],
  ['saml-not-yet-valid', () => signedResponse(), { atMs: Date.parse('2026-11-23T11:50:00Z') }],
  ['saml-audience-mismatch', () => signedResponse({ audiences: ['urn:amazon:webservices'] })],
  [
    'saml-recipient-mismatch',
    () =>
      signedResponse({
        recipient: 'https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/old-tenant',
        destination: 'https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/old-tenant',
      }),
  ],
  [
    'saml-issuer-mismatch',
    () =>
      signedResponse({ issuer: 'http://www.okta.com/exkOLD', responseIssuer: 'http://www.okta.com/exkOLD' }),
  ],
  [
    'saml-nameid-format',
    () => signedResponse({ nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' }),
  ],
  ['saml-nameid-not-email', () => signedResponse({ nameId: 'dwhitfield' })],
  ['saml-user-not-found', () => signedResponse({ nameId: 'nobody@northwind.example' })],
  ['saml-username-mismatch', () => signedResponse({ nameId: 'dana.whitfield@northwind.example' })],
  ['saml-user-disabled', () => signedResponse({ nameId: 'lee.park@northwind.example' })],
  [
    'saml-multiple-assertions',
    () =>
      responseXml(
        defaultSpec(),
        signedAssertionXml(defaultSpec()) +
          signedAssertionXml(defaultSpec({ assertionId: '_assert-second' })),
      ),
  ],
  ['saml-encrypted-assertion', () => signResponse(responseXml(defaultSpec({ encrypted: true })))],
  ['saml-too-many-attributes', () => signedResponse({ attributes: many })],
  [
    'saml-multivalued-attribute',
    () =>
      signedResponse({
        attributes: [
          {
            name: 'https://aws.amazon.com/SAML/Attributes/AccessControl:Team',
            nameFormat: uri,
            values: ['arm', 'vision'],
          },
        ],
      }),
  ],
  [
    'saml-duplicate-attribute',
    () =>
      signedResponse({
        attributes: [
          {
            name: 'https://aws.amazon.com/SAML/Attributes/AccessControl:Team',
            nameFormat: uri,
            values: ['arm'],
          },
          {
            name: 'https://aws.amazon.com/SAML/Attributes/AccessControl:Team',
            nameFormat: uri,
            values: ['vision'],
          },
        ],
      }),
  ],
  [
    'saml-attribute-name-format',
    () =>
      signedResponse({
        attributes: [
          {
            name: 'Department',
            nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified',
            values: ['Robotics'],
          },
        ],
      }),
  ],
];

describe('SAML rules', () => {
  it('has one rule per problem id, and a case below for each', () => {
    expect(SAML_RULES.map((r) => r.id).sort()).toEqual([...SAML_PROBLEM_IDS].sort());
    expect(CASES.map(([id]) => id).sort()).toEqual([...SAML_PROBLEM_IDS].sort());
  });

  it('finds nothing wrong with a correct, signed response for an existing user', async () => {
    const analysis = await problemsOf(signedResponse());
    expect(analysis.problems).toEqual([]);
    expect(analysis.gaps).toEqual([]);
    expect(analysis.user).toMatchObject({
      status: 'found',
      user: { userName: 'Dana.Whitfield@northwind.example' },
    });
    expect(analysis.response.assertion?.readFrom).toBe('signed-assertion');
  });

  // Every row has three members: jest would take a missing third for a `done` callback.
  it.each(CASES.map(([id, build, options]) => [id, build, options ?? {}] as const))(
    'detects %s, and only that',
    async (id, build, options) => {
      const analysis = await problemsOf(build(), options);
      expect(analysis.problems.map((p) => p.id)).toEqual([id]);
      const [problem] = analysis.problems;
      expect(problem?.summary.length).toBeGreaterThan(20);
      expect(problem?.fix.length).toBeGreaterThan(20);
    },
  );

  it('names the value each fix needs, taken from the metadata or the user record', async () => {
    const fixOf = async (xml: string) => (await problemsOf(xml)).problems[0]?.fix ?? '';
    expect(await fixOf(signedResponse({ audiences: ['urn:amazon:webservices'] }))).toContain(
      `"${SAMPLE.spEntityId}"`,
    );
    expect(await fixOf(signedResponse({ recipient: 'https://wrong.example/acs' }))).toContain(
      `"${SAMPLE.acsUrl}"`,
    );
    expect(await fixOf(signedResponse({ nameId: 'dana.whitfield@northwind.example' }))).toContain(
      '"Dana.Whitfield@northwind.example"',
    );
    expect(await fixOf(signedResponse({ nameIdFormat: null }))).toContain(
      '"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"',
    );
    expect(await fixOf(signedResponse({}, ROTATED_KEYS))).toContain(
      parseIdpMetadata(idpMetadataXml([ROTATED_KEYS])).signingCertificates[0]?.sha256,
    );
  });

  it('allows five minutes of clock skew either side, and no more', async () => {
    const ids = async (at: string) =>
      (await problemsOf(signedResponse(), { atMs: Date.parse(at) })).problems.map((p) => p.id);
    // NotBefore 11:58:30, NotOnOrAfter 12:04:00.
    expect(await ids('2026-11-23T11:53:30Z')).toEqual([]);
    expect(await ids('2026-11-23T11:53:29Z')).toEqual(['saml-not-yet-valid']);
    expect(await ids('2026-11-23T12:08:59Z')).toEqual([]);
    expect(await ids('2026-11-23T12:09:00Z')).toEqual(['saml-expired']);
  });

  it('says which rules it could not judge without metadata, never that they passed', async () => {
    const analysis = await analyseSamlResponse(
      base64(signedResponse({ audiences: ['urn:amazon:webservices'] })),
      {
        atMs: AT,
      },
    );
    expect(analysis.problems).toEqual([]);
    expect(analysis.gaps.map((g) => g.rule)).toEqual([
      'saml-certificate-mismatch',
      'saml-audience-mismatch',
      'saml-recipient-mismatch',
      'saml-issuer-mismatch',
      'saml-user-not-found',
      'saml-username-mismatch',
      'saml-user-disabled',
    ]);
    expect(analysis.response.signatures.assertion).toMatchObject({ status: 'valid', trusted: false });
  });

  it('warns when only the response is signed but the SP metadata wants signed assertions', async () => {
    const analysis = await problemsOf(signResponse(responseXml(defaultSpec())));
    expect(analysis.problems.map((p) => [p.id, p.severity])).toEqual([['saml-unsigned', 'warning']]);
    expect(analysis.response.assertion?.readFrom).toBe('signed-response');
  });

  it('accepts a response signed with any certificate the IdP metadata lists (a rotation in progress)', async () => {
    const both = parseIdpMetadata(idpMetadataXml([DEMO_KEYS, ROTATED_KEYS]));
    const analysis = await problemsOf(signedResponse({}, ROTATED_KEYS), { idpMeta: both });
    expect(analysis.problems).toEqual([]);
  });

  it('flags structured XML in an attribute value as not a single plain value', async () => {
    const analysis = await problemsOf(
      signedResponse({
        attributes: [
          { name: 'Groups', nameFormat: uri, values: [], rawValue: '<g xmlns="urn:x">admins</g>' },
        ],
      }),
    );
    expect(analysis.problems.map((p) => p.id)).toEqual(['saml-multivalued-attribute']);
    expect(analysis.problems[0]?.summary).toContain('XML rather than text');
  });

  it('signs the fixture responses the way an IdP does (the assertion verifies on its own)', () => {
    expect(signAssertion(responseXml(defaultSpec()))).toContain('<ds:Reference URI="#_assert-8d3e6f0b1c">');
  });
});
