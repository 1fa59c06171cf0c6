import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseBothWays, readSnapshot } from '../harness';

const snapshot = readSnapshot('username-mismatch');
const caseInsensitive = { ...snapshot, emulation: { caseInsensitiveLookups: true } };
const statusOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id)?.status;
const findingOf = (report: DiagnosisReport) => report.findings.find((f) => f.cause === 'username-mismatch');

// The identifier the person gives is the email their IdP sends as NameID; UserName must equal it exactly.
describe('username-mismatch', () => {
  it.each([
    ['case-sensitive', snapshot, 'emails.value'],
    ['case-insensitive', caseInsensitive, 'userName'],
  ])(
    "finds Dana's user name differs from her email in letter case (%s lookups)",
    async (_mode, snap, foundBy) => {
      for (const report of await diagnoseBothWays(snap, { user: 'dana.whitfield@example.com' })) {
        expect(report.primaryCause).toBe('username-mismatch');
        expect(causesOf(report)).toEqual(['username-mismatch']);
        expect(findingOf(report)).toEqual({
          cause: 'username-mismatch',
          severity: 'blocking',
          checkId: 'username-mismatch',
          context: {},
          evidence: {
            userName: 'Dana.Whitfield@example.com',
            expected: 'dana.whitfield@example.com',
            foundBy,
            differsOnlyInCase: true,
          },
          fix: null,
        });
        expect(statusOf(report, 'username-mismatch')).toBe('fail');
      }
    },
  );

  it("finds Frank's user name is another address than his email", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'frank.miles@example.com' })) {
      expect(report.primaryCause).toBe('username-mismatch');
      expect(causesOf(report)).toEqual(['username-mismatch']);
      expect(findingOf(report)?.evidence).toEqual({
        userName: 'frank.miles@corp.example.net',
        expected: 'frank.miles@example.com',
        foundBy: 'emails.value',
        differsOnlyInCase: false,
      });
    }
  });

  it.each([
    ['case-sensitive', snapshot],
    ['case-insensitive', caseInsensitive],
  ])(
    'finds a mismatch when the email as given differs from the user name only in case (%s lookups)',
    async (_mode, snap) => {
      for (const report of await diagnoseBothWays(snap, { user: 'Gina.Lopez@example.com' })) {
        expect(report.primaryCause).toBe('username-mismatch');
        expect(findingOf(report)?.evidence).toEqual({
          userName: 'gina.lopez@example.com',
          expected: 'Gina.Lopez@example.com',
          foundBy: 'userName',
          differsOnlyInCase: true,
        });
      }
    },
  );

  it.each([
    ['case-sensitive', snapshot],
    ['case-insensitive', caseInsensitive],
  ])(
    "near miss: Erin's user name equals her email exactly; her stored email's case does not matter (%s lookups)",
    async (_mode, snap) => {
      for (const report of await diagnoseBothWays(snap, { user: 'erin.cole@example.com' })) {
        expect(report.subject?.email).toBe('Erin.Cole@Example.com');
        expect(causesOf(report)).toEqual([]);
        expect(report.primaryCause).toBeNull();
        expect(statusOf(report, 'username-mismatch')).toBe('pass');
      }
    },
  );

  it('near miss: Hank signs in with a plain user name, which is not compared with his email', async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'hank.berg@example.com' })) {
      expect(report.subject).toMatchObject({ userName: 'hank', foundBy: 'emails.value' });
      expect(causesOf(report)).toEqual([]);
      expect(report.primaryCause).toBeNull();
      expect(report.checks.find((c) => c.id === 'username-mismatch')).toMatchObject({
        status: 'skipped',
        reason: 'the user signs in with their user name (no external IdP)',
      });
    }
  });

  it("near miss: Ivy's user name differs from her email in case, but she signs in to Identity Center's own directory by user name", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'ivy.novak@example.com' })) {
      expect(report.subject).toMatchObject({ userName: 'Ivy.Novak@example.com', externallyManaged: false });
      expect(causesOf(report)).toEqual([]);
      expect(report.primaryCause).toBeNull();
      expect(report.coverage.complete).toBe(true);
      expect(statusOf(report, 'username-mismatch')).toBe('skipped');
    }
  });

  it("finds Jon's mismatch from his sign-ins through the external IdP although his record carries no ExternalIds", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'jon.reyes@example.com' })) {
      expect(report.subject?.externallyManaged).toBe(false);
      expect(findingOf(report)?.evidence).toEqual({
        userName: 'Jon.Reyes@example.com',
        expected: 'jon.reyes@example.com',
        foundBy: 'emails.value',
        differsOnlyInCase: true,
      });
      expect(report.primaryCause).toBe('username-mismatch');
    }
  });
});
