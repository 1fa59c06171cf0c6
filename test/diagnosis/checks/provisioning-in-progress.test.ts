import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseBothWays, diagnoseIn, readSnapshot } from '../harness';

const snapshot = readSnapshot('provisioning-in-progress');
const SECURITY_AUDIT = 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-a000000000000007';
const READ_ONLY = 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-a000000000000003';

const checkOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id);

describe('provisioning-in-progress', () => {
  it("finds Hannah's assignment still being created, which explains the unprovisioned permission set, both ways", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'hannah.okafor@example.com' })) {
      expect(report.primaryCause).toBe('provisioning-in-progress');
      expect(causesOf(report)).toEqual(['permission-set-not-provisioned', 'provisioning-in-progress']);
      const [finding] = report.findings;
      expect(finding?.cause).toBe('provisioning-in-progress');
      expect(finding?.context).toEqual({
        accountId: '555555555555',
        accountName: 'security-audit',
        permissionSetArn: SECURITY_AUDIT,
        permissionSetName: 'SecurityAudit',
      });
      expect(finding?.evidence).toEqual({
        requestId: 'e5e5b001-0000-4000-8000-000000000001',
        kind: 'assignment-creation',
        createdDate: '2026-11-23T11:56:40.000Z',
      });
      expect(finding?.evidenceAt).toBe('2026-11-23T11:56:40.000Z');
      expect(finding?.fix).toBeNull();
      expect(checkOf(report, 'provisioning-in-progress')?.status).toBe('fail');
    }
  });

  it("finds the assignment being created for Omar's group, before he holds any, both ways", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'omar.farouk@example.com' })) {
      expect(report.primaryCause).toBe('provisioning-in-progress');
      expect(causesOf(report)).toEqual(['no-assignments', 'provisioning-in-progress']);
      const [finding] = report.findings;
      expect(finding?.context).toEqual({
        accountId: '222222222222',
        accountName: 'prod',
        permissionSetArn: READ_ONLY,
        permissionSetName: 'ReadOnly',
        groupId: 'e5e50000-0000-4000-9000-000000000001',
        groupName: 'Auditors',
      });
      expect(finding?.evidence).toEqual({
        requestId: 'e5e5b001-0000-4000-8000-000000000002',
        kind: 'assignment-creation',
        createdDate: '2026-11-23T11:58:00.000Z',
      });
      expect(finding?.evidenceAt).toBe('2026-11-23T11:58:00.000Z');
    }
  });

  it("ignores Hannah's running request when she asks about another account", async () => {
    const report = await diagnoseIn(snapshot, { user: 'hannah.okafor@example.com', account: 'staging' });
    expect(report.primaryCause).toBe('not-assigned-to-account');
    expect(causesOf(report)).toEqual(['not-assigned-to-account']);
    expect(checkOf(report, 'provisioning-in-progress')?.status).toBe('pass');
  });

  it('leaves Nick alone: the running requests are from two days ago or for another account, both ways', async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'nick.sorensen@example.com' })) {
      expect(report.primaryCause).toBeNull();
      expect(causesOf(report)).toEqual([]);
      expect(checkOf(report, 'provisioning-in-progress')?.status).toBe('pass');
    }
  });
});
