import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main';
import { captureIo } from './capture-io';

const SAMPLE = resolve(__dirname, '../../samples/sample-org.json');

async function drift(args: string[]) {
  const io = captureIo({ AWS_QUOTA_SHARE: '1' });
  const code = await main(['drift', ...args], io);
  return { code, io };
}

function snapshotFile(edit: (s: Record<string, unknown>) => void): string {
  const s = JSON.parse(require('node:fs').readFileSync(SAMPLE, 'utf8')) as Record<string, unknown>;
  edit(s);
  const path = join(tmpdir(), `drift-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(s));
  return path;
}

describe('cant-login drift', () => {
  it('prints one JSON object in the contract shape, with every drift of the sample', async () => {
    const { code, io } = await drift(['--sandbox', SAMPLE, '--json']);
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    const json = JSON.parse(io.stdout.join('\n'));
    expect(Object.keys(json)).toEqual(['drifts', 'coverage', 'stats']);
    expect(json.coverage).toEqual({ complete: true, gaps: [] });
    expect(json.stats).toEqual({ awsCalls: expect.any(Number), durationMs: expect.any(Number) });
    expect(json.stats.awsCalls).toBeGreaterThan(0);
    expect(json.drifts.map((d: { kind: string }) => d.kind)).toEqual([
      'principal-recreated',
      'permission-set-not-provisioned',
      'provisioning-failed',
      'permission-set-outdated',
      'account-not-active',
      'permission-set-empty',
    ]);
    for (const d of json.drifts)
      expect(Object.keys(d)).toEqual([
        'kind',
        'severity',
        'accounts',
        'permissionSet',
        'principal',
        'affectedUsers',
        'since',
        'fix',
      ]);
    expect(json.drifts[1]).toEqual({
      kind: 'permission-set-not-provisioned',
      severity: 'blocking',
      accounts: [{ id: '902716384451', name: 'prod-us' }],
      permissionSet: {
        arn: 'arn:aws:sso:::permissionSet/ssoins-6804a1c2e7b93f15/ps-0ea222643a7af7ea',
        name: 'BillingViewer',
      },
      principal: null,
      affectedUsers: [
        { userId: 'bb3eca9b-9f3d-4bd3-ac07-400e2ac41a91', userName: 'sofia.brennan@northwind.example' },
      ],
      // No evidence of when it started: the scan's time (the drift store keeps when it was first seen).
      since: expect.stringMatching(/^2026-11-23T12:00:/),
      fix: {
        fix: 'provision-permission-set',
        instanceArn: 'arn:aws:sso:::instance/ssoins-6804a1c2e7b93f15',
        accountId: '902716384451',
        permissionSetArn: 'arn:aws:sso:::permissionSet/ssoins-6804a1c2e7b93f15/ps-0ea222643a7af7ea',
      },
    });
  });

  it('runs the README example as written', async () => {
    const readme = require('node:fs').readFileSync(resolve(__dirname, '../../README.md'), 'utf8') as string;
    const line = readme.split('\n').find((l) => l.startsWith('npx cant-login drift '));
    expect(line).toBe('npx cant-login drift --sandbox samples/sample-org.json');
    const args = line!
      .split(' ')
      .slice(2)
      .map((a) => (a.endsWith('.json') ? resolve(__dirname, '../..', a) : a));
    const io = captureIo({ AWS_QUOTA_SHARE: '1' });
    const code = await main(args, io);
    expect(code).toBe(0);
    expect(io.stdout[0]).toBe('6 drifts found:');
  });

  it('prints a readable list without --json', async () => {
    const { code, io } = await drift(['--sandbox', SAMPLE]);
    expect(code).toBe(0);
    expect(io.stdout[0]).toBe('6 drifts found:');
    expect(io.stdout).toContain('  people (1): greta.lindgren@northwind.example');
  });

  it('reports a refused read as a gap and still exits 0', async () => {
    const path = snapshotFile((s) => {
      s.faults = { deny: ['organizations:ListAccounts'] };
    });
    const { code, io } = await drift(['--sandbox', path, '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(io.stdout.join('\n'));
    expect(json.coverage.complete).toBe(false);
    expect(json.coverage.gaps.map((g: { check: string }) => g.check)).toEqual(['account-not-active']);
  });

  it('exits 2 with one line for a bad snapshot', async () => {
    const { code, io } = await drift(['--sandbox', join(tmpdir(), 'no-such-snapshot.json')]);
    expect(code).toBe(2);
    expect(io.stderr).toHaveLength(1);
    expect(io.stdout).toEqual([]);
  });

  it('exits 1 with what to do when Identity Center cannot be read', async () => {
    const path = snapshotFile((s) => {
      s.faults = { deny: ['sso:ListInstances'] };
    });
    const { code, io } = await drift(['--sandbox', path, '--json']);
    expect(code).toBe(1);
    expect(io.stdout).toEqual([]);
    expect(io.stderr).toEqual([
      'cant-login: could not read Identity Center in eu-west-1 (sso:ListInstances: AccessDeniedException); check your AWS credentials and --region',
    ]);
  });
});
