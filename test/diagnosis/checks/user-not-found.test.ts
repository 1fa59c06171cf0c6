import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseBothWays, diagnoseIn, readSnapshot } from '../harness';

const snapshot = readSnapshot('user-not-found');
const caseInsensitive = { ...snapshot, emulation: { caseInsensitiveLookups: true } };
const GATE = 'no Identity Center user matches this person';
const NEEDS_USER = [
  'user-disabled',
  'username-mismatch',
  'username-not-email',
  'user-attributes-incomplete',
  'scim-sync-errors',
  'principal-recreated',
  'ad-primary-group',
  'no-assignments',
];

const statusOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id)?.status;
const reasonOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id)?.reason;

describe('user-not-found', () => {
  it.each([
    ['case-sensitive', snapshot],
    ['case-insensitive', caseInsensitive],
  ])('finds no user for Noah, who was never provisioned (%s lookups)', async (_mode, snap) => {
    const report = await diagnoseIn(snap, { user: 'noah.brandt@example.com' });
    expect(report.subject).toBeNull();
    expect(report.primaryCause).toBe('user-not-found');
    expect(causesOf(report)).toEqual(['user-not-found']);
    expect(report.findings[0]).toMatchObject({
      cause: 'user-not-found',
      severity: 'blocking',
      checkId: 'user-not-found',
      context: {},
      fix: null,
    });
    expect(report.findings[0]!.evidence).toEqual({
      identifier: 'noah.brandt@example.com',
      tried: ['userName = noah.brandt@example.com', 'emails.value = noah.brandt@example.com'],
    });
    expect(statusOf(report, 'user-not-found')).toBe('fail');
    for (const id of NEEDS_USER) {
      expect([id, statusOf(report, id), reasonOf(report, id)]).toEqual([id, 'skipped', GATE]);
    }
  });

  it('also tries the lower-case spelling of a mixed-case identifier, and says so', async () => {
    const report = await diagnoseIn(snapshot, { user: 'Noah.Brandt@Example.com' });
    expect(report.primaryCause).toBe('user-not-found');
    expect(report.findings[0]!.evidence).toEqual({
      identifier: 'Noah.Brandt@Example.com',
      tried: [
        'userName = Noah.Brandt@Example.com',
        'emails.value = Noah.Brandt@Example.com',
        'userName = noah.brandt@example.com',
        'emails.value = noah.brandt@example.com',
      ],
    });
  });

  it('tries only the user name when the identifier is not an address', async () => {
    const report = await diagnoseIn(snapshot, { user: 'noah' });
    expect(report.primaryCause).toBe('user-not-found');
    expect(report.findings[0]!.evidence).toEqual({ identifier: 'noah', tried: ['userName = noah'] });
  });

  it('near miss: finds Dave by his email although his user name is not an address', async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'dave.okoro@example.com' })) {
      expect(report.subject).toMatchObject({
        userId: '9a0b1c2d-0000-4000-8000-000000000002',
        userName: 'dave',
        foundBy: 'emails.value',
        externallyManaged: false,
      });
      expect(causesOf(report)).toEqual([]);
      expect(report.primaryCause).toBeNull();
      expect(statusOf(report, 'user-not-found')).toBe('pass');
      expect(statusOf(report, 'no-assignments')).toBe('pass');
    }
  });

  it.each([
    ['case-sensitive', snapshot],
    ['case-insensitive', caseInsensitive],
  ])('near miss: finds Carol whatever case she is typed in (%s lookups)', async (_mode, snap) => {
    for (const report of await diagnoseBothWays(snap, { user: 'Carol.Diaz@Example.com' })) {
      expect(report.subject).toMatchObject({
        userId: '9a0b1c2d-0000-4000-8000-000000000001',
        userName: 'carol.diaz@example.com',
        foundBy: 'userName',
      });
      expect(statusOf(report, 'user-not-found')).toBe('pass');
      // Found, but the email typed is not her user name letter for letter.
      expect(causesOf(report)).toEqual(['username-mismatch']);
      expect(report.primaryCause).toBe('username-mismatch');
    }
  });
});
