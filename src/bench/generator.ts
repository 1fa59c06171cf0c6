import type {
  Snapshot,
  SnapshotAccount,
  SnapshotAccountAssignment,
  SnapshotCloudTrailEvent,
  SnapshotGroup,
  SnapshotMembership,
  SnapshotPermissionSet,
  SnapshotProvisionedPermissionSet,
  SnapshotUser,
} from '../sandbox/snapshot/schema';

/** Synthetic organisations for the benchmark: deterministic (seeded), built in memory, and every size
 * holds the same benchmark people, so AWS calls per diagnosis can be compared between sizes. */

export type OrgSize = 'S' | 'M' | 'L';
export const ORG_SIZES: readonly OrgSize[] = ['S', 'M', 'L'];

/** What one size holds. Sign-in events are all inside the 24 h window before `now`. */
export interface SizeSpec {
  accounts: number;
  users: number;
  permissionSets: number;
  signInEvents: number;
}

export const SIZE_SPECS: Readonly<Record<OrgSize, SizeSpec>> = {
  S: { accounts: 20, users: 200, permissionSets: 20, signInEvents: 500 },
  M: { accounts: 500, users: 5_000, permissionSets: 100, signInEvents: 12_500 },
  L: { accounts: 2_000, users: 20_000, permissionSets: 200, signInEvents: 50_000 },
};

/** How many people like the benchmark person exist (the concurrent scenario asks with all of them). */
export const BENCH_PEOPLE = 20;
/** Each benchmark person's shape: 40 (account, permission set) pairs over 20 accounts and 6
 * permission sets, held through 6 groups, exactly one of them not provisioned. */
export const PERSON_ACCOUNTS = 20;
export const PERSON_PERMISSION_SETS = 6;
export const PERSON_GROUPS = 6;
export const PERSON_ASSIGNMENTS = 2 * PERSON_ACCOUNTS;
/** Sign-in events of each benchmark person: one successful sign-in, a few minutes before `now`. */
export const PERSON_SIGNIN_EVENTS = 4;

export const BENCH_NOW = '2026-11-23T12:00:00Z';
export const BENCH_REGION = 'eu-west-1';
const SEED = 0x5eed_2026;
const DOMAIN = 'bench.example';
const INSTANCE_ID = 'ssoins-7223bench0000001';
const INSTANCE_ARN = `arn:aws:sso:::instance/${INSTANCE_ID}`;
// Identity store ids are d- and ten hex digits; AWS (and the sandbox) refuse anything else.
const IDENTITY_STORE_ID = 'd-9367bec401';
const SCIM_ISSUER = 'https://scim.bench.example';
const HOUR_MS = 3600_000;

/** One person the benchmark diagnoses, and what their diagnosis should find. */
export interface BenchPerson {
  userName: string;
  userId: string;
  groupIds: string[];
  /** The (account, permission set) pairs the person holds through their groups. */
  pairs: Array<{ accountId: string; permissionSetArn: string }>;
  /** The pairs among `pairs` that are not provisioned (exactly one for every person the generator can
   * give a pair of its own; see `generateOrg`). */
  unprovisioned: Array<{ accountId: string; permissionSetArn: string }>;
}

/** A generated organisation: the snapshot the emulator serves, and the benchmark people in it. */
export interface GeneratedOrg {
  size: OrgSize;
  spec: SizeSpec;
  snapshot: Snapshot;
  /** `people[0]` is the benchmark person. */
  people: BenchPerson[];
}

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = (random: Random, n: number): number => Math.floor(random() * n);

function hex(random: Random, length: number): string {
  let out = '';
  while (out.length < length)
    out += Math.floor(random() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, length);
}

