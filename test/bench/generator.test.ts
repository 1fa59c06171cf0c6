import {
  BENCH_PEOPLE,
  type GeneratedOrg,
  generateOrg,
  ORG_SIZES,
  type OrgSize,
  PERSON_ASSIGNMENTS,
  PERSON_GROUPS,
  PERSON_SIGNIN_EVENTS,
  SIZE_SPECS,
} from '../../src/bench/generator';
import { parseSignInEvent } from '../../src/diagnosis/facts/signin-events';
import { validateSnapshot } from '../../src/sandbox/snapshot/load';
import { diagnoseIn } from '../diagnosis/harness';

// Structure only: the benchmark's timings are never asserted (the machine is shared and noisy).

const orgs = new Map<OrgSize, GeneratedOrg>(ORG_SIZES.map((size) => [size, generateOrg(size)]));
const org = (size: OrgSize) => orgs.get(size)!;

/** What Identity Center would give the person: their groups, and those groups' (account, permission
 * set) pairs, each with whether it is provisioned. */
function effectiveAccess(o: GeneratedOrg, userName: string) {
  const s = o.snapshot;
  const user = s.identityStore!.users!.find((u) => u.UserName === userName)!;
  const groups = s.identityStore!.memberships!.filter((m) => m.UserId === user.UserId).map((m) => m.GroupId);
  const principals = new Set([user.UserId, ...groups]);
  const provisioned = new Set(
    s.provisionedPermissionSets!.map((p) => `${p.AccountId}|${p.PermissionSetArn}`),
  );
  const pairs = new Set(
    s
      .accountAssignments!.filter((a) => principals.has(a.PrincipalId))
      .map((a) => `${a.AccountId}|${a.PermissionSetArn}`),
  );
  return {
    user,
    groups,
    pairs: [...pairs],
    accounts: new Set([...pairs].map((p) => p.split('|')[0])),
    permissionSets: new Set([...pairs].map((p) => p.split('|')[1])),
    unprovisioned: [...pairs].filter((p) => !provisioned.has(p)),
  };
}

describe('generateOrg', () => {
  it.each(ORG_SIZES)(
    'size %s has the accounts, users, permission sets and sign-in events of its spec',
    (size) => {
      const { snapshot } = org(size);
      const spec = SIZE_SPECS[size];
      expect(snapshot.organization!.accounts).toHaveLength(spec.accounts);
      expect(snapshot.identityStore!.users).toHaveLength(spec.users);
      expect(snapshot.permissionSets).toHaveLength(spec.permissionSets);
      const events = snapshot.cloudTrail!.events!;
      expect(events).toHaveLength(spec.signInEvents);
      const now = Date.parse(snapshot.now!);
      expect(events.every((e) => e.EventSource === 'signin.amazonaws.com')).toBe(true);
      expect(
        events.every(
          (e) => Date.parse(e.EventTime!) > now - 24 * 3600_000 && Date.parse(e.EventTime!) <= now,
        ),
      ).toBe(true);
    },
  );

  it('L matches the issue: 2,000 accounts, 20,000 users, 200 permission sets, 50,000 sign-in events', () => {
    expect(SIZE_SPECS.L).toEqual({
      accounts: 2_000,
      users: 20_000,
      permissionSets: 200,
      signInEvents: 50_000,
    });
  });

  it.each(ORG_SIZES)(
    'in size %s the benchmark person has 40 assignments through 6 groups, one not provisioned',
    (size) => {
      const o = org(size);
      const access = effectiveAccess(o, o.people[0]!.userName);
      expect(access.groups).toHaveLength(PERSON_GROUPS);
      expect(access.pairs).toHaveLength(PERSON_ASSIGNMENTS);
      expect(PERSON_ASSIGNMENTS).toBe(40);
      expect(access.accounts.size).toBe(20);
      expect(access.permissionSets.size).toBe(6);
      expect(access.unprovisioned).toEqual([
        `${o.people[0]!.unprovisioned[0]!.accountId}|${o.people[0]!.unprovisioned[0]!.permissionSetArn}`,
      ]);
    },
  );

  it('every one of the 20 people has the same shape, with groups of their own', () => {
    const o = org('L');
    expect(o.people).toHaveLength(BENCH_PEOPLE);
    const allGroups = new Set<string>();
    for (const person of o.people) {
      const access = effectiveAccess(o, person.userName);
      expect([access.groups.length, access.pairs.length, access.unprovisioned.length]).toEqual([6, 40, 1]);
      for (const g of access.groups) allGroups.add(g);
    }
    expect(allGroups.size).toBe(BENCH_PEOPLE * PERSON_GROUPS);
  });

  it('is deterministic, and the benchmark person is the same person in every size', () => {
    expect(generateOrg('S')).toEqual(org('S'));
    const inS = org('S').people[0]!;
    expect(org('M').people[0]).toEqual(inS);
    expect(org('L').people[0]).toEqual(inS);
    const mine = (o: GeneratedOrg) =>
      o.snapshot.cloudTrail!.events!.filter((e) => {
        const parsed = parseSignInEvent({
          ...e,
          EventTime: new Date(e.EventTime!),
          CloudTrailEvent: String(e.CloudTrailEvent),
        });
        return parsed.userId === inS.userId || parsed.userName === inS.userName;
      });
    expect(mine(org('S'))).toHaveLength(PERSON_SIGNIN_EVENTS);
    expect(mine(org('L'))).toEqual(mine(org('S')));
  });

  it("puts each benchmark person's sign-in among the 500 newest events, the 10 pages the bot reads", () => {
    const events = [...org('L').snapshot.cloudTrail!.events!].sort(
      (a, b) => Date.parse(b.EventTime!) - Date.parse(a.EventTime!),
    );
    const newest = events.slice(0, 500).map((e) => String(e.CloudTrailEvent));
    for (const person of org('L').people) {
      expect(
        newest.filter((json) => json.includes(person.userName) || json.includes(person.userId)),
      ).toHaveLength(PERSON_SIGNIN_EVENTS);
    }
  });

  it('writes sign-in events in the post-2025 format: onBehalfOf.userId or additionalEventData.UserName', () => {
    for (const e of org('S').snapshot.cloudTrail!.events!.slice(0, 50)) {
      const detail = JSON.parse(String(e.CloudTrailEvent)) as {
        userIdentity: { onBehalfOf?: { userId?: string } };
        additionalEventData: { UserName?: string };
      };
      expect(detail.userIdentity.onBehalfOf?.userId ?? detail.additionalEventData.UserName).toEqual(
        expect.any(String),
      );
    }
  });

  it('produces a snapshot the loader accepts (S)', () => {
    const json: unknown = JSON.parse(JSON.stringify(org('S').snapshot));
    expect(() => validateSnapshot(json, 'bench-S')).not.toThrow();
  });

  it('diagnoses the benchmark person with permission-set-not-provisioned as the primary cause (S)', async () => {
    const o = org('S');
    const report = await diagnoseIn(o.snapshot, { user: o.people[0]!.userName });
    expect(report.primaryCause).toBe('permission-set-not-provisioned');
    expect(report.findings[0]!.context.accountId).toBe(o.people[0]!.unprovisioned[0]!.accountId);
    expect(report.checks.filter((c) => c.status === 'error')).toEqual([]);
    expect(report.findings.map((f) => f.cause).sort()).toEqual([
      'permission-set-not-provisioned',
      'signin-works',
    ]);
  });
});
