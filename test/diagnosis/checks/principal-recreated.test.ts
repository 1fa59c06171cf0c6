import type { DiagnosisReport } from '../../../src/diagnosis/types';
import { causesOf, diagnoseBothWays, readSnapshot } from '../harness';

const snapshot = readSnapshot('principal-recreated');
const INSTANCE = 'arn:aws:sso:::instance/ssoins-1111111111111111';
const READONLY = 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-1111111111111111';
const POWER = 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222';
const DATA = '5e6f7a8b-0000-4000-8000-000000000001';
const OLD_DATA = '5e6f7a8b-0000-4000-8000-000000000101';
const INTERNS = '5e6f7a8b-0000-4000-8000-000000000199';

const statusOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id)?.status;
const recreated = (report: DiagnosisReport) =>
  report.findings.filter((f) => f.cause === 'principal-recreated');

/** The Data group was deleted and re-created: its prod ReadOnly assignment still names the old id. */
const dataGroupFinding = {
  cause: 'principal-recreated',
  severity: 'blocking',
  checkId: 'principal-recreated',
  context: {
    accountId: '333333333333',
    accountName: 'prod',
    permissionSetArn: READONLY,
    permissionSetName: 'ReadOnly',
    groupId: DATA,
    groupName: 'Data',
  },
  evidence: {
    principalType: 'GROUP',
    name: 'Data',
    oldPrincipalId: OLD_DATA,
    newPrincipalId: DATA,
    lastSeen: '2026-11-20T08:00:00Z',
    staleAssignments: [
      {
        accountId: '333333333333',
        accountName: 'prod',
        permissionSetArn: READONLY,
        permissionSetName: 'ReadOnly',
      },
    ],
  },
  evidenceAt: '2026-11-20T08:00:00Z',
  fix: {
    fix: 'repoint-assignments',
    instanceArn: INSTANCE,
    principalType: 'GROUP',
    newPrincipalId: DATA,
    lastKnownName: 'Data',
    stale: [{ accountId: '333333333333', permissionSetArn: READONLY, principalId: OLD_DATA }],
  },
};

describe('principal-recreated', () => {
  it("finds Elena's assignments left on her deleted user, and ranks it above no-assignments", async () => {
    const OLD = '9a0b1c2d-0000-4000-8000-000000000101';
    const NEW = '9a0b1c2d-0000-4000-8000-000000000001';
    for (const report of await diagnoseBothWays(snapshot, { user: 'elena.rossi@example.com' })) {
      expect(report.primaryCause).toBe('principal-recreated');
      expect(causesOf(report)).toEqual(['no-assignments', 'principal-recreated']);
      expect(report.findings[0]).toEqual({
        cause: 'principal-recreated',
        severity: 'blocking',
        checkId: 'principal-recreated',
        context: {
          accountId: '222222222222',
          accountName: 'dev',
          permissionSetArn: READONLY,
          permissionSetName: 'ReadOnly',
        },
        evidence: {
          principalType: 'USER',
          name: 'elena.rossi@example.com',
          oldPrincipalId: OLD,
          newPrincipalId: NEW,
          lastSeen: '2026-11-11T17:40:00Z',
          staleAssignments: [
            {
              accountId: '222222222222',
              accountName: 'dev',
              permissionSetArn: READONLY,
              permissionSetName: 'ReadOnly',
            },
            {
              accountId: '333333333333',
              accountName: 'prod',
              permissionSetArn: POWER,
              permissionSetName: 'PowerUser',
            },
          ],
        },
        evidenceAt: '2026-11-11T17:40:00Z',
        fix: {
          fix: 'repoint-assignments',
          instanceArn: INSTANCE,
          principalType: 'USER',
          newPrincipalId: NEW,
          lastKnownName: 'elena.rossi@example.com',
          stale: [
            { accountId: '222222222222', permissionSetArn: READONLY, principalId: OLD },
            { accountId: '333333333333', permissionSetArn: POWER, principalId: OLD },
          ],
        },
      });
      expect(statusOf(report, 'principal-recreated')).toBe('fail');
    }
  });

  it("finds Omar's re-created Data group, whose prod access stayed on the old group", async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'omar.farouk@example.com' })) {
      // His own dev access works, so nothing else is wrong.
      expect(causesOf(report)).toEqual(['principal-recreated']);
      expect(report.primaryCause).toBe('principal-recreated');
      expect(report.findings[0]).toEqual(dataGroupFinding);
    }
  });

  it('outranks the missing access when Omar asks for prod', async () => {
    for (const report of await diagnoseBothWays(snapshot, {
      user: 'omar.farouk@example.com',
      account: 'prod',
    })) {
      expect(report.primaryCause).toBe('principal-recreated');
      expect(causesOf(report)).toContain('principal-recreated');
      expect(causesOf(report)).not.toContain('no-assignments');
      expect(report.findings[0]).toEqual(dataGroupFinding);
    }
  });

  it('reports one finding per stale principal when Rita lost both her user and her group', async () => {
    const OLD = '9a0b1c2d-0000-4000-8000-000000000103';
    const NEW = '9a0b1c2d-0000-4000-8000-000000000003';
    for (const report of await diagnoseBothWays(snapshot, { user: 'rita.moreno@example.com' })) {
      expect(report.primaryCause).toBe('principal-recreated');
      expect(causesOf(report)).toEqual(['no-assignments', 'principal-recreated', 'principal-recreated']);
      // The group's evidence is the more recent, so it leads.
      expect(recreated(report)).toEqual([
        dataGroupFinding,
        {
          cause: 'principal-recreated',
          severity: 'blocking',
          checkId: 'principal-recreated',
          context: {
            accountId: '444444444444',
            accountName: 'staging',
            permissionSetArn: POWER,
            permissionSetName: 'PowerUser',
          },
          evidence: {
            principalType: 'USER',
            name: 'rita.moreno@example.com',
            oldPrincipalId: OLD,
            newPrincipalId: NEW,
            lastSeen: '2026-11-11T18:00:00Z',
            staleAssignments: [
              {
                accountId: '444444444444',
                accountName: 'staging',
                permissionSetArn: POWER,
                permissionSetName: 'PowerUser',
              },
            ],
          },
          evidenceAt: '2026-11-11T18:00:00Z',
          fix: {
            fix: 'repoint-assignments',
            instanceArn: INSTANCE,
            principalType: 'USER',
            newPrincipalId: NEW,
            lastKnownName: 'rita.moreno@example.com',
            stale: [{ accountId: '444444444444', permissionSetArn: POWER, principalId: OLD }],
          },
        },
      ]);
    }
  });

  it.each([
    ['Sam, whose remembered user and group ids are his current ones', 'sam.ortiz@example.com'],
    ['Tina, whose remembered id still exists (that user was renamed)', 'tina.young@example.com'],
  ])('near miss: blames nothing on %s', async (_who, user) => {
    for (const report of await diagnoseBothWays(snapshot, { user })) {
      expect(causesOf(report)).toEqual([]);
      expect(report.primaryCause).toBeNull();
      expect(statusOf(report, 'principal-recreated')).toBe('pass');
    }
  });

  it('never blames the stale Interns-2025 group on anyone outside it', async () => {
    for (const user of ['elena.rossi@example.com', 'omar.farouk@example.com', 'rita.moreno@example.com']) {
      const [report] = await diagnoseBothWays(snapshot, { user });
      const stale = recreated(report!).map((f) => f.evidence.oldPrincipalId);
      expect(stale).not.toContain(INTERNS);
    }
  });
});
