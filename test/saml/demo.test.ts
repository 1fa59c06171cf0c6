import { resolve } from 'node:path';
import { showSamlSample } from '../../src/cli/saml';
import { startSandboxSession } from '../../src/cli/sandbox-session';
import { DEFAULT_SETTINGS } from '../../src/diagnosis/facts/facts';
import { captureIo } from '../cli/capture-io';

const ROOT = resolve(__dirname, '../..');

describe('the demo’s SAML step', () => {
  it("analyses Dana's sample response against the sample organisation and prints the problem", async () => {
    const session = await startSandboxSession(resolve(ROOT, 'samples/sample-org.json'));
    try {
      const io = captureIo();
      await showSamlSample(
        io,
        {
          clients: session.clients,
          clock: session.sandbox.clock,
          settings: { ...DEFAULT_SETTINGS, region: session.region },
        },
        { sampleDir: resolve(ROOT, 'samples/saml'), atIso: session.snapshot.now },
      );
      const text = io.stdout.join('\n');
      expect(text).toContain('── An approver analyses the SAML response Dana’s IdP sent');
      expect(text).toContain('judged at 2026-11-23T12:00:00.000Z');
      expect(text).toContain('│ ✗ saml-username-mismatch (blocking)');
      expect(text).toContain('1 problem (1 blocking):');
    } finally {
      await session.close();
    }
  });
});
