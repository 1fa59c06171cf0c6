import type { CauseId } from '../../../src/diagnosis/causes';
import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseIn, readSnapshot, SAMPLE_ORG } from '../harness';

const snapshot = readSnapshot('mfa-code-failures');
const statusOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id)?.status;
const findingOf = (report: DiagnosisReport, cause: CauseId) => report.findings.find((f) => f.cause === cause);

describe('mfa-code-failures', () => {
  it("finds Zoe's rejected codes (one in the pre-2025 shape); her MFA challenge is not a registration problem", async () => {
    const report = await diagnoseIn(snapshot, { user: 'zoe.adams@example.com' });
    expect(report.primaryCause).toBe('mfa-code-failures');
    expect(causesOf(report)).toEqual(['mfa-code-failures']);
    expect(report.findings[0]).toEqual({
      cause: 'mfa-code-failures',
      severity: 'blocking',
      checkId: 'mfa-code-failures',
      context: {},
      evidence: {
        count: 3,
        firstAt: '2026-11-23T11:18:49.000Z',
        lastAt: '2026-11-23T11:20:12.000Z',
        credentialType: 'TOTP',
      },
      evidenceAt: '2026-11-23T11:20:12.000Z',
      fix: null,
    });
    expect(statusOf(report, 'mfa-code-failures')).toBe('fail');
    expect(statusOf(report, 'mfa-registration-required')).toBe('pass');
  });

  it('counts a failed re-sync (RESYNC_TOTP) too, and names the type of the latest failure', async () => {
    const report = await diagnoseIn(snapshot, { user: 'raj.mehta@example.com' });
    expect(report.primaryCause).toBe('mfa-code-failures');
    expect(causesOf(report)).toEqual(['mfa-code-failures']);
    expect(findingOf(report, 'mfa-code-failures')?.evidence).toEqual({
      count: 2,
      firstAt: '2026-11-23T10:05:30.000Z',
      lastAt: '2026-11-23T10:06:00.000Z',
      credentialType: 'RESYNC_TOTP',
    });
  });

  it('near miss: Ivy had codes rejected and then signed in (the success is matched by user id only)', async () => {
    const report = await diagnoseIn(snapshot, { user: 'ivy.chen@example.com' });
    expect(report.primaryCause).toBeNull();
    expect(causesOf(report)).toEqual(['signin-works']);
    expect(statusOf(report, 'mfa-code-failures')).toBe('pass');
  });

  it('near miss: Leo only mistyped his password, which is not a code failure', async () => {
    const report = await diagnoseIn(snapshot, { user: 'leo.grant@example.com' });
    expect(report.primaryCause).toBe('password-failures');
    expect(causesOf(report)).toEqual(['password-failures']);
    expect(statusOf(report, 'mfa-code-failures')).toBe('pass');
  });

  it.each([
    ['Paul, whose rejected code is two days old', 'paul.young@example.com'],
    ['Nina, who has no failures (not the hidden user name, not anyone else’s)', 'nina.petrov@example.com'],
  ])('near miss: finds nothing for %s', async (_who, user) => {
    const report = await diagnoseIn(snapshot, { user });
    expect(causesOf(report)).toEqual([]);
    expect(report.primaryCause).toBeNull();
    expect(statusOf(report, 'mfa-code-failures')).toBe('pass');
  });

  it("a wider window brings Paul's older failure in", async () => {
    const report = await diagnoseIn(
      snapshot,
      { user: 'paul.young@example.com' },
      { settings: { windowHours: 96 } },
    );
    expect(report.primaryCause).toBe('mfa-code-failures');
    expect(findingOf(report, 'mfa-code-failures')?.evidence).toEqual({
      count: 1,
      firstAt: '2026-11-21T16:00:30.000Z',
      lastAt: '2026-11-21T16:00:30.000Z',
      credentialType: 'TOTP',
    });
  });

  it('ranks first among the causes the "MFA device could not be verified" symptom points to', async () => {
    const report = await diagnoseIn(snapshot, {
      user: 'zoe.adams@example.com',
      symptom: 'Your MFA device could not be verified',
    });
    expect(report.primaryCause).toBe('mfa-code-failures');
    expect(causesOf(report)).toEqual(['mfa-code-failures', 'symptom-mfa-not-verified']);
  });

  it('sample organisation: Zara Ahmed is mfa-code-failures', async () => {
    const zara = await diagnoseIn(readSnapshot(SAMPLE_ORG), { user: 'zara.ahmed@northwind.example' });
    expect(zara.primaryCause).toBe('mfa-code-failures');
    expect(findingOf(zara, 'mfa-code-failures')?.evidence).toEqual({
      count: 3,
      firstAt: '2026-11-23T11:18:49.000Z',
      lastAt: '2026-11-23T11:20:12.000Z',
      credentialType: 'TOTP',
    });
  });
});
