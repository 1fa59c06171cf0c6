import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseBothWays, readSnapshot } from '../harness';

const snapshot = readSnapshot('provisioning-failed');
const INSTANCE_ARN = 'arn:aws:sso:::instance/ssoins-1111111111111111';
const DATA_ENGINEER = 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-a000000000000008';
const READ_ONLY = 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-a000000000000003';
const ZOE = 'f6f60000-0000-4000-8000-000000000003';

const checkOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id);

describe('provisioning-failed', () => {
  it("finds the newest failed provisioning of Yusuf's DataEngineer, which explains it being unprovisioned, both ways", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'yusuf.adeyemi@example.com' })) {
      expect(report.primaryCause).toBe('provisioning-failed');
      expect(causesOf(report)).toEqual(['permission-set-not-provisioned', 'provisioning-failed']);
      const [finding] = report.findings;
      expect(finding?.cause).toBe('provisioning-failed');
      expect(finding?.context).toEqual({
        accountId: '666666666666',
        accountName: 'data-analytics',
        permissionSetArn: DATA_ENGINEER,
        permissionSetName: 'DataEngineer',
      });
      expect(finding?.evidence).toEqual({
        requestId: 'f6f6a001-0000-4000-8000-000000000001',
        kind: 'provisioning',
        failureReason:
          'Received a 404 status error: Policy not found. The customer managed policy arn:aws:iam::666666666666:policy/data/glue-jobs does not exist in the target account or is not attachable.',
        createdDate: '2026-11-23T08:14:37.000Z',
      });
      expect(finding?.evidenceAt).toBe('2026-11-23T08:14:37.000Z');
      expect(finding?.fix).toEqual({
        fix: 'provision-permission-set',
        instanceArn: INSTANCE_ARN,
        accountId: '666666666666',
        permissionSetArn: DATA_ENGINEER,
      });
      expect(checkOf(report, 'provisioning-failed')?.status).toBe('fail');
    }
  });

  it("finds the failed creation of Zoe's assignment on prod and proposes it again, both ways", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'zoe.kaplan@example.com' })) {
      expect(report.primaryCause).toBe('provisioning-failed');
      expect(causesOf(report)).toEqual(['provisioning-failed']);
      const [finding] = report.findings;
      expect(finding?.context).toEqual({
        accountId: '222222222222',
        accountName: 'prod',
        permissionSetArn: READ_ONLY,
        permissionSetName: 'ReadOnly',
      });
      expect(finding?.evidence).toEqual({
        requestId: 'f6f6b001-0000-4000-8000-000000000001',
        kind: 'assignment-creation',
        failureReason:
          'Received a 409 status error: An assignment creation is already in progress for this account.',
        createdDate: '2026-11-23T10:05:00.000Z',
      });
      expect(finding?.fix).toEqual({
        fix: 'grant-account-access',
        instanceArn: INSTANCE_ARN,
        principalType: 'USER',
        principalId: ZOE,
        accountId: '222222222222',
        permissionSetArn: READ_ONLY,
      });
    }
  });

  it("leaves Pia's failure to the retry that is running now, both ways", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'pia.wolff@example.com' })) {
      expect(report.primaryCause).toBe('provisioning-in-progress');
      expect(causesOf(report)).toEqual(['permission-set-not-provisioned', 'provisioning-in-progress']);
      expect(checkOf(report, 'provisioning-failed')?.status).toBe('pass');
    }
  });

  it("ignores Marcus's failure from five days ago, and Zoe's failed creation on the pair he holds, both ways", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'marcus.webb@example.com' })) {
      expect(report.primaryCause).toBeNull();
      expect(causesOf(report)).toEqual([]);
      expect(checkOf(report, 'provisioning-failed')?.status).toBe('pass');
    }
  });

  it("ignores Rita's failure of this morning, retried successfully ten minutes later, both ways", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'rita.gomes@example.com' })) {
      expect(report.primaryCause).toBeNull();
      expect(causesOf(report)).toEqual([]);
      expect(checkOf(report, 'provisioning-failed')?.status).toBe('pass');
    }
  });
});
