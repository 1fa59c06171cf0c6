import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseBothWays, diagnoseIn, readSnapshot } from '../harness';

const snapshot = readSnapshot('application-not-assigned');
const GRAFANA = 'arn:aws:sso::111111111111:application/ssoins-1111111111111111/apl-2222222222222222';

const checkOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id);

describe('application-not-assigned', () => {
  it('finds Lena, who asks for Grafana and is only in All-Staff, both ways', async () => {
    for (const report of await diagnoseBothWays(snapshot, {
      user: 'lena.fischer@example.com',
      application: 'Grafana',
    })) {
      expect(report.primaryCause).toBe('application-not-assigned');
      expect(causesOf(report)).toEqual(['application-not-assigned']);
      const [finding] = report.findings;
      expect(finding?.context).toEqual({ applicationName: 'Grafana' });
      expect(finding?.evidence).toEqual({ applicationArn: GRAFANA, groupsChecked: ['All-Staff'] });
      expect(finding?.fix).toBeNull();
      expect(checkOf(report, 'application-not-assigned')?.status).toBe('fail');
    }
  });

  it('finds Lena assigned to the Wiki through All-Staff', async () => {
    const report = await diagnoseIn(snapshot, { user: 'lena.fischer@example.com', application: 'Wiki' });
    expect(report.primaryCause).toBeNull();
    expect(checkOf(report, 'application-not-assigned')?.status).toBe('pass');
  });

  it('does not blame Otto, who reaches Grafana only through Observers, whatever the letter case, both ways', async () => {
    for (const report of await diagnoseBothWays(snapshot, {
      user: 'otto.brandt@example.com',
      application: 'grafana',
    })) {
      expect(report.primaryCause).toBeNull();
      expect(causesOf(report)).toEqual([]);
      expect(checkOf(report, 'application-not-assigned')?.status).toBe('pass');
    }
  });

  it('is skipped for an application Identity Center does not have', async () => {
    const report = await diagnoseIn(snapshot, { user: 'lena.fischer@example.com', application: 'Jira' });
    expect(report.primaryCause).toBeNull();
    expect(checkOf(report, 'application-not-assigned')).toMatchObject({
      status: 'skipped',
      reason: 'no application named Jira',
    });
  });

  it('is skipped when the person named no application', async () => {
    const report = await diagnoseIn(snapshot, { user: 'lena.fischer@example.com' });
    expect(checkOf(report, 'application-not-assigned')).toMatchObject({
      status: 'skipped',
      reason: 'the person named no application',
    });
  });
});
