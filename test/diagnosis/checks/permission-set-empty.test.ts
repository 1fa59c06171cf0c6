import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseBothWays, diagnoseIn, readSnapshot } from '../harness';

const snapshot = readSnapshot('permission-set-empty');
const ONBOARDING = 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-a000000000000009';
const PLACEHOLDER = 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-a00000000000000a';

const checkOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id);

describe('permission-set-empty', () => {
  it("finds Milo's Onboarding once, with both accounts he holds it on, both ways", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'milo.petrov@example.com' })) {
      expect(report.primaryCause).toBe('permission-set-empty');
      expect(causesOf(report)).toEqual(['permission-set-empty']);
      const [finding] = report.findings;
      expect(finding?.context).toEqual({
        permissionSetArn: ONBOARDING,
        permissionSetName: 'Onboarding',
        accountId: '333333333333',
        accountName: 'staging',
      });
      expect(finding?.evidence).toEqual({
        accounts: [
          { accountId: '333333333333', accountName: 'staging' },
          { accountId: '444444444444', accountName: 'sandbox' },
        ],
      });
      expect(finding?.fix).toBeNull();
      expect(checkOf(report, 'permission-set-empty')?.status).toBe('fail');
    }
  });

  it('keeps to the account Milo named', async () => {
    const report = await diagnoseIn(snapshot, { user: 'milo.petrov@example.com', account: 'sandbox' });
    expect(report.primaryCause).toBe('permission-set-empty');
    expect(report.findings[0]?.context).toEqual({
      permissionSetArn: ONBOARDING,
      permissionSetName: 'Onboarding',
      accountId: '444444444444',
      accountName: 'sandbox',
    });
    expect(report.findings[0]?.evidence).toEqual({
      accounts: [{ accountId: '444444444444', accountName: 'sandbox' }],
    });
  });

  it('counts an inline policy without statements, and a boundary, as nothing for Paul, both ways', async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'paul.novak@example.com' })) {
      expect(report.primaryCause).toBe('permission-set-empty');
      expect(causesOf(report)).toEqual(['permission-set-empty']);
      expect(report.findings[0]?.context).toEqual({
        permissionSetArn: PLACEHOLDER,
        permissionSetName: 'Placeholder',
        accountId: '222222222222',
        accountName: 'prod',
      });
      expect(report.findings[0]?.evidence).toEqual({
        accounts: [{ accountId: '222222222222', accountName: 'prod' }],
      });
    }
  });

  it("counts Nina's customer managed policy reference as content, both ways", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'nina.solberg@example.com' })) {
      expect(report.primaryCause).toBeNull();
      expect(causesOf(report)).toEqual([]);
      expect(checkOf(report, 'permission-set-empty')?.status).toBe('pass');
    }
  });
});
