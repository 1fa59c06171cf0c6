import { resolve } from 'node:path';
import { main } from '../../src/cli/main';
import { captureIo } from './capture-io';

const SAMPLE = resolve(__dirname, '../../samples/sample-org.json');

describe('cant-login doctor', () => {
  it('prints one JSON report and exits 0 when nothing failed (warnings allowed)', async () => {
    const io = captureIo({ AWS_QUOTA_SHARE: '1' });
    const code = await main(['doctor', '--sandbox', SAMPLE, '--json'], io);
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    const report = JSON.parse(io.stdout.join('\n')) as {
      status: string;
      results: Array<{ id: string; status: string }>;
    };
    expect(report.status).toBe('warn');
    expect(Object.fromEntries(report.results.map((r) => [r.id, r.status]))).toEqual({
      'slack-token': 'warn',
      'admin-channel': 'warn',
      'notify-channel': 'ok',
      approvers: 'warn',
      'identity-center': 'ok',
      'iam-read-actions': 'ok',
      'iam-fix-actions': 'warn',
      'tickets-table': 'ok',
      'signin-evidence': 'ok',
    });
  });

  it('exits 1 and prints the fix when a check fails', async () => {
    const io = captureIo({
      AWS_QUOTA_SHARE: '1',
      IDENTITY_CENTER_INSTANCE_ARN: 'arn:aws:sso:::instance/ssoins-0000000000000000',
    });
    const code = await main(['doctor', '--sandbox', SAMPLE], io);
    expect(code).toBe(1);
    const text = io.stdout.join('\n');
    expect(text).toContain('FAIL  Does the configured region hold the Identity Center instance?');
    expect(text).toContain('      fix: Use one of: arn:aws:sso:::instance/ssoins-6804a1c2e7b93f15');
    expect(io.stdout.at(-1)).toBe('1 failed, 5 warnings, 3 ok.');
  });

  it('prints the version from package.json', async () => {
    const io = captureIo();
    const code = await main(['--version'], io);
    expect(code).toBe(0);
    expect(io.stdout).toEqual([require('../../package.json').version]);
  });
});
