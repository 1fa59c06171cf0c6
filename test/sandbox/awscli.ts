import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Helpers for driving the sandbox with clients nobody here wrote: the AWS CLI v2 and curl's SigV4. */

export interface Tools {
  aws?: string;
  curl?: string;
  /** Why a tool is missing, for the skip message. */
  missing: string[];
}

/** The AWS CLI v2 (Debian's `awscli` is 2.9.19 at /usr/bin/aws; a v1 may come first on PATH) and curl
 * with `--aws-sigv4` (7.75+). */
export function findTools(): Tools {
  const missing: string[] = [];
  const aws = ['/usr/bin/aws', 'aws'].find((bin) => {
    const out = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    return out.status === 0 && /^aws-cli\/2\./.test(`${out.stdout}${out.stderr}`);
  });
  if (!aws)
    missing.push('no AWS CLI v2 (/usr/bin/aws): `apt-get install -y awscli` installs it; .ci/run does');
  const curlOut = spawnSync('curl', ['--version'], { encoding: 'utf8' });
  const curlVersion = /^curl (\d+)\.(\d+)/.exec(curlOut.stdout ?? '');
  const curl =
    curlVersion && (Number(curlVersion[1]) > 7 || Number(curlVersion[2]) >= 75) ? 'curl' : undefined;
  if (!curl) missing.push('no curl 7.75+ with --aws-sigv4');
  return { ...(aws ? { aws } : {}), ...(curl ? { curl } : {}), missing };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON, when it is JSON. */
  json: Record<string, unknown> | undefined;
}

/** The environment of every CLI call: fake credentials, no config files, no pager, no retries. */
export function cliEnv(region: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: 'AKIASANDBOXTEST',
    AWS_SECRET_ACCESS_KEY: 'sandbox-secret',
    AWS_DEFAULT_REGION: region,
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
    AWS_RETRY_MODE: 'standard',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export function run(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(bin, args, { env, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve(withJson({ code, stdout, stderr }));
    });
  });
}

/**
 * The AWS CLI's own entry point (what `/usr/bin/aws` runs: `awscli.clidriver.AWSCLIEntryPoint().main(argv)`)
 * in a long-lived Python process that reads one command a line and answers one JSON line. Starting Python
 * and importing botocore is most of an `aws` call's half second; paying it once per worker instead of once
 * per command keeps the suite's run time modest on a shared machine.
 */
const DRIVER = `
import contextlib, io, json, os, sys
import awscli.clidriver
out = sys.stdout
for line in sys.stdin:
    req = json.loads(line)
    os.environ.update(req['env'])
    o, e = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(o), contextlib.redirect_stderr(e):
        try:
            code = awscli.clidriver.AWSCLIEntryPoint().main(req['args'])
        except SystemExit as x:
            code = x.code if isinstance(x.code, int) else 1
    out.write(json.dumps({'code': code, 'stdout': o.getvalue(), 'stderr': e.getvalue()}) + '\\n')
    out.flush()
`;

/** The interpreter named by the `aws` script's shebang (Debian's is /usr/bin/python3). */
function pythonOf(awsBin: string): string {
  const resolved =
    spawnSync('sh', ['-c', `command -v ${awsBin}`], { encoding: 'utf8' }).stdout.trim() || awsBin;
  const first = readFileSync(resolved, 'utf8').split('\n')[0] ?? '';
  return first.startsWith('#!') ? (first.slice(2).trim().split(/\s+/)[0] ?? 'python3') : 'python3';
}

export class CliWorkers {
  private readonly workers: Array<{
    child: ChildProcess;
    queue: Array<(r: CliResult) => void>;
    buffer: string;
  }>;

  constructor(awsBin: string, count: number, env: NodeJS.ProcessEnv) {
    const python = pythonOf(awsBin);
    this.workers = Array.from({ length: count }, () => {
      const child = spawn(python, ['-c', DRIVER], { env, stdio: ['pipe', 'pipe', 'inherit'] });
      const worker = { child, queue: [] as Array<(r: CliResult) => void>, buffer: '' };
      child.stdout?.on('data', (d: Buffer) => {
        worker.buffer += d.toString();
        let nl = worker.buffer.indexOf('\n');
        while (nl >= 0) {
          const line = worker.buffer.slice(0, nl);
          worker.buffer = worker.buffer.slice(nl + 1);
          const r = JSON.parse(line) as Omit<CliResult, 'json'>;
          worker.queue.shift()?.(withJson(r));
          nl = worker.buffer.indexOf('\n');
        }
      });
      return worker;
    });
  }

  /** Runs `aws <args>` on the least busy worker. */
  run(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
    const worker = [...this.workers].sort((a, b) => a.queue.length - b.queue.length)[0];
    if (!worker) throw new Error('no CLI workers');
    return new Promise((resolve) => {
      worker.queue.push(resolve);
      worker.child.stdin?.write(`${JSON.stringify({ args, env })}\n`);
    });
  }

  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.child.exitCode !== null) return resolve();
            w.child.once('exit', () => resolve());
            w.child.stdin?.end();
          }),
      ),
    );
  }
}

function withJson(r: Omit<CliResult, 'json'>): CliResult {
  let json: Record<string, unknown> | undefined;
  try {
    json = r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : undefined;
  } catch {
    json = undefined;
  }
  return { ...r, json };
}

/** Runs `tasks` at most `limit` at a time (each CLI call is a Python process: a few at once, not all). */
export async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

export interface Served {
  url: string;
  child: ChildProcess;
  stop: () => Promise<void>;
}

/** `cant-login sandbox serve <file> --port 0`, as a user runs it; resolves with the URL it prints first. */
export function serve(snapshotFile: string): Promise<Served> {
  const root = join(__dirname, '..', '..');
  const child = spawn(
    process.execPath,
    [join(root, 'bin', 'cant-login.js'), 'sandbox', 'serve', snapshotFile, '--port', '0'],
    {
      cwd: root,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`sandbox serve printed no URL within 30 s: ${err}`));
    }, 30_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve({ url: line.trim(), child, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox serve exited with ${code}: ${err}`));
    });
  });
}

/** Timestamps compared as instants: the CLI prints ISO 8601 with an offset, the SDK gives Dates. */
export function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value)) {
    return Date.parse(value);
  }
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => k !== '$metadata' && k !== 'NextToken')
        .map(([k, v]) => [k, normalise(v)]),
    );
  }
  return value;
}
