import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from '../config/env';
import { createLogger } from '../log/logger';
import { startBot } from '../runtime/start';
import { SnapshotError } from '../sandbox/snapshot/load';
import { runAudit } from './audit';
import { runDemo } from './demo';
import { type DiagnoseOptions, runDiagnose } from './diagnose';
import { type DoctorOptions, runDoctorCommand } from './doctor';
import { type DriftOptions, IdentityCenterUnreadableError, runDrift } from './drift';
import { type CliIo, processIo, UsageError } from './io';
import { runSaml, type SamlOptions } from './saml';
import { runSandboxServe } from './sandbox-serve';
import { runSandboxSummary } from './sandbox-summary';

/** The version in package.json, read at run time so it cannot drift from the published one. */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}

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
    .version(packageVersion(), '-V, --version', 'print the version')
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

  sandbox
    .command('summary')
    .description('Serve a snapshot, read it back through the SDK, and print who has access to what')
    .argument('<snapshot>', 'the snapshot JSON file')
    .action(async (snapshot: string) => {
      result.code = await runSandboxSummary(snapshot, io);
    });

  program
    .command('diagnose')
    .description('Find out why someone cannot get into AWS')
    .requiredOption('--user <email|username>', 'the person: their email address or Identity Center user name')
    .option('--account <id|name>', 'the AWS account they are trying to reach')
    .option('--symptom <text>', 'the error message they see, or a symptom id')
    .option('--application <name|arn>', 'the Identity Center application they are trying to reach')
    .option('--sandbox <snapshot.json>', 'read a snapshot through the AWS emulator instead of real AWS')
    .option('--region <region>', 'the region of the Identity Center instance')
    .option('--json', 'print one JSON object and nothing else')
    .action(async (opts: DiagnoseOptions) => {
      result.code = await runDiagnose(opts, io);
    });

  program
    .command('saml')
    .description(
      'Analyse a SAML response from an external IdP: every rule Identity Center refuses it for, and the fix',
    )
    .argument('<file|->', 'the SAMLResponse (base64, URL-encoded or XML), or a HAR file; - reads stdin')
    .option('--user <email|username>', 'the person expected to sign in (default: whoever the NameID names)')
    .option('--sp-metadata <file>', "Identity Center's service provider metadata (entity id, ACS URL)")
    .option(
      '--idp-metadata <file>',
      "the IdP's metadata as Identity Center has it (entity id, signing certificates)",
    )
    .option('--at <ISO time>', 'judge validity at this time (default: now)')
    .option('--sandbox <snapshot.json>', 'look the user up in a snapshot through the AWS emulator')
    .option('--region <region>', 'the region of the Identity Center instance')
    .option('--json', 'print one JSON object and nothing else')
    .action(async (file: string, opts: SamlOptions) => {
      result.code = await runSaml(file, opts, io);
    });

  program
    .command('doctor')
    .description(
      'Check the setup the bot runs with (Slack, channels, approvers, AWS permissions) and say what to fix',
    )
    .option(
      '--sandbox <snapshot.json>',
      'check against a snapshot through the AWS emulator instead of real AWS',
    )
    .option('--region <region>', 'the region of the Identity Center instance')
    .option('--json', 'print one JSON object and nothing else')
    .action(async (opts: DoctorOptions) => {
      result.code = await runDoctorCommand(opts, io);
    });

  program
    .command('drift')
    .description('Find broken access across the whole organisation, before anyone asks')
    .option('--sandbox <snapshot.json>', 'read a snapshot through the AWS emulator instead of real AWS')
    .option('--region <region>', 'the region of the Identity Center instance')
    .option('--json', 'print one JSON object and nothing else')
    .action(async (opts: DriftOptions) => {
      result.code = await runDrift(opts, io).catch((error: unknown) => {
        if (!(error instanceof IdentityCenterUnreadableError)) throw error;
        io.err(`cant-login: ${error.message}`);
        return 1;
      });
    });

  program
    .command('audit')
    .description('Export the audit trail of tickets, approvals and fixes (oldest first)')
    .option('--since <date>', 'only events at or after this date (default: 30 days ago)')
    .option('--json', 'print one JSON array and nothing else')
    .action(async (opts: { since?: string; json?: boolean }) => {
      result.code = await runAudit(opts, io);
    });

  program
    .command('demo')
    .description(
      'Run the bot on the sample organisation (sandbox AWS, fake Slack) and print the conversation',
    )
    .action(async () => {
      result.code = await runDemo(io);
    });

  program
    .command('start')
    .description('Run the Slack bot: Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP on PORT')
    .action(async () => {
      const config = loadConfig(io.env);
      const logger = createLogger({ level: config.LOG_LEVEL });
      const bot = await startBot(config, logger);
      io.err(
        bot.mode === 'socket'
          ? 'cant-login is connected to Slack in Socket Mode. Ctrl-C stops it.'
          : `cant-login is listening on port ${bot.port}; point the Slack app's request URLs at https://<your host>/slack/events. Ctrl-C stops it.`,
      );
      await io.waitForStop();
      await bot.stop();
      result.code = 0;
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
