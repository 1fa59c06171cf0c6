import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseBothWays, readSnapshot } from '../harness';

const snapshot = readSnapshot('permission-set-outdated');
const INSTANCE_ARN = 'arn:aws:sso:::instance/ssoins-1111111111111111';
const DATA_SCIENTIST = 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-a000000000000006';

const checkOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id);

describe('permission-set-outdated', () => {
  it("finds Amir's DataScientist on sandbox, reached through Data, both ways", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'amir.haddad@example.com' })) {
      expect(report.primaryCause).toBe('permission-set-outdated');
      expect(causesOf(report)).toEqual(['permission-set-outdated']);
      const [finding] = report.findings;
      expect(finding?.context).toEqual({
        accountId: '444444444444',
        accountName: 'sandbox',
        permissionSetArn: DATA_SCIENTIST,
        permissionSetName: 'DataScientist',
        groupId: 'd4d40000-0000-4000-9000-000000000001',
        groupName: 'Data',
      });
      expect(finding?.evidence).toEqual({
        via: 'Data',
        provisioningStatus: 'LATEST_PERMISSION_SET_NOT_PROVISIONED',
      });
      expect(finding?.fix).toEqual({
        fix: 'provision-permission-set',
        instanceArn: INSTANCE_ARN,
        accountId: '444444444444',
        permissionSetArn: DATA_SCIENTIST,
      });
      expect(checkOf(report, 'permission-set-outdated')?.status).toBe('fail');
    }
  });

  it('stays primary when Amir reports being denied inside the account', async () => {
    for (const report of await diagnoseBothWays(snapshot, {
      user: 'amir.haddad@example.com',
      symptom: 'User is not authorized to perform: s3:GetObject',
    })) {
      expect(report.primaryCause).toBe('permission-set-outdated');
      expect(causesOf(report)).toEqual(['permission-set-outdated', 'symptom-access-denied-in-account']);
    }
  });

  it('leaves Bea alone: the same permission set is up to date on her account, both ways', async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'bea.lindholm@example.com' })) {
      expect(report.primaryCause).toBeNull();
      expect(causesOf(report)).toEqual([]);
      expect(checkOf(report, 'permission-set-outdated')?.status).toBe('pass');
    }
  });

  it("does not call Cara's never-provisioned ReadOnly outdated, both ways", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'cara.nunez@example.com' })) {
      expect(report.primaryCause).toBe('permission-set-not-provisioned');
      expect(causesOf(report)).toEqual(['permission-set-not-provisioned']);
      expect(checkOf(report, 'permission-set-outdated')?.status).toBe('pass');
    }
  });
});
