import type { CauseId } from '../../../src/diagnosis/causes';
import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseIn, readSnapshot, SAMPLE_ORG } from '../harness';

const snapshot = readSnapshot('signin-works');
const statusOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id)?.status;
const findingOf = (report: DiagnosisReport, cause: CauseId) => report.findings.find((f) => f.cause === cause);

describe('signin-works', () => {
  it("reports Grace's latest completed sign-in (matched by user id only) as information, never as primary", async () => {
    const report = await diagnoseIn(snapshot, { user: 'grace.hall@example.com' });
    expect(report.primaryCause).toBeNull();
    expect(causesOf(report)).toEqual(['signin-works']);
    expect(report.findings[0]).toEqual({
      cause: 'signin-works',
      severity: 'info',
      checkId: 'signin-works',
      context: {},
      evidence: {
        lastSuccessAt: '2026-11-23T09:15:22.000Z',
        credentialTypes: ['PASSWORD', 'TOTP'],
        count: 2,
        failuresSince: 0,
      },
      evidenceAt: '2026-11-23T09:15:22.000Z',
      fix: null,
    });
    expect(statusOf(report, 'signin-works')).toBe('pass');
  });

  it("finds Oscar's sign-in in the pre-2025 userIdentity.userName shape", async () => {
    const report = await diagnoseIn(snapshot, { user: 'oscar.reed@example.com' });
    expect(report.primaryCause).toBeNull();
    expect(findingOf(report, 'signin-works')?.evidence).toEqual({
      lastSuccessAt: '2026-11-23T10:00:00.000Z',
      credentialTypes: ['PASSWORD'],
      count: 1,
      failuresSince: 0,
    });
  });

  it('Lucy mistyped her password and then signed in: sign-in works, no password problem', async () => {
    const report = await diagnoseIn(snapshot, { user: 'lucy.park@example.com' });
    expect(report.primaryCause).toBeNull();
    expect(causesOf(report)).toEqual(['signin-works']);
    expect(findingOf(report, 'signin-works')?.evidenceAt).toBe('2026-11-23T08:01:00.000Z');
  });

  it.each([
    ['Felix, whose last sign-in is two days old', 'felix.ward@example.com'],
    ['Nina, who never signed in (the others’ sign-ins are not hers)', 'nina.petrov@example.com'],
  ])('near miss: finds nothing for %s', async (_who, user) => {
    const report = await diagnoseIn(snapshot, { user });
    expect(causesOf(report)).toEqual([]);
    expect(report.primaryCause).toBeNull();
    expect(statusOf(report, 'signin-works')).toBe('pass');
  });

  it("a wider window brings Felix's older sign-in in", async () => {
    const report = await diagnoseIn(
      snapshot,
      { user: 'felix.ward@example.com' },
      { settings: { windowHours: 96 } },
    );
    expect(report.primaryCause).toBeNull();
    expect(findingOf(report, 'signin-works')?.evidence).toEqual({
      lastSuccessAt: '2026-11-21T10:00:00.000Z',
      credentialTypes: ['PASSWORD', 'TOTP'],
      count: 1,
      failuresSince: 0,
    });
  });

  it('sample organisation: Priya and Marcus signed in today', async () => {
    const sample = readSnapshot(SAMPLE_ORG);
    const priya = await diagnoseIn(sample, { user: 'priya.raman@northwind.example' });
    expect(findingOf(priya, 'signin-works')?.evidence).toEqual({
      lastSuccessAt: '2026-11-23T09:15:22.000Z',
      credentialTypes: ['PASSWORD', 'TOTP'],
      count: 1,
      failuresSince: 0,
    });
    const marcus = await diagnoseIn(sample, { user: 'marcus.webb@northwind.example' });
    expect(findingOf(marcus, 'signin-works')?.evidenceAt).toBe('2026-11-23T08:31:44.000Z');
  });
});
