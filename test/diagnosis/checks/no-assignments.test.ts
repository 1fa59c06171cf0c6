import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseBothWays, readSnapshot } from '../harness';

const snapshot = readSnapshot('no-assignments');
const INSTANCE_ARN = 'arn:aws:sso:::instance/ssoins-1111111111111111';
const NORA = 'a1a10000-0000-4000-8000-000000000002';

const checkOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id);

/** The access-after-sign-in checks, every one of which needs the user. */
const USER_CHECKS = [
  'no-assignments',
  'not-assigned-to-account',
  'permission-set-not-provisioned',
  'permission-set-outdated',
  'provisioning-in-progress',
  'provisioning-failed',
  'account-not-active',
  'permission-set-empty',
  'permission-set-deny-only',
  'application-not-assigned',
  'management-account-restricted',
];

describe('no-assignments', () => {
  it('finds Nora, whose only group gives an application but no account, both ways', async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'nora.quinn@example.com' })) {
      expect(report.primaryCause).toBe('no-assignments');
      expect(causesOf(report)).toEqual(['no-assignments']);
      const [finding] = report.findings;
      expect(finding).toMatchObject({
        cause: 'no-assignments',
        severity: 'blocking',
        checkId: 'no-assignments',
      });
      expect(finding?.context).toEqual({});
      expect(finding?.evidence).toEqual({ userId: NORA, groupsChecked: ['All-Staff'], assignmentsFound: 0 });
      expect(finding?.fix).toEqual({
        fix: 'grant-account-access',
        instanceArn: INSTANCE_ARN,
        principalType: 'USER',
        principalId: NORA,
      });
      expect(checkOf(report, 'no-assignments')?.status).toBe('fail');
    }
  });

  it('names the account Nora asked for in the context and the fix, and outranks not-assigned-to-account', async () => {
    for (const report of await diagnoseBothWays(snapshot, {
      user: 'nora.quinn@example.com',
      account: 'prod',
    })) {
      expect(report.primaryCause).toBe('no-assignments');
      expect(causesOf(report)).toEqual(['no-assignments', 'not-assigned-to-account']);
      const finding = report.findings.find((f) => f.cause === 'no-assignments');
      expect(finding?.context).toEqual({ accountId: '222222222222', accountName: 'prod' });
      expect(finding?.fix).toEqual({
        fix: 'grant-account-access',
        instanceArn: INSTANCE_ARN,
        principalType: 'USER',
        principalId: NORA,
        accountId: '222222222222',
      });
    }
  });

  it('does not blame Gabe, whose access comes only through the Developers group, both ways', async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'gabe.ruiz@example.com' })) {
      expect(report.primaryCause).toBeNull();
      expect(causesOf(report)).toEqual([]);
      expect(checkOf(report, 'no-assignments')?.status).toBe('pass');
    }
  });

  it('skips every access check when there is no user to look at', async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'nobody@example.com', account: 'prod' })) {
      expect(report.primaryCause).toBe('user-not-found');
      for (const id of USER_CHECKS) {
        expect(checkOf(report, id)).toMatchObject({ status: 'skipped', findings: [] });
      }
    }
  });
});
