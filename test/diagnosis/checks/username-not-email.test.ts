import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseBothWays, readSnapshot } from '../harness';

const snapshot = readSnapshot('username-not-email');
const checkOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id);

describe('username-not-email', () => {
  it.each([
    ['Ivan, whose user name has no @', 'ivan.petrov@example.com', 'ivan.petrov'],
    ['Jane, whose user name has no dot in its domain', 'jane.moss@example.com', 'jane@corp'],
  ])('finds that %s cannot match an email NameID', async (_who, user, userName) => {
    for (const report of await diagnoseBothWays(snapshot, { user })) {
      expect(report.primaryCause).toBe('username-not-email');
      expect(causesOf(report)).toEqual(['username-not-email']);
      expect(report.findings[0]).toEqual({
        cause: 'username-not-email',
        severity: 'blocking',
        checkId: 'username-not-email',
        context: {},
        evidence: { userName },
        fix: null,
      });
      expect(checkOf(report, 'username-not-email')?.status).toBe('fail');
      // The same fact is not reported twice as a mismatch.
      expect(checkOf(report, 'username-mismatch')).toMatchObject({
        status: 'skipped',
        reason: 'the user name is not an email address',
      });
    }
  });

  it("near miss: Kim signs in to Identity Center's own directory, where a plain user name is fine", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'kim.lee@example.com' })) {
      expect(causesOf(report)).toEqual([]);
      expect(report.primaryCause).toBeNull();
      expect(checkOf(report, 'username-not-email')).toMatchObject({
        status: 'skipped',
        reason: 'the user is not fed by an external IdP',
      });
    }
  });

  it("near miss: Leo's mixed-case user name is a valid address", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'Leo.Grant@Example.com' })) {
      expect(causesOf(report)).toEqual([]);
      expect(report.primaryCause).toBeNull();
      expect(checkOf(report, 'username-not-email')?.status).toBe('pass');
      expect(checkOf(report, 'username-mismatch')?.status).toBe('pass');
    }
  });
});
