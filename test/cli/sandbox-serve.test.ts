import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ListInstancesCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';

const ROOT = resolve(__dirname, '../..');
const BIN = resolve(ROOT, 'bin/cant-login.js');

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function exitOf(child: ChildProcess): Promise<{ code: number | null; stderr: string; stdout: string }> {
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr, stdout };
}

describe('cant-login sandbox serve', () => {
  it('prints the endpoint on its first line and serves the snapshot to an unmodified SDK client', async () => {
    const child = run(['sandbox', 'serve', 'samples/sample-org.json', '--port', '0']);
    try {
      const lines = createInterface({ input: child.stdout! });
      const [firstLine] = (await once(lines, 'line')) as [string];
      expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const client = new SSOAdminClient({
        region: 'eu-west-1',
        endpoint: firstLine,
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      });
      const out = await client.send(new ListInstancesCommand({}));
      client.destroy();
      expect(out.Instances?.map((i) => i.InstanceArn)).toEqual([
        'arn:aws:sso:::instance/ssoins-6804a1c2e7b93f15',
      ]);
    } finally {
      child.kill('SIGTERM');
    }
    const { code } = await exitOf(child);
    expect(code).toBe(0);
  });

  it('refuses a bad snapshot with exit code 2 and one line naming the field', async () => {
    const { code, stderr, stdout } = await exitOf(
      run(['sandbox', 'serve', 'test/fixtures/snapshots/bad/dangling-membership.json']),
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^cant-login: .*dangling-membership\.json: identityStore\.memberships\[0\]\.(UserId|GroupId): refers to/,
    );
  });

  it('refuses a bad port with exit code 2', async () => {
    const { code, stderr } = await exitOf(
      run(['sandbox', 'serve', 'samples/sample-org.json', '--port', 'abc']),
    );
    expect(code).toBe(2);
    expect(stderr).toContain('expected a port number from 0 to 65535');
  });
});
