import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseBothWays, diagnoseIn, readSnapshot } from '../harness';

const snapshot = readSnapshot('scim-sync-errors');
const checkOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id);

const NAME_CONSTRAINT = {
  kind: 'name-constraint',
  message:
    "1 validation error detected: Value at 'name.familyName' failed to satisfy constraint: Member must have length greater than or equal to 1",
  errorCode: 'ValidationException',
  eventNames: ['PutUser'],
  count: 1,
  lastAt: '2026-11-23T11:30:00.000Z',
};
const MULTI_VALUED = {
  kind: 'multi-valued-attribute',
  message: 'List attribute emails exceeds allowed limit of 1',
  errorCode: 'ValidationException',
  eventNames: ['PatchUser'],
  count: 2,
  lastAt: '2026-11-23T11:00:00.000Z',
};

describe('scim-sync-errors', () => {
  // Someone else's failure (11:40), a group create (09:30) and a user create (07:00) name no id of
  // Pat's: they are organisation-wide, not Pat's cause.
  it("summarises the failed SCIM writes of the last 24 hours that name Pat's user or group, by kind, newest first", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'pat.kelly@example.com' })) {
      expect(report.primaryCause).toBe('scim-sync-errors');
      expect(causesOf(report)).toEqual(['scim-sync-errors']);
      expect(report.findings[0]).toEqual({
        cause: 'scim-sync-errors',
        severity: 'warning',
        checkId: 'scim-sync-errors',
        context: {},
        evidence: {
          failures: [
            NAME_CONSTRAINT,
            MULTI_VALUED,
            {
              kind: 'missing-path',
              message: 'Missing path in PATCH request',
              errorCode: 'ValidationException',
              eventNames: ['PatchGroup'],
              count: 1,
              lastAt: '2026-11-23T08:00:00.000Z',
            },
          ],
          truncated: false,
          total: 4,
        },
        evidenceAt: '2026-11-23T11:30:00.000Z',
        fix: null,
      });
      expect(checkOf(report, 'scim-sync-errors')?.status).toBe('warn');
    }
  });

  it('counts only the failures inside the configured window', async () => {
    const report = await diagnoseIn(
      snapshot,
      { user: 'pat.kelly@example.com' },
      { settings: { windowHours: 3 } },
    );
    expect(report.primaryCause).toBe('scim-sync-errors');
    expect(report.findings[0]!.evidence).toEqual({
      failures: [NAME_CONSTRAINT, MULTI_VALUED],
      truncated: false,
      total: 3,
    });
  });

  it('finds nothing when no SCIM write failed inside the window', async () => {
    const report = await diagnoseIn(
      snapshot,
      { user: 'pat.kelly@example.com' },
      { settings: { windowHours: 0.25 } },
    );
    expect(causesOf(report)).toEqual([]);
    expect(report.primaryCause).toBeNull();
    expect(checkOf(report, 'scim-sync-errors')?.status).toBe('pass');
  });

  it("near miss: skips Quinn, a user of Identity Center's own directory", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'quinn.harper@example.com' })) {
      expect(causesOf(report)).toEqual([]);
      expect(report.primaryCause).toBeNull();
      expect(checkOf(report, 'scim-sync-errors')).toMatchObject({
        status: 'skipped',
        reason: 'the identity store is not fed by SCIM',
      });
    }
  });
});
