import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main';
import { captureIo } from './capture-io';

const ROOT = resolve(__dirname, '../..');
const SAMPLE = resolve(ROOT, 'samples/sample-org.json');
const SCENARIOS = JSON.parse(
  readFileSync(resolve(ROOT, 'samples/sample-org.scenarios.json'), 'utf8'),
) as Array<{
  user: string;
  account: string | null;
  symptom: string | null;
  expectedPrimaryCause: string | null;
}>;

async function diagnoseJson(args: string[]) {
  const io = captureIo({ AWS_QUOTA_SHARE: '1' });
  const code = await main(['diagnose', '--sandbox', SAMPLE, '--json', ...args], io);
  return { code, io, json: code === 0 ? JSON.parse(io.stdout.join('\n')) : undefined };
}

describe('cant-login diagnose', () => {
  it.each(SCENARIOS.map((s) => [s.user, s] as const))(
    'gives the intended primary cause for %s',
    async (_user, s) => {
      const args = ['--user', s.user];
      if (s.account) args.push('--account', s.account);
      if (s.symptom) args.push('--symptom', s.symptom);
      const { code, json, io } = await diagnoseJson(args);
      expect(io.stderr).toEqual([]);
      expect(code).toBe(0);
      expect(json.primaryCause).toBe(s.expectedPrimaryCause);
    },
  );

  it('prints one JSON object in the contract shape and nothing else', async () => {
    const { json, io } = await diagnoseJson([
      '--user',
      'sofia.brennan@northwind.example',
      '--account',
      'prod-us',
    ]);
    expect(io.stdout.join('\n').trim().startsWith('{')).toBe(true);
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining(['subject', 'primaryCause', 'findings', 'checks', 'stats']),
    );
    expect(json.subject).toMatchObject({ userName: 'sofia.brennan@northwind.example', foundBy: 'userName' });
    const [first] = json.findings;
    expect(first).toMatchObject({
      cause: 'permission-set-not-provisioned',
      severity: 'blocking',
      fix: {
        fix: 'provision-permission-set',
        instanceArn: 'arn:aws:sso:::instance/ssoins-6804a1c2e7b93f15',
        accountId: '902716384451',
      },
    });
    for (const key of ['summary', 'explanation', 'evidence']) expect(first).toHaveProperty(key);
    expect(typeof first.summary).toBe('string');
    expect(first.explanation).toContain('BillingViewer');
    for (const c of json.checks) {
      expect(['pass', 'fail', 'warn', 'skipped', 'error']).toContain(c.status);
      expect(typeof c.durationMs).toBe('number');
    }
    expect(json.stats.awsCalls).toBeGreaterThan(0);
    expect(typeof json.stats.durationMs).toBe('number');
  });

  it('prints the primary cause first in human form, with a mark per check and no colour off a terminal', async () => {
    const io = captureIo({ AWS_QUOTA_SHARE: '1' });
    expect(await main(['diagnose', '--sandbox', SAMPLE, '--user', 'ben.carter@northwind.example'], io)).toBe(
      0,
    );
    const text = io.stdout.join('\n');
    expect(text.indexOf('Primary cause: password-failures')).toBeGreaterThan(0);
    expect(text.indexOf('Primary cause:')).toBeLessThan(text.indexOf('Checks:'));
    expect(text).toMatch(/✗ Has the person been entering a wrong password/);
    expect(text).toMatch(/✓ Is the user enabled\?/);
    expect(text).not.toContain('\u001b[');
  });

  it.each([
    [['diagnose'], /required option '--user/],
    [['diagnose', '--user', 'a@b.c', '--bogus'], /unknown option '--bogus'/],
    [
      ['diagnose', '--sandbox', SAMPLE, '--user', 'sofia.brennan@northwind.example', '--account', 'atlantis'],
      /--account atlantis: no account named "atlantis"/,
    ],
    [
      [
        'diagnose',
        '--sandbox',
        SAMPLE,
        '--user',
        'sofia.brennan@northwind.example',
        '--account',
        '999999999999',
      ],
      /no account 999999999999/,
    ],
    [
      ['diagnose', '--sandbox', 'test/fixtures/snapshots/bad/trailing-comma.json', '--user', 'x@y.z'],
      /trailing-comma\.json: not valid JSON/,
    ],
    [
      ['diagnose', '--sandbox', 'nope.json', '--user', 'x@y.z'],
      /nope\.json: cannot read the snapshot: no such file/,
    ],
  ])('exits 2 with one clear line for %j', async (args, message) => {
    const io = captureIo();
    expect(await main(args, io)).toBe(2);
    expect(io.stdout).toEqual([]);
    const lines = io.stderr.filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.join('\n')).toMatch(message);
  });

  it('reports a denied action as bot-permission-missing and still runs the rest', async () => {
    const snapshot = JSON.parse(readFileSync(SAMPLE, 'utf8'));
    snapshot.faults = { deny: ['cloudtrail:LookupEvents'] };
    const path = join(tmpdir(), `denied-${process.pid}.json`);
    writeFileSync(path, JSON.stringify(snapshot));
    const io = captureIo({ AWS_QUOTA_SHARE: '1' });
    expect(
      await main(['diagnose', '--sandbox', path, '--user', 'priya.raman@northwind.example', '--json'], io),
    ).toBe(0);
    const json = JSON.parse(io.stdout.join('\n'));
    expect(json.primaryCause).toBe('bot-permission-missing');
    const finding = json.findings.find((f: { cause: string }) => f.cause === 'bot-permission-missing');
    expect(finding.evidence.action).toBe('cloudtrail:LookupEvents');
    expect(finding.evidence.checks).toEqual(expect.arrayContaining(['password-failures', 'signin-works']));
    const byId = Object.fromEntries(json.checks.map((c: { id: string; status: string }) => [c.id, c.status]));
    expect(byId['password-failures']).toBe('error');
    expect(byId['no-assignments']).toBe('pass');
  });

  it('works as a real process through npx-style invocation', () => {
    const out = spawnSync(
      process.execPath,
      [
        resolve(ROOT, 'bin/cant-login.js'),
        'diagnose',
        '--sandbox',
        SAMPLE,
        '--user',
        'lena.fischer@northwind.example',
        '--json',
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, AWS_QUOTA_SHARE: '1' } },
    );
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout).primaryCause).toBe('no-assignments');
  });
});
