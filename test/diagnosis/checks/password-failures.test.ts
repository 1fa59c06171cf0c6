import type { CauseId } from '../../../src/diagnosis/causes';
import type { DiagnosisReport } from '../../../src/diagnosis/types';
import type { Snapshot } from '../../../src/sandbox/snapshot/schema';
import { causesOf, diagnoseIn, readSnapshot, SAMPLE_ORG } from '../harness';

const snapshot = readSnapshot('password-failures');
const statusOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id)?.status;
const findingOf = (report: DiagnosisReport, cause: CauseId) => report.findings.find((f) => f.cause === cause);

describe('password-failures', () => {
  it("finds Ben's three wrong passwords since his last sign-in, in both event shapes", async () => {
    const report = await diagnoseIn(snapshot, { user: 'ben.ortiz@example.com' });
    expect(report.primaryCause).toBe('password-failures');
    // He did sign in earlier today; that success comes before the failures, so it resolves nothing.
    expect(causesOf(report)).toEqual(['password-failures', 'signin-works']);
    expect(report.findings[0]).toEqual({
      cause: 'password-failures',
      severity: 'blocking',
      checkId: 'password-failures',
      context: {},
      evidence: { count: 3, firstAt: '2026-11-23T10:41:05.000Z', lastAt: '2026-11-23T10:44:02.000Z' },
      evidenceAt: '2026-11-23T10:44:02.000Z',
      fix: null,
    });
    expect(findingOf(report, 'signin-works')?.evidence).toEqual({
      lastSuccessAt: '2026-11-23T07:30:00.000Z',
      credentialTypes: ['PASSWORD', 'TOTP'],
      count: 1,
      failuresSince: 3,
    });
    expect(statusOf(report, 'password-failures')).toBe('fail');
  });

  it("counts Omar's own failures, and only his", async () => {
    const report = await diagnoseIn(snapshot, { user: 'omar.haddad@example.com' });
    expect(report.primaryCause).toBe('password-failures');
    expect(causesOf(report)).toEqual(['password-failures']);
    expect(findingOf(report, 'password-failures')?.evidence).toEqual({
      count: 2,
      firstAt: '2026-11-23T11:10:00.000Z',
      lastAt: '2026-11-23T11:12:00.000Z',
    });
  });

  it('finds the failures of a person who was never provisioned, under the name they typed', async () => {
    const report = await diagnoseIn(snapshot, { user: 'noah.kim@example.com' });
    expect(report.subject).toBeNull();
    expect(report.primaryCause).toBe('user-not-found');
    expect(causesOf(report)).toEqual(['password-failures', 'user-not-found']);
    expect(findingOf(report, 'password-failures')?.evidence).toEqual({
      count: 2,
      firstAt: '2026-11-23T11:40:00.000Z',
      lastAt: '2026-11-23T11:41:00.000Z',
    });
    expect(statusOf(report, 'password-failures')).toBe('fail');
  });

  it('near miss: Marta failed twice and then signed in (the success is matched by user id only)', async () => {
    const report = await diagnoseIn(snapshot, { user: 'marta.nowak@example.com' });
    expect(report.primaryCause).toBeNull();
    expect(causesOf(report)).toEqual(['signin-works']);
    expect(findingOf(report, 'signin-works')?.evidence).toEqual({
      lastSuccessAt: '2026-11-23T09:01:21.000Z',
      credentialTypes: ['PASSWORD', 'TOTP'],
      count: 1,
      failuresSince: 0,
    });
    expect(statusOf(report, 'password-failures')).toBe('pass');
  });

  it.each([
    ['Chloe, whose failures are two days old', 'chloe.dubois@example.com'],
    ['Nina, who has no failures (not the hidden user name, not anyone else’s)', 'nina.petrov@example.com'],
  ])('near miss: finds nothing for %s', async (_who, user) => {
    const report = await diagnoseIn(snapshot, { user });
    expect(causesOf(report)).toEqual([]);
    expect(report.primaryCause).toBeNull();
    expect(statusOf(report, 'password-failures')).toBe('pass');
  });

  it("a wider window brings Chloe's older failures in; Ben's resolved one stays resolved", async () => {
    const settings = { windowHours: 96 };
    const chloe = await diagnoseIn(snapshot, { user: 'chloe.dubois@example.com' }, { settings });
    expect(chloe.windowHours).toBe(96);
    expect(chloe.primaryCause).toBe('password-failures');
    expect(findingOf(chloe, 'password-failures')?.evidence).toEqual({
      count: 2,
      firstAt: '2026-11-21T09:30:00.000Z',
      lastAt: '2026-11-21T09:31:30.000Z',
    });
    const ben = await diagnoseIn(snapshot, { user: 'ben.ortiz@example.com' }, { settings });
    expect(findingOf(ben, 'password-failures')?.evidence).toEqual({
      count: 3,
      firstAt: '2026-11-23T10:41:05.000Z',
      lastAt: '2026-11-23T10:44:02.000Z',
    });
    expect(findingOf(ben, 'signin-works')?.evidence).toMatchObject({ count: 2 });
  });

  it('says so when the page limit cut the read short', async () => {
    // 60 older sign-ins of someone else push the read past one page of 50.
    const filler = Array.from({ length: 60 }, (_, i) => ({
      EventId: `filler-${i}`,
      EventName: 'CredentialVerification',
      EventSource: 'signin.amazonaws.com',
      EventTime: new Date(Date.parse('2026-11-23T02:00:00Z') + i * 1000).toISOString(),
      Username: '',
      CloudTrailEvent: {
        userIdentity: { type: 'Unknown' },
        additionalEventData: { UserName: 'someone.else@example.com', CredentialType: 'PASSWORD' },
        serviceEventDetails: { CredentialVerification: 'Success' },
      },
    }));
    const crowded: Snapshot = {
      ...snapshot,
      cloudTrail: { events: [...(snapshot.cloudTrail?.events ?? []), ...filler] },
    };
    const report = await diagnoseIn(
      crowded,
      { user: 'ben.ortiz@example.com' },
      { settings: { maxEventPages: 1 } },
    );
    expect(findingOf(report, 'password-failures')?.evidence).toEqual({
      count: 3,
      firstAt: '2026-11-23T10:41:05.000Z',
      lastAt: '2026-11-23T10:44:02.000Z',
      truncated: true,
    });
  });

  it('sample organisation: Ben Carter is password-failures; Marcus Webb’s old failure was resolved', async () => {
    const sample = readSnapshot(SAMPLE_ORG);
    const ben = await diagnoseIn(sample, { user: 'ben.carter@northwind.example' });
    expect(ben.primaryCause).toBe('password-failures');
    expect(findingOf(ben, 'password-failures')?.evidence).toEqual({
      count: 4,
      firstAt: '2026-11-23T10:41:05.000Z',
      lastAt: '2026-11-23T10:44:02.000Z',
    });
    const marcus = await diagnoseIn(sample, { user: 'marcus.webb@northwind.example' });
    expect(causesOf(marcus)).not.toContain('password-failures');
    expect(statusOf(marcus, 'password-failures')).toBe('pass');
  });
});
