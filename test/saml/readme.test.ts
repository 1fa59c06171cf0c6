import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { main } from '../../src/cli/main';
import { captureIo } from '../cli/capture-io';

const ROOT = resolve(__dirname, '../..');
const README = readFileSync(resolve(ROOT, 'README.md'), 'utf8');

/** The README's runnable `cant-login saml` blocks (test/docs/readme.test.ts runs them too; this checks what they print). */
function runnableSamlBlocks(): string[] {
  const blocks: string[] = [];
  const marker = /```sh runnable\n(npx cant-login saml [\s\S]*?)```/g;
  for (let m = marker.exec(README); m; m = marker.exec(README)) if (m[1]) blocks.push(m[1]);
  return blocks;
}

describe('README: the SAML analyser on the sample', () => {
  const blocks = runnableSamlBlocks();

  it('has the runnable block', () => {
    expect(blocks).toHaveLength(1);
  });

  it.each(blocks)('runs as written: %s', async (block) => {
    const command = block.replace(/\\\n/g, ' ').trim();
    const [npx, bin, ...args] = command.split(/\s+/);
    expect([npx, bin]).toEqual(['npx', 'cant-login']);
    const io = captureIo({ AWS_QUOTA_SHARE: '1' });
    // Paths in the README are relative to the repository root.
    const code = await main(
      args.map((a) => (a.startsWith('samples/') ? resolve(ROOT, a) : a)),
      io,
    );
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    expect(io.stdout).toContain('✗ saml-username-mismatch (blocking)');
  });
});
