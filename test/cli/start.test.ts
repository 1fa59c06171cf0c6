import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** Runs the real bin, as a user would, and resolves with its exit code and stderr. */
function runBin(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve(ROOT, 'bin/cant-login.js'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('exit', (code) => done({ code, stderr }));
  });
}

describe('cant-login start', () => {
  let busy: Server;
  let port: number;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '0.0.0.0', () => r()));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => busy.close(() => r())));

  it('exits 1 when the start fails in sandbox mode (port taken; Slack unreachable), instead of hanging', async () => {
    const { code, stderr } = await runBin(['start'], {
      SANDBOX_SNAPSHOT: resolve(ROOT, 'samples/sample-org.json'),
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      // Nothing listens here: Bolt's auth.test would retry for minutes and keep the process alive.
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      PORT: String(port),
      DATA_DIR: ':memory:',
      LOG_LEVEL: 'silent',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('cant-login: failed: listen EADDRINUSE');
  }, 30_000);

  it('never echoes a token it rejects', async () => {
    const { code, stderr } = await runBin(['start'], { SLACK_BOT_TOKEN: 'xoxp-1234-very-secret' });
    expect(code).toBe(2);
    expect(stderr).toContain('SLACK_BOT_TOKEN is not valid');
    expect(stderr).not.toContain('very-secret');
  }, 30_000);
});
