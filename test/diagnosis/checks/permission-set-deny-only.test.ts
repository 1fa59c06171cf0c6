import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseBothWays, readSnapshot } from '../harness';

const snapshot = readSnapshot('permission-set-deny-only');
const CONTRACTOR_RESTRICTED = 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-a00000000000000c';
const LOCKDOWN = 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-a00000000000000d';

const checkOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id);

describe('permission-set-deny-only', () => {
  it("finds Chloe's ContractorRestricted, reached through Contractors, both ways", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'chloe.martin@example.com' })) {
      expect(report.primaryCause).toBe('permission-set-deny-only');
      expect(causesOf(report)).toEqual(['permission-set-deny-only']);
      const [finding] = report.findings;
      expect(finding?.context).toEqual({
        permissionSetArn: CONTRACTOR_RESTRICTED,
        permissionSetName: 'ContractorRestricted',
        accountId: '333333333333',
        accountName: 'staging',
      });
      expect(finding?.evidence).toEqual({
        deniedActions: ['iam:*', 'organizations:*', 'sso:*'],
        deniedActionCount: 3,
        deniedAllBut: ['sts:*', 'support:*'],
        statementCount: 3,
        accounts: [{ accountId: '333333333333', accountName: 'staging' }],
      });
      expect(finding?.fix).toBeNull();
      expect(checkOf(report, 'permission-set-deny-only')?.status).toBe('fail');
    }
  });

  it('stays primary when Chloe reports being denied', async () => {
    for (const report of await diagnoseBothWays(snapshot, {
      user: 'chloe.martin@example.com',
      symptom: 'AccessDenied when calling ListBuckets',
    })) {
      expect(report.primaryCause).toBe('permission-set-deny-only');
      expect(causesOf(report)).toEqual(['permission-set-deny-only', 'symptom-access-denied-in-account']);
    }
  });

  it("reads Gus's single Deny statement written as an object, listing ten of its twelve actions, both ways", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'gus.ferreira@example.com' })) {
      expect(report.primaryCause).toBe('permission-set-deny-only');
      expect(causesOf(report)).toEqual(['permission-set-deny-only']);
      const [finding] = report.findings;
      expect(finding?.context).toEqual({
        permissionSetArn: LOCKDOWN,
        permissionSetName: 'Lockdown',
        accountId: '444444444444',
        accountName: 'sandbox',
      });
      expect(finding?.evidence).toEqual({
        deniedActions: [
          'ec2:*',
          's3:*',
          'iam:*',
          'lambda:*',
          'rds:*',
          'dynamodb:*',
          'sqs:*',
          'sns:*',
          'kms:*',
          'logs:*',
        ],
        deniedActionCount: 12,
        deniedAllBut: [],
        statementCount: 1,
        accounts: [{ accountId: '444444444444', accountName: 'sandbox' }],
      });
    }
  });

  it('leaves Dev alone: one set attaches a managed policy, the other also allows, both ways', async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'dev.patel@example.com' })) {
      expect(report.primaryCause).toBeNull();
      expect(causesOf(report)).toEqual([]);
      expect(checkOf(report, 'permission-set-deny-only')?.status).toBe('pass');
    }
  });

  it("does not take Fay's unparseable inline policy for a deny-only or an empty one, both ways", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'fay.olsen@example.com' })) {
      expect(report.primaryCause).toBeNull();
      expect(causesOf(report)).toEqual([]);
      expect(checkOf(report, 'permission-set-deny-only')?.status).toBe('pass');
      expect(checkOf(report, 'permission-set-empty')?.status).toBe('pass');
    }
  });
});
