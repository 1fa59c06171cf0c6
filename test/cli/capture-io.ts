import type { CliIo } from '../../src/cli/io';

/** A CliIo that records what a command printed, for assertions. */
export function captureIo(
  env: Record<string, string | undefined> = {},
): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (line) => stdout.push(...line.split('\n')),
    err: (line) => stderr.push(...line.split('\n')),
    isTty: false,
    env,
    waitForStop: () => Promise.resolve(),
  };
}
