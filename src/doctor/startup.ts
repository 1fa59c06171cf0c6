import type { AwsClients } from '../aws';
import type { AppConfig } from '../config/env';
import type { Logger } from '../log/logger';
import { type DoctorReport, runDoctor } from './run';
import { doctorSettingsFrom } from './settings';
import type { DoctorDeps, DoctorSlack } from './types';

/** What the start-up checks need from the running bot. */
export function startupDoctorDeps(
  config: AppConfig,
  running: { slack: DoctorSlack; aws: AwsClients; region: string; sandbox: boolean; now: () => number },
): DoctorDeps {
  return {
    slack: running.slack,
    aws: running.aws,
    dynamodb: undefined,
    settings: doctorSettingsFrom(config, { region: running.region, sandbox: running.sandbox }),
    now: running.now,
  };
}

/** The cheap checks at start-up (a few Slack calls, one AWS read), so a missing channel, scope or
 * approver shows in the first lines of the log rather than when someone needs help. Never fails the
 * start: each problem is logged with its fix, and `cant-login doctor` runs the whole set. */
export async function logStartupDoctor(
  deps: DoctorDeps,
  logger: Logger,
  timeoutMs = 5000,
): Promise<DoctorReport | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
    timer.unref();
  });
  try {
    const report = await Promise.race([runDoctor(deps, { cheapOnly: true }), timeout]);
    if (!report) {
      logger.warn({ timeoutMs }, 'start-up checks did not finish in time; run `cant-login doctor`');
      return undefined;
    }
    for (const r of report.results) {
      if (r.status === 'ok') continue;
      const line = { check: r.id, status: r.status, fix: r.fix, details: r.details };
      if (r.status === 'fail') logger.error(line, r.summary);
      else logger.warn(line, r.summary);
    }
    if (report.status === 'ok') logger.info({ checks: report.results.length }, 'start-up checks passed');
    return report;
  } catch (error) {
    logger.warn({ err: error }, 'start-up checks could not run; run `cant-login doctor`');
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
