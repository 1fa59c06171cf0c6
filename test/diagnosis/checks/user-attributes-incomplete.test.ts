import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseBothWays, readSnapshot } from '../harness';

const snapshot = readSnapshot('user-attributes-incomplete');
const statusOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id)?.status;

describe('user-attributes-incomplete', () => {
  it.each([
    [
      'Kenji, whose given and family names are empty',
      'kenji.watanabe@example.com',
      ['GivenName', 'FamilyName'],
      false,
    ],
    [
      'Mia, who has no name attributes at all',
      'mia.tanaka@example.com',
      ['GivenName', 'FamilyName', 'DisplayName'],
      true,
    ],
    ['Oscar, whose display name is only spaces', 'oscar.wilde@example.com', ['DisplayName'], false],
  ])('warns about %s', async (_who, user, missing, externallyManaged) => {
    for (const report of await diagnoseBothWays(snapshot, { user })) {
      // Their access works, so the warning is the primary cause.
      expect(report.primaryCause).toBe('user-attributes-incomplete');
      expect(causesOf(report)).toEqual(['user-attributes-incomplete']);
      expect(report.findings[0]).toEqual({
        cause: 'user-attributes-incomplete',
        severity: 'warning',
        checkId: 'user-attributes-incomplete',
        context: {},
        evidence: { missing, externallyManaged },
        fix: null,
      });
      expect(statusOf(report, 'user-attributes-incomplete')).toBe('warn');
    }
  });

  it('near miss: Nora has no middle name, nickname or formatted name, which SCIM does not need', async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'nora.quist@example.com' })) {
      expect(causesOf(report)).toEqual([]);
      expect(report.primaryCause).toBeNull();
      expect(statusOf(report, 'user-attributes-incomplete')).toBe('pass');
    }
  });
});
