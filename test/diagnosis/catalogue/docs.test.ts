import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGUE } from '../../../src/diagnosis/catalogue';
import { CAUSE_ID_LIST } from '../../../src/diagnosis/catalogue/ids';
import { renderCausesDoc, renderReadme, renderRules } from '../../../src/diagnosis/catalogue/render';

const ROOT = join(__dirname, '../../..');
const read = (relative: string) => readFileSync(join(ROOT, relative), 'utf8');

/** Fails with the first line that differs and the command that fixes it. */
function expectGenerated(relative: string, expected: string): void {
  const actual = read(relative);
  if (actual === expected) return;
  const a = actual.split('\n');
  const e = expected.split('\n');
  const line = e.findIndex((text, i) => text !== a[i]);
  const at = line < 0 ? e.length : line;
  throw new Error(
    `${relative} differs from what the catalogue generates (line ${at + 1}):\n` +
      `  file:      ${a[at] ?? '(end of file)'}\n  generated: ${e[at] ?? '(end of file)'}\n` +
      'Run `npm run docs:causes` and commit the result (edit src/diagnosis/catalogue/<cause-id>/meta.ts, not the file).',
  );
}

describe('docs generated from the catalogue', () => {
  it('docs/causes.md is exactly what `npm run docs:causes` writes', () => {
    expectGenerated('docs/causes.md', renderCausesDoc());
  });

  it("the README's generated blocks are exactly what `npm run docs:causes` writes", () => {
    expectGenerated('README.md', renderReadme(read('README.md')));
  });

  it('docs/causes.md lists every cause once, with its evidence, in catalogue order', () => {
    const doc = renderCausesDoc();
    const tables = doc.slice(0, doc.indexOf('## Where an administrator looks'));
    const rows = tables.split('\n').filter((l) => /^\| `[a-z-]+` \|/.test(l));
    expect(rows.map((l) => /^\| `([a-z-]+)`/.exec(l)?.[1])).toEqual([...CAUSE_ID_LIST]);
    for (const id of CAUSE_ID_LIST) expect(doc).toContain(CATALOGUE[id].evidence);
  });

  it('states the amended precedence, generated from the outranks declarations', () => {
    const rules = renderRules().join(' ').replace(/\s+/g, ' ');
    expect(rules).toContain('`account-not-active` outranks every other cause about the same account');
    expect(rules).toContain('`username-not-email` outranks `username-mismatch`');
    expect(rules).toContain(
      '`mfa-code-failures` outranks `mfa-registration-required`: rejected codes prove a device exists, even when a registration prompt came after them',
    );
    expect(rules).toContain(
      '`provisioning-in-progress` and `provisioning-failed` outrank `permission-set-not-provisioned` for the same account and permission set',
    );
    expect(rules).toContain('setup (A), the user record (B), signing in (D) and access after sign-in (C)');
  });

  it('refuses a README whose generated block lost its markers', () => {
    expect(() => renderReadme('# cant-login\n<!-- causes:start -->\n')).toThrow(
      'README.md has no "<!-- causes:start -->" … "<!-- causes:end -->" block',
    );
  });
});
