/** What a CLI command may do to the outside world; tests pass their own. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  isTty: boolean;
  env: Record<string, string | undefined>;
  /** Resolves when the user asks a long-running command to stop (Ctrl-C, SIGTERM). */
  waitForStop(): Promise<void>;
}

export function processIo(): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    isTty: Boolean(process.stdout.isTTY),
    env: process.env,
    waitForStop: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
  };
}

/** Bad usage or bad input: the CLI prints the message on one line and exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
