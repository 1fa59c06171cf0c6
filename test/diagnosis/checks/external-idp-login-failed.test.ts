import type { CauseId } from '../../../src/diagnosis/causes';
import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseIn, readSnapshot } from '../harness';

const snapshot = readSnapshot('external-idp-login-failed');
const statusOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id)?.status;
const findingOf = (report: DiagnosisReport, cause: CauseId) => report.findings.find((f) => f.cause === cause);

const REQUEST_ID_MESSAGE =
  'Not a valid response for the provided request id: 3f1c2e9a-7b1d-4c55-9e0a-2d8f6b4a1c77';
const SIGNATURE_MESSAGE = 'Unable to verify the signature of the SAML response';

describe('external-idp-login-failed', () => {
  it("finds Sam's refused SAML sign-ins (both event shapes), with each message once, newest first", async () => {
    const report = await diagnoseIn(snapshot, { user: 'sam.rivera@example.com' });
    expect(report.primaryCause).toBe('external-idp-login-failed');
    expect(causesOf(report)).toEqual(['external-idp-login-failed']);
    expect(report.findings[0]).toEqual({
      cause: 'external-idp-login-failed',
      severity: 'blocking',
      checkId: 'external-idp-login-failed',
      context: {},
      evidence: {
        count: 3,
        lastAt: '2026-11-23T10:20:00.000Z',
        errorMessages: [SIGNATURE_MESSAGE, REQUEST_ID_MESSAGE],
      },
      evidenceAt: '2026-11-23T10:20:00.000Z',
      fix: null,
    });
    expect(statusOf(report, 'external-idp-login-failed')).toBe('fail');
  });

  it('counts a failure that carries only an error code', async () => {
    const report = await diagnoseIn(snapshot, { user: 'kai.tanaka@example.com' });
    expect(report.primaryCause).toBe('external-idp-login-failed');
    expect(findingOf(report, 'external-idp-login-failed')?.evidence).toEqual({
      count: 1,
      lastAt: '2026-11-23T11:05:00.000Z',
      errorMessages: [],
      errorCodes: ['InvalidSAMLResponse'],
    });
  });

  it('ranks first when the person reports "It\'s not you, it\'s us"', async () => {
    const report = await diagnoseIn(snapshot, {
      user: 'sam.rivera@example.com',
      symptom: "It's not you, it's us",
    });
    expect(report.primaryCause).toBe('external-idp-login-failed');
    expect(causesOf(report)).toEqual(['external-idp-login-failed', 'symptom-not-you-its-us']);
  });

  it('near miss: Ana failed once and then signed in (the success is matched by user id only)', async () => {
    const report = await diagnoseIn(snapshot, { user: 'ana.lopez@example.com' });
    expect(report.primaryCause).toBeNull();
    expect(causesOf(report)).toEqual(['signin-works']);
    expect(findingOf(report, 'signin-works')?.evidence).toEqual({
      lastSuccessAt: '2026-11-23T09:05:00.000Z',
      credentialTypes: ['EXTERNAL_IDP'],
      count: 1,
      failuresSince: 0,
    });
    expect(statusOf(report, 'external-idp-login-failed')).toBe('pass');
  });

  it.each([
    ['Theo, whose failure is two days old', 'theo.wright@example.com'],
    [
      'Nina, who has no failures (not the hidden or unnamed ones, not anyone else’s)',
      'nina.petrov@example.com',
    ],
  ])('near miss: finds nothing for %s', async (_who, user) => {
    const report = await diagnoseIn(snapshot, { user });
    expect(causesOf(report)).toEqual([]);
    expect(report.primaryCause).toBeNull();
    expect(statusOf(report, 'external-idp-login-failed')).toBe('pass');
  });

  it("a wider window brings Theo's older failure in", async () => {
    const report = await diagnoseIn(
      snapshot,
      { user: 'theo.wright@example.com' },
      { settings: { windowHours: 96 } },
    );
    expect(report.primaryCause).toBe('external-idp-login-failed');
    expect(findingOf(report, 'external-idp-login-failed')?.evidence).toEqual({
      count: 1,
      lastAt: '2026-11-21T20:00:00.000Z',
      errorMessages: [REQUEST_ID_MESSAGE],
    });
  });
});
