import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyseSamlResponse } from '../../src/saml/analyse';
import { parseIdpMetadata, parseSpMetadata } from '../../src/saml/metadata';
import { base64, danaSampleXml, idpMetadataXml, SAMPLE, SAMPLE_DIR, spMetadataXml } from './builder';

// The committed sample is what the builder makes (RSA PKCS#1 v1.5 signatures are deterministic), so it
// can be regenerated: WRITE_SAML_SAMPLE=1 npx jest test/saml/sample.test.ts
const FILES: Record<string, () => string> = {
  'dana-response.b64': () => `${base64(danaSampleXml())}\n`,
  'idp-metadata.xml': () => idpMetadataXml(),
  'sp-metadata.xml': () => spMetadataXml(),
};

describe('samples/saml', () => {
  if (process.env.WRITE_SAML_SAMPLE) {
    for (const [name, make] of Object.entries(FILES)) writeFileSync(resolve(SAMPLE_DIR, name), make());
  }

  it.each(Object.keys(FILES))('%s is exactly what the builder produces', (name) => {
    expect(readFileSync(resolve(SAMPLE_DIR, name), 'utf8')).toBe(FILES[name]?.());
  });

  it("Dana's sample verifies against the demo IdP and, without an Identity Store, leaves only the user rules unchecked", async () => {
    const analysis = await analyseSamlResponse(
      readFileSync(resolve(SAMPLE_DIR, 'dana-response.b64'), 'utf8'),
      {
        sp: parseSpMetadata(readFileSync(resolve(SAMPLE_DIR, 'sp-metadata.xml'), 'utf8')),
        idp: parseIdpMetadata(readFileSync(resolve(SAMPLE_DIR, 'idp-metadata.xml'), 'utf8')),
        atMs: Date.parse(SAMPLE.at),
      },
    );
    expect(analysis.response.assertion?.nameId).toBe('dana.whitfield@northwind.example');
    expect(analysis.response.signatures.assertion).toMatchObject({ status: 'valid', trusted: true });
    expect(analysis.problems).toEqual([]);
    expect(analysis.gaps.map((g) => g.rule)).toEqual([
      'saml-user-not-found',
      'saml-username-mismatch',
      'saml-user-disabled',
    ]);
  });
});
