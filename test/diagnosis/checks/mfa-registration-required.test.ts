import type { CauseId } from '../../../src/diagnosis/causes';
import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseIn, readSnapshot, SAMPLE_ORG } from '../harness';

const snapshot = readSnapshot('mfa-registration-required');
const statusOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id)?.status;
const findingOf = (report: DiagnosisReport, cause: CauseId) => report.findings.find((f) => f.cause === cause);

describe('mfa-registration-required', () => {
  it('finds Liam stopped twice at the device-enrolment step', async () => {
    const report = await diagnoseIn(snapshot, { user: 'liam.obrien@example.com' });
    expect(report.primaryCause).toBe('mfa-registration-required');
    expect(causesOf(report)).toEqual(['mfa-registration-required']);
    expect(report.findings[0]).toEqual({
      cause: 'mfa-registration-required',
      severity: 'blocking',
      checkId: 'mfa-registration-required',
      context: {},
      evidence: {
        lastAt: '2026-11-23T11:37:51.000Z',
        step: 'CredentialChallenge',
        count: 2,
        deviceEnrollmentRequired: true,
      },
      evidenceAt: '2026-11-23T11:37:51.000Z',
      fix: null,
    });
    expect(statusOf(report, 'mfa-registration-required')).toBe('fail');
  });

  it('finds Hana stopped at an MFA challenge, in the pre-2025 event shape', async () => {
    const report = await diagnoseIn(snapshot, { user: 'hana.sato@example.com' });
    expect(report.primaryCause).toBe('mfa-registration-required');
    expect(causesOf(report)).toEqual(['mfa-registration-required']);
    expect(findingOf(report, 'mfa-registration-required')?.evidence).toEqual({
      lastAt: '2026-11-23T10:20:01.000Z',
      step: 'CredentialChallenge',
      count: 1,
      deviceEnrollmentRequired: false,
    });
  });

  it('near miss: Yara entered codes after the challenge, so she has a device (mfa-code-failures only)', async () => {
    const report = await diagnoseIn(snapshot, { user: 'yara.costa@example.com' });
    expect(report.primaryCause).toBe('mfa-code-failures');
    expect(causesOf(report)).toEqual(['mfa-code-failures']);
    expect(statusOf(report, 'mfa-registration-required')).toBe('pass');
  });

  it('Ines: a code rejected before a newer enrolment step proves a device exists: mfa-code-failures, unconditionally', async () => {
    const report = await diagnoseIn(snapshot, { user: 'ines.moreno@example.com' });
    expect(causesOf(report)).toEqual(['mfa-code-failures']);
    expect(report.primaryCause).toBe('mfa-code-failures');
    expect(statusOf(report, 'mfa-registration-required')).toBe('pass');
  });

  it('near miss: Maya registered during sign-in and got in (the success is matched by user id only)', async () => {
    const report = await diagnoseIn(snapshot, { user: 'maya.singh@example.com' });
    expect(report.primaryCause).toBeNull();
    expect(causesOf(report)).toEqual(['signin-works']);
    expect(statusOf(report, 'mfa-registration-required')).toBe('pass');
  });

  it.each([
    ['Tom, who stopped at a password prompt (not MFA)', 'tom.baker@example.com'],
    ['Eva, who stopped at enrolment two days ago', 'eva.lind@example.com'],
    [
      'Nina, who has no sign-in events (not the hidden user name, not anyone else’s)',
      'nina.petrov@example.com',
    ],
  ])('near miss: finds nothing for %s', async (_who, user) => {
    const report = await diagnoseIn(snapshot, { user });
    expect(causesOf(report)).toEqual([]);
    expect(report.primaryCause).toBeNull();
    expect(statusOf(report, 'mfa-registration-required')).toBe('pass');
  });

  it("a wider window brings Eva's older enrolment step in", async () => {
    const report = await diagnoseIn(
      snapshot,
      { user: 'eva.lind@example.com' },
      { settings: { windowHours: 96 } },
    );
    expect(report.primaryCause).toBe('mfa-registration-required');
    expect(findingOf(report, 'mfa-registration-required')?.evidence).toEqual({
      lastAt: '2026-11-22T06:00:01.000Z',
      step: 'CredentialChallenge',
      count: 1,
      deviceEnrollmentRequired: true,
    });
  });

  it('sample organisation: Liam is mfa-registration-required; Zara (codes after the challenge) and Priya are not', async () => {
    const sample = readSnapshot(SAMPLE_ORG);
    const liam = await diagnoseIn(sample, { user: 'liam.oconnor@northwind.example' });
    expect(liam.primaryCause).toBe('mfa-registration-required');
    expect(findingOf(liam, 'mfa-registration-required')?.evidence).toEqual({
      lastAt: '2026-11-23T11:37:51.000Z',
      step: 'CredentialChallenge',
      count: 2,
      deviceEnrollmentRequired: true,
    });
    const zara = await diagnoseIn(sample, { user: 'zara.ahmed@northwind.example' });
    expect(causesOf(zara)).not.toContain('mfa-registration-required');
    const priya = await diagnoseIn(sample, { user: 'priya.raman@northwind.example' });
    expect(causesOf(priya)).not.toContain('mfa-registration-required');
  });
});
