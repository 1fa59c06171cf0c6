import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ConfigError } from '../config/env';
import { SnapshotError } from '../sandbox/snapshot/load';
import { runDemo } from './demo';
import { type CliIo, processIo, UsageError } from './io';
import { runSandboxServe } from './sandbox-serve';

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
}

/** Builds the command tree; each action stores its exit code in `result`. */
function buildProgram(io: CliIo, result: { code: number }): Command {
  const program = new Command('cant-login')
    .description('Finds out why someone cannot get into AWS IAM Identity Center.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showSuggestionAfterError(true);

  const sandbox = program.command('sandbox').description('The AWS emulator that serves a snapshot');
  sandbox
    .command('serve')
    .description('Serve a snapshot over the AWS protocols; prints the endpoint URL on its first line')
    .argument('<snapshot>', 'the snapshot JSON file')
    .option('--port <n>', 'TCP port (0 picks a free one)', portNumber, 0)
    .action(async (snapshot: string, opts: { port: number }) => {
      result.code = await runSandboxServe(snapshot, opts.port, io);
    });

  program
    .command('demo')
    .description('Serve the sample organisation through the emulator and show what the bot reads from it')
    .action(async () => {
      result.code = await runDemo(io);
    });

  program
    .command('start')
    .description('Run the Slack bot')
    .action(() => {
      io.err(
        'cant-login start: the Slack app is not part of this build yet; `npm run demo` shows what the bot reads.',
      );
      result.code = 1;
    });

  return program;
}

/** Runs the CLI; resolves to the process exit code (0 done, 1 failed, 2 bad usage or bad input). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const result = { code: 0 };
  const program = buildProgram(io, result);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return result.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message; help and version are not errors.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError || error instanceof SnapshotError || error instanceof ConfigError) {
      io.err(`cant-login: ${error.message}`);
      return 2;
    }
    io.err(`cant-login: failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
