import { SetupAlerts, type SetupFailure, setupFailuresOf } from '../../src/alerts/setup-alerts';
import type { CheckResult, DiagnosisReport } from '../../src/diagnosis/types';
import { ManualClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/log/logger';

const check = (id: string, extra: Partial<CheckResult>): CheckResult => ({
  id,
  title: id,
  status: 'pass',
  durationMs: 1,
  findings: [],
  ...extra,
});

const report = (checks: CheckResult[]): DiagnosisReport => ({
  subject: null,
  request: { user: 'ben@example.com' },
  primaryCause: null,
  findings: [],
  checks,
  stats: { awsCalls: 1, durationMs: 1, throttledCalls: 0 },
  coverage: { complete: false, gaps: [] },
  at: '2026-11-23T12:00:00Z',
  windowHours: 24,
});

describe('setup failures behind a report', () => {
  it('gives one failure per refused action, unanswered read and page cap, listing the checks each left open', () => {
    const failures = setupFailuresOf(
      report([
        check('password-failures', { status: 'error', missingAction: 'cloudtrail:LookupEvents' }),
        check('signin-works', { status: 'error', missingAction: 'cloudtrail:LookupEvents' }),
        check('no-assignments', {
          status: 'incomplete',
          awsFailure: { action: 'sso:ListAccountAssignmentsForPrincipal', code: 'ThrottlingException' },
        }),
        check('mfa-code-failures', {
          status: 'incomplete',
          partial: ['CloudTrail signin.amazonaws.com events: read 500'],
        }),
        check('user-disabled', { status: 'pass' }),
      ]),
    );
    expect(failures.map((f) => [f.key, f.checks])).toEqual([
      ['denied:cloudtrail:LookupEvents', ['password-failures', 'signin-works']],
      ['unread:sso:ListAccountAssignmentsForPrincipal:ThrottlingException', ['no-assignments']],
      ['partial:cloudtrail:LookupEvents', ['mfa-code-failures']],
    ]);
    expect(failures[1]?.remedy).toMatch(/quota/);
  });
});

describe('SetupAlerts', () => {
  const failure: SetupFailure = {
    key: 'denied:cloudtrail:LookupEvents',
    kind: 'denied',
    action: 'cloudtrail:LookupEvents',
    code: 'AccessDenied',
    remedy: 'grant it',
    checks: ['password-failures'],
  };

  it('tells the admins once per failure per quiet period, and again after it', async () => {
    const clock = new ManualClock(0);
    const sent: string[] = [];
    const alerts = new SetupAlerts({
      clock,
      logger: silentLogger(),
      quietMs: 60_000,
      notifier: { notify: async (f) => void sent.push(f.key) },
    });
    await alerts.report([failure]);
    await alerts.report([failure, { ...failure, key: 'unreachable:sso:ListInstances:ECONNREFUSED' }]);
    expect(sent).toEqual(['denied:cloudtrail:LookupEvents', 'unreachable:sso:ListInstances:ECONNREFUSED']);
    clock.advance(60_001);
    await alerts.report([failure]);
    expect(sent).toHaveLength(3);
  });

  it('never fails the diagnosis when the notifier fails', async () => {
    const alerts = new SetupAlerts({
      clock: new ManualClock(0),
      logger: silentLogger(),
      notifier: {
        notify: async () => {
          throw new Error('channel_not_found');
        },
      },
    });
    await expect(alerts.report([failure])).resolves.toBeUndefined();
  });
});
