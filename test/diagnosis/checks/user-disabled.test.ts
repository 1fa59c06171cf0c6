import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseBothWays, readSnapshot } from '../harness';

const snapshot = readSnapshot('user-disabled');
const statusOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id)?.status;

describe('user-disabled', () => {
  it("finds Olivia's user disabled, and ranks it above her missing assignments", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'olivia.marsh@example.com' })) {
      expect(report.primaryCause).toBe('user-disabled');
      expect(causesOf(report)).toEqual(['no-assignments', 'user-disabled']);
      expect(report.findings[0]).toEqual({
        cause: 'user-disabled',
        severity: 'blocking',
        checkId: 'user-disabled',
        context: {},
        evidence: {
          userId: '9a0b1c2d-0000-4000-8000-000000000001',
          userName: 'olivia.marsh@example.com',
          userStatus: 'DISABLED',
          updatedAt: '2026-11-20T09:15:00.000Z',
        },
        evidenceAt: '2026-11-20T09:15:00.000Z',
        fix: null,
      });
      expect(statusOf(report, 'user-disabled')).toBe('fail');
      expect(report.subject?.status).toBe('DISABLED');
    }
  });

  it('stays the primary cause when Olivia reports "An unexpected error has occurred"', async () => {
    for (const report of await diagnoseBothWays(snapshot, {
      user: 'olivia.marsh@example.com',
      symptom: 'An unexpected error has occurred',
    })) {
      expect(report.primaryCause).toBe('user-disabled');
      expect(causesOf(report)).toEqual(['no-assignments', 'symptom-unexpected-error', 'user-disabled']);
    }
  });

  it.each([
    ['Paul, whose user carries no UserStatus', 'paul.novak@example.com'],
    ['Quinn, who is ENABLED', 'quinn.harper@example.com'],
  ])('near miss: does not call %s disabled', async (_who, user) => {
    for (const report of await diagnoseBothWays(snapshot, { user })) {
      expect(causesOf(report)).toEqual([]);
      expect(report.primaryCause).toBeNull();
      expect(statusOf(report, 'user-disabled')).toBe('pass');
    }
  });
});
