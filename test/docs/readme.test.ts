import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/*
 * Runs the README's code blocks marked `runnable` against the sample, as written:
 *   ```sh runnable           a command that must exit 0
 *   ```sh runnable=server    starts the sandbox; the blocks marked `runnable=sandbox` run against it
 *   ```ts runnable=sandbox   a TypeScript snippet (top-level await), run with tsx
 * The only change made is the sandbox's port: 4566 in the README, a free one here, so parallel runs
 * never collide.
 */

const ROOT = resolve(__dirname, '../..');
const README = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
const SCRATCH = resolve(ROOT, 'node_modules/.cache/readme-test');
const README_ENDPOINT = 'http://127.0.0.1:4566';

interface Block {
  lang: string;
  mode: 'plain' | 'server' | 'sandbox';
  code: string;
  line: number;
}

function runnableBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  for (const m of markdown.matchAll(/^```(\w+) runnable(?:=(server|sandbox))?\n([\s\S]*?)^```$/gm)) {
    blocks.push({
      lang: m[1]!,
      mode: (m[2] as Block['mode'] | undefined) ?? 'plain',
      code: m[3]!,
      line: markdown.slice(0, m.index).split('\n').length,
    });
  }
  return blocks;
}

const ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_QUOTA_SHARE: '1',
  NO_COLOR: '1',
};

function run(block: Block, endpoint?: string): { status: number | null; stdout: string; stderr: string } {
  const code = endpoint ? block.code.split(README_ENDPOINT).join(endpoint) : block.code;
  if (block.lang === 'ts') {
    mkdirSync(SCRATCH, { recursive: true });
    const file = join(SCRATCH, `block-${block.line}.mts`);
    writeFileSync(file, code);
    return spawnSync(resolve(ROOT, 'node_modules/.bin/tsx'), [file], {
      cwd: ROOT,
      env: ENV,
      encoding: 'utf8',
    });
  }
  return spawnSync('bash', ['-e', '-o', 'pipefail', '-c', code], { cwd: ROOT, env: ENV, encoding: 'utf8' });
}

const hasAwsCli = spawnSync('bash', ['-c', 'command -v aws'], { env: ENV }).status === 0;

describe('README code blocks marked runnable', () => {
  const blocks = runnableBlocks(README);
  let server: ChildProcess | undefined;
  let endpoint = '';

  beforeAll(async () => {
    const serve = blocks.find((b) => b.mode === 'server');
    if (!serve) return;
    const command = serve.code.split('\n')[0]!.replace('--port 4566', '--port 0');
    // Its own process group, so the whole tree (npx, then node) stops with it.
    server = spawn('bash', ['-c', `exec ${command}`], { cwd: ROOT, env: ENV, detached: true });
    endpoint = await new Promise<string>((done, fail) => {
      let out = '';
      server!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const first = /^(http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
        if (first) done(first[1]!);
      });
      server!.on('exit', (code) => fail(new Error(`sandbox serve exited with ${code}`)));
    });
  }, 30_000);

  afterAll(async () => {
    const child = server;
    if (child?.pid && child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    rmSync(SCRATCH, { recursive: true, force: true });
  });

  it('has the blocks this test is meant to run', () => {
    expect(blocks.map((b) => `${b.lang} ${b.mode}`)).toEqual([
      'sh plain',
      'sh plain',
      'sh plain',
      'sh server',
      'ts sandbox',
      'sh sandbox',
    ]);
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it.each(blocks.filter((b) => b.mode === 'plain').map((b) => [b.line, b] as const))(
    'runs the block at README.md:%i and it exits 0',
    (_line, block) => {
      const out = run(block);
      expect({ status: out.status, stderr: out.stderr }).toEqual({ status: 0, stderr: '' });
      expect(out.stdout.length).toBeGreaterThan(0);
    },
    60_000,
  );

  it('the SDK example finds Priya in the sample identity store', () => {
    const block = blocks.find((b) => b.lang === 'ts' && b.mode === 'sandbox')!;
    const out = run(block, endpoint);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const sample = JSON.parse(readFileSync(resolve(ROOT, 'samples/sample-org.json'), 'utf8')) as {
      identityStore: { users: Array<{ UserName: string; UserId: string }> };
    };
    const priya = sample.identityStore.users.find((u) => u.UserName === 'priya.raman@northwind.example');
    expect(out.stdout.trim()).toBe(priya?.UserId);
  }, 60_000);

  // The AWS CLI is an outside client, not a dependency: without it on PATH there is nothing to run.
  (hasAwsCli ? it : it.skip)(
    `the AWS CLI example lists the sample instance${hasAwsCli ? '' : ' (skipped: no `aws` on PATH)'}`,
    () => {
      const block = blocks.find((b) => b.lang === 'sh' && b.mode === 'sandbox')!;
      const out = run(block, endpoint);
      expect(out.status).toBe(0);
      expect(JSON.parse(out.stdout).Instances[0].IdentityStoreId).toBe('d-93670c4a1e');
    },
    60_000,
  );
});
