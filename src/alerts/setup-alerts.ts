import type { IdentityCenterUnreachableError } from '../diagnosis/diagnose';
import type { DiagnosisReport } from '../diagnosis/types';
import type { Clock } from '../lib/clock';
import type { Logger } from '../log/logger';

/** One thing wrong with the bot's own set-up that stopped it reading, as the admins are told it. */
export interface SetupFailure {
  /** Stable key: the same failure is announced once per quiet period, not once per request. */
  key: string;
  kind: 'denied' | 'unread' | 'unreachable' | 'partial';
  /** The IAM action or connection that failed. */
  action: string;
  /** AWS's error name, the network code, or what was cut short. */
  code: string;
  /** One line an admin acts on. */
  remedy: string;
  /** The checks that could not be completed because of it. */
  checks: string[];
}

/** Where setup failures are sent (the admins' Slack channel); passed in, so this knows nothing of Slack. */
export interface SetupFailureNotifier {
  notify(failure: SetupFailure): Promise<void>;
}

/** The distinct setup failures behind a report's gaps. */
export function setupFailuresOf(report: DiagnosisReport): SetupFailure[] {
  const byKey = new Map<string, SetupFailure>();
  const add = (failure: Omit<SetupFailure, 'checks'>, check: string) => {
    const existing = byKey.get(failure.key);
    if (existing) existing.checks.push(check);
    else byKey.set(failure.key, { ...failure, checks: [check] });
  };
  for (const c of report.checks) {
    if (c.missingAction) {
      add(
        {
          key: `denied:${c.missingAction}`,
          kind: 'denied',
          action: c.missingAction,
          code: 'AccessDenied',
          remedy: `Grant ${c.missingAction} to the bot's role (infra/ sets it up; see the IAM policy of the diagnosis role).`,
        },
        c.id,
      );
    } else if (c.awsFailure) {
      add(
        {
          key: `unread:${c.awsFailure.action}:${c.awsFailure.code}`,
          kind: 'unread',
          action: c.awsFailure.action,
          code: c.awsFailure.code,
          remedy:
            c.awsFailure.code.includes('Throttl') || c.awsFailure.code === 'throttled'
              ? 'Something else is using the Identity Center / CloudTrail quota; lower its rate or raise AWS_QUOTA_SHARE.'
              : 'AWS did not answer; if it lasts, check the AWS Health Dashboard and the bot’s network path.',
        },
        c.id,
      );
    } else if (
      c.status === 'incomplete' &&
      c.partial?.some((p) => p.startsWith('CloudTrail ') || p.startsWith('LookupEvents '))
    ) {
      add(
        {
          key: 'partial:cloudtrail:LookupEvents',
          kind: 'partial',
          action: 'cloudtrail:LookupEvents',
          code: 'page cap',
          remedy:
            'CloudTrail holds more sign-in events than the bot reads per diagnosis; feed the sign-in index (infra/README.md) so every sign-in is seen.',
        },
        c.id,
      );
    }
  }
  return [...byKey.values()];
}

/** The failure of a diagnosis that could not read Identity Center at all. */
export function unreachableFailure(error: IdentityCenterUnreachableError): SetupFailure {
  return {
    key: `unreachable:${error.action}:${error.errorCode}`,
    kind: 'unreachable',
    action: error.action,
    code: error.errorCode,
    remedy: error.message,
    checks: [],
  };
}

/**
 * Tells the admins about each distinct setup failure at most once per quiet period (default an hour),
 * however many people run into it. Announcing never fails a diagnosis: a notifier error is logged.
 */
export class SetupAlerts {
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly deps: {
      notifier: SetupFailureNotifier | undefined;
      clock: Clock;
      logger: Logger;
      quietMs?: number;
    },
  ) {}

  async report(failures: readonly SetupFailure[]): Promise<void> {
    const now = this.deps.clock.now();
    const quiet = this.deps.quietMs ?? 3600_000;
    for (const failure of failures) {
      this.deps.logger.warn(
        { setupFailure: failure.key, action: failure.action, code: failure.code, checks: failure.checks },
        'the bot could not read part of its evidence',
      );
      const last = this.lastSent.get(failure.key);
      if (last !== undefined && now - last < quiet) continue;
      this.lastSent.set(failure.key, now);
      if (!this.deps.notifier) continue;
      try {
        await this.deps.notifier.notify(failure);
      } catch (error) {
        this.deps.logger.error(
          { err: error, setupFailure: failure.key },
          'could not tell the admins about a setup failure',
        );
      }
    }
  }
}
