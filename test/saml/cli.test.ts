import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main';
import { captureIo } from '../cli/capture-io';
import { base64, SAMPLE, signedResponse } from './builder';

const ROOT = resolve(__dirname, '../..');
const SAMPLE_ORG = resolve(ROOT, 'samples/sample-org.json');
const DIR = resolve(ROOT, 'samples/saml');
const SP = resolve(DIR, 'sp-metadata.xml');
const IDP = resolve(DIR, 'idp-metadata.xml');
const DANA_B64 = resolve(DIR, 'dana-response.b64');

const tmp = mkdtempSync(join(tmpdir(), 'cant-login-saml-'));
function file(name: string, content: string): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

async function run(args: string[], snapshot = SAMPLE_ORG) {
  const io = captureIo({ AWS_QUOTA_SHARE: '1' });
  const code = await main(
    ['saml', ...args, '--sandbox', snapshot, '--sp-metadata', SP, '--idp-metadata', IDP, '--at', SAMPLE.at],
    io,
  );
  return { code, io };
}

describe('cant-login saml', () => {
  it("analyses Dana's sample against the sample organisation: her NameID differs in case from her user name", async () => {
    const { code, io } = await run([DANA_B64, '--json']);
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    const json = JSON.parse(io.stdout.join('\n'));
    expect(json.problems.map((p: { id: string }) => p.id)).toEqual(['saml-username-mismatch']);
    expect(json.problems[0].severity).toBe('blocking');
    expect(json.problems[0].fix).toContain('"Dana.Whitfield@northwind.example"');
    expect(json.user).toMatchObject({
      userId: '29456e16-1947-4dff-9765-4eae998403a9',
      userName: 'Dana.Whitfield@northwind.example',
      foundBy: 'emails.value',
    });
    expect(json.assertion).toMatchObject({
      issuer: SAMPLE.idpEntityId,
      nameId: 'dana.whitfield@northwind.example',
      nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      audience: SAMPLE.spEntityId,
      recipient: SAMPLE.acsUrl,
      destination: SAMPLE.acsUrl,
      notBefore: '2026-11-23T11:58:30Z',
      notOnOrAfter: '2026-11-23T12:04:00Z',
      statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
      signed: { response: false, assertion: true },
      certificate: {
        subject: 'CN=idp.northwind.example demo signing, O=Northwind Robotics (demo)',
        notAfter: '2031-01-01T00:00:00.000Z',
      },
    });
    expect(json.assertion.certificate.sha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(json.assertion.attributes).toHaveLength(2);
    expect(json.coverage).toEqual({ complete: true, gaps: [] });
  });

  it('prints a human report that says the response is not logged or stored', async () => {
    const { code, io } = await run([DANA_B64]);
    expect(code).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toContain('not logged or stored');
    expect(text).toContain('✗ saml-username-mismatch (blocking)');
    expect(text).toContain('Fix: ');
    // Nothing of the response itself is echoed: no signature value, no base64.
    const b64 = readFileSync(DANA_B64, 'utf8').trim();
    expect(text).not.toContain(b64.slice(0, 40));
    expect(text).not.toContain('SignatureValue');
  });

  it('finds a user who is not there, and a disabled one, through the emulator', async () => {
    const missing = await run([
      file('missing.b64', base64(signedResponse({ nameId: 'nobody@northwind.example' }))),
      '--json',
    ]);
    expect(JSON.parse(missing.io.stdout.join('\n')).problems.map((p: { id: string }) => p.id)).toEqual([
      'saml-user-not-found',
    ]);
    const disabled = await run([
      file('olivia.b64', base64(signedResponse({ nameId: 'olivia.marsh@northwind.example' }))),
      '--json',
    ]);
    expect(JSON.parse(disabled.io.stdout.join('\n')).problems.map((p: { id: string }) => p.id)).toEqual([
      'saml-user-disabled',
    ]);
  });

  it('--user names the person expected: a NameID for someone else is a mismatch', async () => {
    const { io } = await run([DANA_B64, '--user', 'olivia.marsh@northwind.example', '--json']);
    const json = JSON.parse(io.stdout.join('\n'));
    expect(json.user.userName).toBe('olivia.marsh@northwind.example');
    expect(json.problems.map((p: { id: string }) => p.id)).toEqual([
      'saml-username-mismatch',
      'saml-user-disabled',
    ]);
  });

  it('reports an Identity Store it could not read as a gap and an error line, never as "user not found"', async () => {
    const snapshot = JSON.parse(readFileSync(SAMPLE_ORG, 'utf8'));
    snapshot.faults = { ...(snapshot.faults ?? {}), deny: ['identitystore:GetUserId'] };
    const denied = file('denied.json', JSON.stringify(snapshot));
    const json = await run([DANA_B64, '--json'], denied);
    expect(json.code).toBe(0);
    const out = JSON.parse(json.io.stdout.join('\n'));
    expect(out.problems).toEqual([]);
    expect(out.user).toBeNull();
    expect(out.userLookup).toMatchObject({ status: 'failed', action: 'identitystore:GetUserId' });
    expect(out.coverage.complete).toBe(false);
    expect(out.coverage.gaps.map((g: { rule: string }) => g.rule)).toEqual([
      'saml-user-not-found',
      'saml-username-mismatch',
      'saml-user-disabled',
    ]);
    const text = await run([DANA_B64], denied);
    expect(text.io.stdout.join('\n')).toContain(
      'Error: the Identity Store could not be read (identitystore:GetUserId',
    );
  });

  it('finds the same mismatch when the Identity Store matches user names ignoring case (AWS does not say)', async () => {
    const snapshot = JSON.parse(readFileSync(SAMPLE_ORG, 'utf8'));
    snapshot.emulation = { ...(snapshot.emulation ?? {}), caseInsensitiveLookups: true };
    const { code, io } = await run(
      [DANA_B64, '--json'],
      file('case-insensitive.json', JSON.stringify(snapshot)),
    );
    expect(code).toBe(0);
    const json = JSON.parse(io.stdout.join('\n'));
    expect(json.user).toMatchObject({ userName: 'Dana.Whitfield@northwind.example', foundBy: 'userName' });
    expect(json.problems.map((p: { id: string }) => p.id)).toEqual(['saml-username-mismatch']);
  });

  it('reads the response from a HAR file', async () => {
    const har = JSON.stringify({
      log: {
        entries: [
          {
            request: {
              method: 'POST',
              url: SAMPLE.acsUrl,
              postData: { text: `SAMLResponse=${encodeURIComponent(readFileSync(DANA_B64, 'utf8').trim())}` },
            },
          },
        ],
      },
    });
    const { code, io } = await run([file('sign-in.har', har), '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(io.stdout.join('\n')).input).toEqual({ form: 'har', postedTo: SAMPLE.acsUrl });
  });

  it('exits 2 with one line on stderr when the input is not a SAML response', async () => {
    const { code, io } = await run([file('notes.txt', 'Dana says she cannot sign in')]);
    expect(code).toBe(2);
    expect(io.stdout).toEqual([]);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(/^cant-login: not a SAML response: /);
    const xml = await run([file('meta.xml', readFileSync(SP, 'utf8'))]);
    expect(xml.code).toBe(2);
    expect(xml.io.stderr).toEqual([
      'cant-login: not a SAML response: the input is XML but not a SAML response (its root is EntityDescriptor, not samlp:Response)',
    ]);
  });

  it('exits 2 on a bad --at or metadata of the wrong kind', async () => {
    const io = captureIo();
    expect(await main(['saml', DANA_B64, '--at', 'yesterday'], io)).toBe(2);
    expect(io.stderr).toEqual([
      'cant-login: --at yesterday: expected an ISO 8601 time such as 2026-11-23T12:00:00Z',
    ]);
    const wrong = captureIo();
    expect(await main(['saml', DANA_B64, '--sp-metadata', IDP], wrong)).toBe(2);
    expect(wrong.stderr).toHaveLength(1);
  });

  it('reads the response from standard input with -, in a real process', () => {
    const out = spawnSync(
      process.execPath,
      [resolve(ROOT, 'bin/cant-login.js'), 'saml', '-', '--sandbox', SAMPLE_ORG, '--at', SAMPLE.at, '--json'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        input: readFileSync(DANA_B64, 'utf8'),
        env: { ...process.env, AWS_QUOTA_SHARE: '1' },
      },
    );
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.problems.map((p: { id: string }) => p.id)).toEqual(['saml-username-mismatch']);
    expect(json.input).toEqual({ form: 'base64' });
  });
});
