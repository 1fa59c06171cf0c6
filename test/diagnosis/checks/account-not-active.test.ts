import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseBothWays, diagnoseIn, readSnapshot, SAMPLE_ORG } from '../harness';

const snapshot = readSnapshot('account-not-active');

const checkOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id);

describe('account-not-active', () => {
  it('covers an account the person named without holding it, and outranks not-assigned-to-account there', async () => {
    const report = await diagnoseIn(readSnapshot(SAMPLE_ORG), {
      user: 'priya.raman@northwind.example',
      account: 'legacy-billing',
    });
    expect(report.primaryCause).toBe('account-not-active');
    expect(causesOf(report)).toEqual(['account-not-active', 'not-assigned-to-account', 'signin-works']);
    expect(report.findings[0]?.evidence).toEqual({ state: 'SUSPENDED', assigned: false });
    expect(report.coverage.complete).toBe(true);
  });

  it("finds Greta's only account suspended, both ways", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'greta.lindgren@example.com' })) {
      expect(report.primaryCause).toBe('account-not-active');
      expect(causesOf(report)).toEqual(['account-not-active']);
      const [finding] = report.findings;
      expect(finding?.context).toEqual({ accountId: '777777777777', accountName: 'legacy-billing' });
      expect(finding?.evidence).toEqual({ state: 'SUSPENDED', assigned: true });
      expect(finding?.fix).toBeNull();
      expect(checkOf(report, 'account-not-active')?.status).toBe('fail');
    }
  });

  it("reads the older Status field for Ivy's account, reached through her group, both ways", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'ivy.chen@example.com' })) {
      expect(report.primaryCause).toBe('account-not-active');
      expect(causesOf(report)).toEqual(['account-not-active']);
      const [finding] = report.findings;
      expect(finding?.context).toEqual({ accountId: '888888888888', accountName: 'winding-down' });
      expect(finding?.evidence).toEqual({ state: 'PENDING_CLOSURE', assigned: true });
    }
  });

  it('looks only at the account Greta named when she asks for prod', async () => {
    const report = await diagnoseIn(snapshot, { user: 'greta.lindgren@example.com', account: 'prod' });
    expect(report.primaryCause).toBe('not-assigned-to-account');
    expect(causesOf(report)).toEqual(['not-assigned-to-account']);
    expect(checkOf(report, 'account-not-active')?.status).toBe('pass');
  });

  it('reports a suspended account Hugo names though he is not assigned there, as the primary cause', async () => {
    const report = await diagnoseIn(snapshot, {
      user: 'hugo.almeida@example.com',
      account: 'legacy-billing',
    });
    // Nothing can be reached in a suspended account, so that explains the missing assignment too.
    expect(report.primaryCause).toBe('account-not-active');
    expect(causesOf(report)).toEqual(['account-not-active', 'not-assigned-to-account']);
    const finding = report.findings.find((f) => f.cause === 'account-not-active');
    expect(finding?.context).toEqual({ accountId: '777777777777', accountName: 'legacy-billing' });
    expect(finding?.evidence).toEqual({ state: 'SUSPENDED', assigned: false });
  });

  it('leaves Hugo alone when he names nothing: his group reaches only active prod, both ways', async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'hugo.almeida@example.com' })) {
      expect(report.primaryCause).toBeNull();
      expect(causesOf(report)).toEqual([]);
      expect(checkOf(report, 'account-not-active')?.status).toBe('pass');
    }
  });
});
