import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseBothWays, diagnoseIn, readSnapshot } from '../harness';

const snapshot = readSnapshot('management-account-restricted');

const checkOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id);

describe('management-account-restricted', () => {
  it("warns that provisioning Mia's permission set touches the management account, both ways", async () => {
    for (const report of await diagnoseBothWays(snapshot, {
      user: 'mia.castillo@example.com',
      account: 'management',
    })) {
      expect(report.primaryCause).toBe('permission-set-not-provisioned');
      expect(causesOf(report)).toEqual(['management-account-restricted', 'permission-set-not-provisioned']);
      const finding = report.findings.find((f) => f.cause === 'management-account-restricted');
      expect(finding).toMatchObject({
        severity: 'warning',
        checkId: 'management-account-restricted',
        fix: null,
      });
      expect(finding?.context).toEqual({ accountId: '111111111111', accountName: 'management' });
      expect(finding?.evidence).toEqual({
        callerAccount: '222222222222',
        managementAccountId: '111111111111',
        fixes: ['permission-set-not-provisioned'],
      });
      expect(checkOf(report, 'management-account-restricted')?.status).toBe('warn');
    }
  });

  it('warns for Mia without her naming an account: the check reads the fixes, it does not need an account', async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'mia.castillo@example.com' })) {
      expect(causesOf(report)).toContain('management-account-restricted');
      expect(checkOf(report, 'management-account-restricted')?.status).toBe('warn');
      expect(checkOf(report, 'not-assigned-to-account')?.status).toBe('skipped');
    }
  });

  it('stays quiet for Ned, whose fix targets prod, both ways', async () => {
    for (const report of await diagnoseBothWays(snapshot, {
      user: 'ned.halloran@example.com',
      account: 'prod',
    })) {
      expect(report.primaryCause).toBe('permission-set-not-provisioned');
      expect(causesOf(report)).toEqual(['permission-set-not-provisioned']);
      expect(checkOf(report, 'management-account-restricted')?.status).toBe('pass');
    }
  });

  it('stays quiet when the bot runs in the management account itself', async () => {
    const inManagement = {
      ...snapshot,
      caller: { Account: '111111111111', Arn: 'arn:aws:sts::111111111111:assumed-role/cant-login/bot' },
    };
    const report = await diagnoseIn(inManagement, {
      user: 'mia.castillo@example.com',
      account: 'management',
    });
    expect(report.primaryCause).toBe('permission-set-not-provisioned');
    expect(causesOf(report)).toEqual(['permission-set-not-provisioned']);
    expect(checkOf(report, 'management-account-restricted')?.status).toBe('pass');
  });

  it('cannot run, and says which action it lacks, when the organisation is not readable', async () => {
    const denied = { ...snapshot, faults: { deny: ['organizations:DescribeOrganization'] } };
    const report = await diagnoseIn(denied, { user: 'mia.castillo@example.com', account: 'management' });
    expect(report.primaryCause).toBe('permission-set-not-provisioned');
    expect(checkOf(report, 'management-account-restricted')).toMatchObject({
      status: 'error',
      missingAction: 'organizations:DescribeOrganization',
    });
    const missing = report.findings.find((f) => f.cause === 'bot-permission-missing');
    expect(missing?.evidence).toMatchObject({
      action: 'organizations:DescribeOrganization',
      checks: ['management-account-restricted'],
    });
  });
});
