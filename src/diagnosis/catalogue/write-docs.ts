import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCausesDoc, renderReadme } from './render';

/*
 * `npm run docs:causes`: rewrites docs/causes.md and the README's generated blocks from the catalogue.
 * Run it after changing any meta.ts; test/diagnosis/catalogue/docs.test.ts fails until you do.
 */

const root = join(__dirname, '../../..');

function write(relative: string, text: string): void {
  const path = join(root, relative);
  const before = readFileSync(path, 'utf8');
  if (before === text) {
    process.stdout.write(`${relative}: up to date\n`);
    return;
  }
  writeFileSync(path, text);
  process.stdout.write(`${relative}: written\n`);
}

write('docs/causes.md', renderCausesDoc());
write('README.md', renderReadme(readFileSync(join(root, 'README.md'), 'utf8')));
