import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SAML_RULES } from '../../src/saml/rules';
import { SAML_PROBLEM_IDS } from '../../src/saml/types';

const DOC = readFileSync(resolve(__dirname, '../../docs/saml.md'), 'utf8');

describe('docs/saml.md', () => {
  it('documents every problem id (a public contract) in its table, and no other', () => {
    const documented = [...DOC.matchAll(/^\| `(saml-[a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual([...SAML_PROBLEM_IDS]);
  });

  it('gives the same severity the rule uses, as far as the rule has one', () => {
    const warnings = [
      'saml-certificate-expired',
      'saml-too-many-attributes',
      'saml-multivalued-attribute',
      'saml-duplicate-attribute',
      'saml-attribute-name-format',
    ];
    for (const rule of SAML_RULES) {
      const row = DOC.split('\n').find((l) => l.startsWith(`| \`${rule.id}\` |`)) ?? '';
      expect(
        row
          .split('|')[2]
          ?.trim()
          .startsWith(warnings.includes(rule.id) ? 'warning' : 'blocking'),
      ).toBe(true);
    }
  });
});
