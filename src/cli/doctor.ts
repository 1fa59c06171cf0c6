import { webApi } from '@slack/bolt';
import { createDynamoDbClient, readSlackSecrets } from '../aws';
import { loadConfig } from '../config/env';
import { type DoctorReport, runDoctor } from '../doctor/run';
import { doctorSettingsFrom } from '../doctor/settings';
import type { DoctorStatus } from '../doctor/types';
import { openDiagnosisSession } from './diagnosis-session';
import type { CliIo } from './io';
import { startSandboxSession } from './sandbox-session';

export interface DoctorOptions {
  sandbox?: string;
  region?: string;
  json?: boolean;
}

const MARK: Record<DoctorStatus, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

/** The report as lines for a terminal: one per check, the fix and details indented under it. */
export function renderDoctorText(report: DoctorReport): string[] {
  const lines: string[] = [];
  for (const r of report.results) {
    lines.push(`${MARK[r.status]}  ${r.title}`, `      ${r.summary}`);
    if (r.status !== 'ok' && r.fix) lines.push(`      fix: ${r.fix}`);
    for (const d of r.details ?? []) lines.push(`      - ${d}`);
  }
  const count = (s: DoctorStatus) => report.results.filter((r) => r.status === s).length;
  lines.push('', `${count('fail')} failed, ${count('warn')} warnings, ${count('ok')} ok.`);
  return lines;
}

/** `cant-login doctor`: checks the setup the bot runs with (the same environment as `start`) and says
 * what to fix. Exit 0 when nothing failed (warnings allowed), 1 when something did. */
export async function runDoctorCommand(options: DoctorOptions, io: CliIo): Promise<number> {
  const config = loadConfig(io.env);
  const sandbox = options.sandbox
    ? await startSandboxSession(options.sandbox, {
        ...(options.region ? { region: options.region } : {}),
        quotaShare: config.AWS_QUOTA_SHARE,
      })
    : undefined;
  const session = sandbox
    ? undefined
    : await openDiagnosisSession(config, options.region ? { region: options.region } : {});
  const aws = sandbox?.clients ?? session!.clients;
  const region = sandbox?.region ?? session!.settings.region;
  try {
    const token =
      config.SLACK_BOT_TOKEN ??
      (config.SLACK_SECRET_ARN
        ? (await readSlackSecrets(config.SLACK_SECRET_ARN, region)).botToken
        : undefined);
    const slack = token
      ? new webApi.WebClient(token, {
          ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
          retryConfig: { retries: 1 },
        })
      : undefined;
    const report = await runDoctor({
      slack,
      aws,
      dynamodb: config.TICKETS_TABLE && !sandbox ? createDynamoDbClient({ region }) : undefined,
      settings: doctorSettingsFrom(config, {
        region,
        sandbox: Boolean(sandbox),
        ...(sandbox?.snapshot.slack?.admins ? { fallbackApprovers: sandbox.snapshot.slack.admins } : {}),
      }),
      now: () => (sandbox ? sandbox.sandbox.clock.now() : Date.now()),
    });
    if (options.json) io.out(JSON.stringify(report, null, 2));
    else for (const line of renderDoctorText(report)) io.out(line);
    return report.status === 'fail' ? 1 : 0;
  } finally {
    await (sandbox ?? session)?.close();
  }
}