function uuid(random: Random): string {
  const h = hex(random, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const accountIdOf = (index: number): string => String(310_000_000_000 + index * 7_919);
export const permissionSetArnOf = (index: number): string =>
  `arn:aws:sso:::permissionSet/${INSTANCE_ID}/ps-${pad(index, 16)}`;
export const benchUserName = (k: number): string => `benchmark.person.${pad(k, 2)}@${DOMAIN}`;

function user(random: Random, userName: string, given: string, family: string): SnapshotUser {
  return {
    UserId: uuid(random),
    UserName: userName,
    DisplayName: `${given} ${family}`,
    Name: { GivenName: given, FamilyName: family },
    Emails: [{ Value: userName, Type: 'work', Primary: true }],
    ExternalIds: [{ Issuer: SCIM_ISSUER, Id: `00u${hex(random, 17)}` }],
    UserStatus: 'ENABLED',
  };
}

function group(random: Random, displayName: string): SnapshotGroup {
  return {
    GroupId: uuid(random),
    DisplayName: displayName,
    ExternalIds: [{ Issuer: SCIM_ISSUER, Id: `00g${hex(random, 17)}` }],
  };
}

/** Builds one sign-in event as LookupEvents returns it, in CloudTrail's format since 2025-07-14: the
 * credential steps name the person in `additionalEventData.UserName`, `UserAuthentication` in
 * `userIdentity.onBehalfOf.userId`. The event JSON is kept as a string (the compact form). */
function signInEvent(
  random: Random,
  who: SnapshotUser,
  name: 'CredentialChallenge' | 'CredentialVerification' | 'UserAuthentication',
  timeMs: number,
  outcome: 'Success' | 'Failure',
  credentialType: string,
  workflowId: string,
  managementAccountId: string,
): SnapshotCloudTrailEvent {
  const eventId = uuid(random);
  const time = new Date(Math.floor(timeMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const identity =
    name === 'UserAuthentication'
      ? {
          type: 'IdentityCenterUser',
          accountId: managementAccountId,
          onBehalfOf: {
            userId: who.UserId,
            identityStoreArn: `arn:aws:identitystore::${managementAccountId}:identitystore/${IDENTITY_STORE_ID}`,
          },
        }
      : { type: 'Unknown' };
  const extra =
    name === 'UserAuthentication'
      ? { AuthWorkflowID: workflowId, CredentialType: credentialType }
      : { AuthWorkflowID: workflowId, UserName: who.UserName, CredentialType: credentialType };
  const detail = {
    eventVersion: '1.11',
    userIdentity: identity,
    eventTime: time,
    eventSource: 'signin.amazonaws.com',
    eventName: name,
    awsRegion: BENCH_REGION,
    sourceIPAddress: `198.51.100.${1 + pick(random, 254)}`,
    additionalEventData: extra,
    ...(outcome === 'Failure' && name === 'CredentialVerification'
      ? { errorMessage: credentialType === 'PASSWORD' ? 'Invalid password' : 'Invalid MFA code' }
      : {}),
    eventID: eventId,
    eventType: 'AwsServiceEvent',
    recipientAccountId: managementAccountId,
    serviceEventDetails: { [name]: outcome },
  };
  return {
    EventId: eventId,
    EventName: name,
    EventTime: time,
    EventSource: 'signin.amazonaws.com',
    Username: '',
    CloudTrailEvent: JSON.stringify(detail),
  };
}

/** A successful sign-in: challenge, password, then the authentication itself. */
function successfulSignIn(
  random: Random,
  who: SnapshotUser,
  startMs: number,
  managementAccountId: string,
): SnapshotCloudTrailEvent[] {
  const workflow = uuid(random);
  return [
    signInEvent(
      random,
      who,
      'CredentialChallenge',
      startMs,
      'Success',
      'PASSWORD',
      workflow,
      managementAccountId,
    ),
    signInEvent(
      random,
      who,
      'CredentialVerification',
      startMs + 4_000,
      'Success',
      'PASSWORD',
      workflow,
      managementAccountId,
    ),
    signInEvent(
      random,
      who,
      'CredentialVerification',
      startMs + 11_000,
      'Success',
      'TOTP',
      workflow,
      managementAccountId,
    ),
    signInEvent(
      random,
      who,
      'UserAuthentication',
      startMs + 12_000,
      'Success',
      'PASSWORD,TOTP',
      workflow,
      managementAccountId,
    ),
  ];
}

/** The (account, permission set) pairs benchmark person `k` holds, and the group index of each. */
function personPairs(
  k: number,
  spec: SizeSpec,
): Array<{ account: number; permissionSet: number; group: number }> {
  const accounts = Array.from(
    { length: PERSON_ACCOUNTS },
    (_, i) => (k * PERSON_ACCOUNTS + i) % spec.accounts,
  );
  const sets = Array.from(
    { length: PERSON_PERMISSION_SETS },
    (_, j) => (k * PERSON_PERMISSION_SETS + j) % spec.permissionSets,
  );
  const pairs: Array<{ account: number; permissionSet: number; group: number }> = [];
  for (const [i, account] of accounts.entries()) {
    for (const offset of [0, 3]) {
      pairs.push({ account, permissionSet: sets[(i + offset) % PERSON_PERMISSION_SETS]!, group: 0 });
    }
  }
  for (const [q, pair] of pairs.entries()) pair.group = q % PERSON_GROUPS;
  return pairs;
}

/**
 * Generates the organisation of one size. The other users belong to 1 to 3 of `users / 10` teams, each
 * team holding 1 to 4 assignments; every assigned pair is provisioned except one per benchmark person.
 * Most sign-in events come from the other users, spread over the whole 24 h window; each benchmark
 * person signed in successfully a few minutes before `now` (so even the 10 newest pages that the bot
 * reads in L hold them).
 */
export function generateOrg(size: OrgSize): GeneratedOrg {
  const spec = SIZE_SPECS[size];
  // One sequence per concern, so that the benchmark people are the same in every size.
  const peopleRandom = prng(SEED);
  const orgRandom = prng(SEED ^ spec.users);
  const nowMs = Date.parse(BENCH_NOW);

  const accounts: SnapshotAccount[] = Array.from({ length: spec.accounts }, (_, i) => ({
    Id: accountIdOf(i),
    Name: i === 0 ? 'management' : `workload-${pad(i, 4)}`,
    Email: `aws+${pad(i, 4)}@${DOMAIN}`,
    State: 'ACTIVE',
  }));
  const managementAccountId = accountIdOf(0);
  const permissionSets: SnapshotPermissionSet[] = Array.from({ length: spec.permissionSets }, (_, i) => ({
    PermissionSetArn: permissionSetArnOf(i),
    Name: `Role${pad(i, 3)}`,
    Description: '',
    SessionDuration: 'PT8H',
    AttachedManagedPolicies: [{ Name: 'ReadOnlyAccess', Arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
  }));

  const users: SnapshotUser[] = [];
  const groups: SnapshotGroup[] = [];
  const memberships: SnapshotMembership[] = [];
  const assignments: SnapshotAccountAssignment[] = [];
  const assign = (account: number, permissionSet: number, groupId: string) =>
    assignments.push({
      AccountId: accountIdOf(account),
      PermissionSetArn: permissionSetArnOf(permissionSet),
      PrincipalType: 'GROUP',
      PrincipalId: groupId,
    });

  // The benchmark people.
  const people: BenchPerson[] = [];
  const personPairLists = Array.from({ length: BENCH_PEOPLE }, (_, k) => personPairs(k, spec));
  for (let k = 0; k < BENCH_PEOPLE; k++) {
    const u = user(peopleRandom, benchUserName(k), 'Benchmark', `Person ${pad(k, 2)}`);
    users.push(u);
    const own = Array.from({ length: PERSON_GROUPS }, (_, g) =>
      group(peopleRandom, `bench-${pad(k, 2)}-team-${g + 1}`),
    );
    groups.push(...own);
    for (const g of own) memberships.push({ GroupId: g.GroupId, UserId: u.UserId });
    for (const pair of personPairLists[k]!)
      assign(pair.account, pair.permissionSet, own[pair.group]!.GroupId);
    people.push({
      userName: u.UserName!,
      userId: u.UserId,
      groupIds: own.map((g) => g.GroupId),
      pairs: personPairLists[k]!.map((p) => ({
        accountId: accountIdOf(p.account),
        permissionSetArn: permissionSetArnOf(p.permissionSet),
      })),
      unprovisioned: [],
    });
  }
  // One pair per person left unprovisioned: the first, from the 15th on, that no other benchmark
  // person holds (in S everyone shares the 20 accounts, so a shared pair would count twice).
  const holders = new Map<string, number>();
  const keyOf = (p: { accountId: string; permissionSetArn: string }) =>
    `${p.accountId}|${p.permissionSetArn}`;
  for (const person of people)
    for (const p of person.pairs) holders.set(keyOf(p), (holders.get(keyOf(p)) ?? 0) + 1);
  const unprovisioned = new Set<string>();
  for (const person of people) {
    const rotated = [...person.pairs.slice(14), ...person.pairs.slice(0, 14)];
    const chosen = rotated.find((p) => holders.get(keyOf(p)) === 1) ?? rotated[0]!;
    unprovisioned.add(keyOf(chosen));
  }
  for (const person of people) person.unprovisioned = person.pairs.filter((p) => unprovisioned.has(keyOf(p)));

  // Everyone else, in teams.
  const others = spec.users - BENCH_PEOPLE;
  const teams = Array.from({ length: Math.max(1, Math.floor(spec.users / 10)) }, (_, t) =>
    group(orgRandom, `team-${pad(t, 4)}`),
  );
  groups.push(...teams);
  for (const team of teams) {
    const count = 1 + pick(orgRandom, 4);
    for (let a = 0; a < count; a++) {
      assign(pick(orgRandom, spec.accounts), pick(orgRandom, spec.permissionSets), team.GroupId);
    }
  }
  const otherUsers: SnapshotUser[] = [];
  for (let i = 0; i < others; i++) {
    const u = user(orgRandom, `user.${pad(i, 5)}@${DOMAIN}`, 'User', pad(i, 5));
    otherUsers.push(u);
    const inTeams = new Set(
      Array.from({ length: 1 + pick(orgRandom, 3) }, () => pick(orgRandom, teams.length)),
    );
    for (const t of inTeams) memberships.push({ GroupId: teams[t]!.GroupId, UserId: u.UserId });
  }
  users.push(...otherUsers);

  const provisioned = new Map<string, SnapshotProvisionedPermissionSet>();
  for (const a of assignments) {
    const key = `${a.AccountId}|${a.PermissionSetArn}`;
    if (unprovisioned.has(key) || provisioned.has(key)) continue;
    provisioned.set(key, {
      AccountId: a.AccountId,
      PermissionSetArn: a.PermissionSetArn,
      ProvisioningStatus: 'LATEST_PERMISSION_SET_PROVISIONED',
    });
  }

  // Sign-in events: the benchmark people's first (2 to 8 minutes ago), then the others' over the window.
  const events: SnapshotCloudTrailEvent[] = [];
  for (let k = 0; k < people.length; k++) {
    events.push(
      ...successfulSignIn(peopleRandom, users[k]!, nowMs - (8 - (k % 6)) * 60_000, managementAccountId),
    );
  }
  while (events.length < spec.signInEvents) {
    const who = otherUsers[pick(orgRandom, otherUsers.length)]!;
    // Leave the last 30 s free so a flow never ends after `now`.
    const startMs = nowMs - 30_000 - pick(orgRandom, 24 * HOUR_MS - 60_000);
    const roll = orgRandom();
    const workflow = uuid(orgRandom);
    const flow =
      roll < 0.85
        ? successfulSignIn(orgRandom, who, startMs, managementAccountId)
        : roll < 0.95
          ? [
              signInEvent(
                orgRandom,
                who,
                'CredentialChallenge',
                startMs,
                'Success',
                'PASSWORD',
                workflow,
                managementAccountId,
              ),
              signInEvent(
                orgRandom,
                who,
                'CredentialVerification',
                startMs + 5_000,
                'Failure',
                'PASSWORD',
                workflow,
                managementAccountId,
              ),
            ]
          : [
              signInEvent(
                orgRandom,
                who,
                'CredentialVerification',
                startMs,
                'Success',
                'PASSWORD',
                workflow,
                managementAccountId,
              ),
              signInEvent(
                orgRandom,
                who,
                'CredentialVerification',
                startMs + 9_000,
                'Failure',
                'TOTP',
                workflow,
                managementAccountId,
              ),
            ];
    events.push(...flow.slice(0, spec.signInEvents - events.length));
  }

  const snapshot: Snapshot = {
    schemaVersion: 1,
    description: `cant-login benchmark organisation, size ${size}`,
    now: BENCH_NOW,
    region: BENCH_REGION,
    caller: {
      Account: managementAccountId,
      Arn: `arn:aws:sts::${managementAccountId}:assumed-role/cant-login/bot`,
    },
    instances: [
      {
        InstanceArn: INSTANCE_ARN,
        IdentityStoreId: IDENTITY_STORE_ID,
        OwnerAccountId: managementAccountId,
        Status: 'ACTIVE',
        PrimaryRegion: BENCH_REGION,
        Regions: [{ RegionName: BENCH_REGION, Status: 'ACTIVE', IsPrimaryRegion: true }],
      },
    ],
    identityStore: { users, groups, memberships },
    organization: { managementAccountId, accounts },
    permissionSets,
    accountAssignments: assignments,
    provisionedPermissionSets: [...provisioned.values()],
    cloudTrail: { events },
  };
  return { size, spec, snapshot, people };
}
