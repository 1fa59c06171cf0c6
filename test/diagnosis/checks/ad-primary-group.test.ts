import type { DiagnosisReport } from '../../../src/diagnosis/types';
import type { Snapshot } from '../../../src/sandbox/snapshot/schema';
import { causesOf, diagnoseBothWays, readSnapshot } from '../harness';

const snapshot = readSnapshot('ad-primary-group');
const DOMAIN_USERS = '5e6f7a8b-0000-4000-8000-000000000001';
const DEV = { accountId: '222222222222', accountName: 'dev' };
const PROD = { accountId: '333333333333', accountName: 'prod' };

const checkOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id);
const findingOf = (report: DiagnosisReport) => report.findings.find((f) => f.cause === 'ad-primary-group');

/** The same organisation where the group is an ordinary one, not AD's primary group. */
function withoutPrimaryGroup(snap: Snapshot): Snapshot {
  const groups = (snap.identityStore?.groups ?? []).map((g) =>
    g.GroupId === DOMAIN_USERS ? { ...g, DisplayName: 'All Engineers' } : g,
  );
  return { ...snap, identityStore: { ...snap.identityStore, groups } };
}

describe('ad-primary-group', () => {
  it('finds that the access Uma expects is assigned to Domain Users, and ranks it above no-assignments', async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'uma.singh@example.com' })) {
      expect(report.primaryCause).toBe('ad-primary-group');
      expect(causesOf(report)).toEqual(['ad-primary-group', 'no-assignments']);
      expect(report.findings[0]).toEqual({
        cause: 'ad-primary-group',
        severity: 'blocking',
        checkId: 'ad-primary-group',
        context: { groupId: DOMAIN_USERS, groupName: 'Domain Users' },
        evidence: { groupName: 'Domain Users', accounts: [DEV, PROD] },
        fix: null,
      });
      expect(checkOf(report, 'ad-primary-group')?.status).toBe('fail');
    }
  });

  it('lists only the accounts Victor has no other way into', async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'victor.hale@example.com' })) {
      expect(report.primaryCause).toBe('ad-primary-group');
      expect(causesOf(report)).toEqual(['ad-primary-group']);
      expect(findingOf(report)?.evidence).toEqual({ groupName: 'Domain Users', accounts: [PROD] });
      expect(findingOf(report)?.context).toEqual({ groupId: DOMAIN_USERS, groupName: 'Domain Users' });
    }
  });

  it('names the account when Victor asks for prod', async () => {
    for (const report of await diagnoseBothWays(snapshot, {
      user: 'victor.hale@example.com',
      account: 'prod',
    })) {
      expect(report.primaryCause).toBe('ad-primary-group');
      expect(findingOf(report)).toEqual({
        cause: 'ad-primary-group',
        severity: 'blocking',
        checkId: 'ad-primary-group',
        context: { groupId: DOMAIN_USERS, groupName: 'Domain Users', ...PROD },
        evidence: { groupName: 'Domain Users', accounts: [PROD] },
        fix: null,
      });
    }
  });

  it('finds nothing when Victor asks for dev, which Engineering gives him', async () => {
    for (const report of await diagnoseBothWays(snapshot, {
      user: 'victor.hale@example.com',
      account: 'dev',
    })) {
      expect(causesOf(report)).toEqual([]);
      expect(report.primaryCause).toBeNull();
      expect(checkOf(report, 'ad-primary-group')?.status).toBe('pass');
    }
  });

  it('finds nothing when Victor asks for staging, which Domain Users does not reach either', async () => {
    for (const report of await diagnoseBothWays(snapshot, {
      user: 'victor.hale@example.com',
      account: 'staging',
    })) {
      expect(causesOf(report)).not.toContain('ad-primary-group');
      expect(report.primaryCause).not.toBe('ad-primary-group');
      expect(checkOf(report, 'ad-primary-group')?.status).toBe('pass');
    }
  });

  it.each([
    ['Walt, whose membership of Domain Users Identity Center can see', 'walt.kim@example.com'],
    ['Xena, who has her own assignments on dev and prod', 'xena.park@example.com'],
  ])('near miss: blames nothing on %s', async (_who, user) => {
    for (const report of await diagnoseBothWays(snapshot, { user })) {
      expect(causesOf(report)).toEqual([]);
      expect(report.primaryCause).toBeNull();
      expect(checkOf(report, 'ad-primary-group')?.status).toBe('pass');
    }
  });

  it('near miss: an ordinary group with the same assignments is not a primary group', async () => {
    for (const report of await diagnoseBothWays(withoutPrimaryGroup(snapshot), {
      user: 'uma.singh@example.com',
    })) {
      expect(causesOf(report)).toEqual(['no-assignments']);
      expect(report.primaryCause).toBe('no-assignments');
      expect(checkOf(report, 'ad-primary-group')?.status).toBe('pass');
    }
  });
});
