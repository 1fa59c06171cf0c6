import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseBothWays, diagnoseIn, readSnapshot } from '../harness';

const snapshot = readSnapshot('permission-set-not-provisioned');
const INSTANCE_ARN = 'arn:aws:sso:::instance/ssoins-1111111111111111';
const BILLING_VIEWER = 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-a000000000000005';
const DATA_SCIENTIST = 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-a000000000000006';

const checkOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id);

describe('permission-set-not-provisioned', () => {
  it("finds Sofia's BillingViewer on prod, held directly and through Finance, once and as direct, both ways", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'sofia.brennan@example.com' })) {
      expect(report.primaryCause).toBe('permission-set-not-provisioned');
      expect(causesOf(report)).toEqual(['permission-set-not-provisioned']);
      const [finding] = report.findings;
      expect(finding?.context).toEqual({
        accountId: '222222222222',
        accountName: 'prod',
        permissionSetArn: BILLING_VIEWER,
        permissionSetName: 'BillingViewer',
      });
      expect(finding?.evidence).toEqual({ via: 'direct' });
      expect(finding?.fix).toEqual({
        fix: 'provision-permission-set',
        instanceArn: INSTANCE_ARN,
        accountId: '222222222222',
        permissionSetArn: BILLING_VIEWER,
      });
      expect(checkOf(report, 'permission-set-not-provisioned')?.status).toBe('fail');
    }
  });

  it('names the group for Ivan, whose DataScientist on sandbox comes through DataTeam, both ways', async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'ivan.petrov@example.com' })) {
      expect(report.primaryCause).toBe('permission-set-not-provisioned');
      expect(causesOf(report)).toEqual(['permission-set-not-provisioned']);
      const [finding] = report.findings;
      expect(finding?.context).toEqual({
        accountId: '444444444444',
        accountName: 'sandbox',
        permissionSetArn: DATA_SCIENTIST,
        permissionSetName: 'DataScientist',
        groupId: 'c3c30000-0000-4000-9000-000000000002',
        groupName: 'DataTeam',
      });
      expect(finding?.evidence).toEqual({ via: 'DataTeam' });
      expect(finding?.fix).toEqual({
        fix: 'provision-permission-set',
        instanceArn: INSTANCE_ARN,
        accountId: '444444444444',
        permissionSetArn: DATA_SCIENTIST,
      });
    }
  });

  it('looks only at the account Sofia named when she names staging, where all is provisioned', async () => {
    const report = await diagnoseIn(snapshot, { user: 'sofia.brennan@example.com', account: 'staging' });
    expect(report.primaryCause).toBeNull();
    expect(causesOf(report)).toEqual([]);
    expect(checkOf(report, 'permission-set-not-provisioned')?.status).toBe('pass');
  });

  it("does not call Leo's ReadOnly unprovisioned: it is provisioned, only not in its latest version, both ways", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'leo.marchetti@example.com' })) {
      expect(report.primaryCause).toBe('permission-set-outdated');
      expect(causesOf(report)).toEqual(['permission-set-outdated']);
      expect(checkOf(report, 'permission-set-not-provisioned')?.status).toBe('pass');
    }
  });
});
