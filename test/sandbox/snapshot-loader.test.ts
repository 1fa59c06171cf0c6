import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  loadSnapshotFile,
  parseSnapshotText,
  SnapshotError,
  validateSnapshot,
} from '../../src/sandbox/snapshot/load';

/** The snapshot loader is a public contract (shared/design/sandbox-snapshot.md): a malformed snapshot is
 * rejected with `<source>: <field path>: <reason>`, never a crash and never a guess. Every rejection below
 * pins the full message. */

const BAD = path.resolve(__dirname, '../fixtures/snapshots/bad');
const SAMPLE = path.resolve(__dirname, '../../samples/sample-org.json');

type Json = Record<string, unknown>;

const INSTANCE = 'arn:aws:sso:::instance/ssoins-1111111111111111';
const PS_READONLY = 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-aaaaaaaaaaaaaaaa';
const PS_ADMIN = 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-bbbbbbbbbbbbbbbb';
const APP_GRAFANA = 'arn:aws:sso::111111111111:application/ssoins-1111111111111111/apl-1111111111111111';
const MGMT = '111111111111';
const PROD = '222222222222';

/** A complete, consistent snapshot; each case below breaks exactly one thing in a fresh copy. */
function valid() {
  return {
    schemaVersion: 1,
    description: 'a consistent organisation',
    now: '2026-11-23T12:00:00Z',
    region: 'us-east-1',
    caller: { Account: MGMT, Arn: `arn:aws:sts::${MGMT}:assumed-role/cant-login/bot` },
    instances: [
      {
        InstanceArn: INSTANCE,
        IdentityStoreId: 'd-1111111111',
        OwnerAccountId: MGMT,
        Status: 'ACTIVE',
        PrimaryRegion: 'us-east-1',
        Regions: [{ RegionName: 'us-east-1', Status: 'ACTIVE', IsPrimaryRegion: true }],
      },
    ],
    identityStore: {
      users: [
        {
          UserId: 'u-alice',
          UserName: 'alice@example.com',
          DisplayName: 'Alice Liddell',
          Name: { GivenName: 'Alice', FamilyName: 'Liddell' },
          Emails: [{ Value: 'alice@example.com', Type: 'work', Primary: true }],
          ExternalIds: [{ Issuer: 'https://scim.example', Id: '00u1' }],
          UserStatus: 'ENABLED',
        },
        { UserId: 'u-bob', UserName: 'bob@example.com', UserStatus: 'DISABLED' },
      ],
      groups: [{ GroupId: 'g-platform', DisplayName: 'Platform', ExternalIds: [] }],
      memberships: [{ GroupId: 'g-platform', UserId: 'u-alice' }],
    },
    organization: {
      managementAccountId: MGMT,
      accounts: [
        { Id: MGMT, Name: 'management', State: 'ACTIVE' },
        { Id: PROD, Name: 'prod', Email: 'prod@example.com', State: 'ACTIVE' },
      ],
    },
    permissionSets: [
      {
        PermissionSetArn: PS_READONLY,
        Name: 'ReadOnly',
        Description: '',
        SessionDuration: 'PT8H',
        InlinePolicy: '{"Version":"2012-10-17","Statement":[]}',
        AttachedManagedPolicies: [{ Name: 'ReadOnlyAccess', Arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
        CustomerManagedPolicyReferences: [{ Name: 'team-boundary', Path: '/' }],
        PermissionsBoundary: null,
      },
      { PermissionSetArn: PS_ADMIN, Name: 'Admin' },
    ],
    accountAssignments: [
      { AccountId: PROD, PermissionSetArn: PS_READONLY, PrincipalType: 'USER', PrincipalId: 'u-alice' },
      { AccountId: PROD, PermissionSetArn: PS_ADMIN, PrincipalType: 'GROUP', PrincipalId: 'g-platform' },
    ],
    provisionedPermissionSets: [
      {
        AccountId: PROD,
        PermissionSetArn: PS_READONLY,
        ProvisioningStatus: 'LATEST_PERMISSION_SET_NOT_PROVISIONED',
      },
    ],
    permissionSetProvisioningStatuses: [
      {
        RequestId: 'r-1',
        Status: 'FAILED',
        AccountId: PROD,
        PermissionSetArn: PS_READONLY,
        FailureReason: 'boom',
        CreatedDate: '2026-11-23T11:50:00Z',
      },
    ],
    accountAssignmentCreationStatuses: [
      {
        RequestId: 'r-2',
        Status: 'IN_PROGRESS',
        TargetId: PROD,
        TargetType: 'AWS_ACCOUNT',
        PermissionSetArn: PS_READONLY,
        PrincipalType: 'USER',
        PrincipalId: 'u-alice',
        CreatedDate: '2026-11-23T11:58:00Z',
      },
    ],
    applications: [{ ApplicationArn: APP_GRAFANA, Name: 'Grafana', Status: 'ENABLED' }],
    applicationAssignments: [
      { ApplicationArn: APP_GRAFANA, PrincipalType: 'GROUP', PrincipalId: 'g-platform' },
    ],
    cloudTrail: {
      events: [
        {
          EventId: 'e-1',
          EventName: 'CredentialVerification',
          EventSource: 'signin.amazonaws.com',
          EventTime: '2026-11-23T11:40:00Z',
          Username: '',
          CloudTrailEvent: {
            eventVersion: '1.08',
            userIdentity: { type: 'Unknown' },
            additionalEventData: { UserName: 'alice@example.com', CredentialType: 'TOTP' },
            serviceEventDetails: { CredentialVerification: 'Failure' },
          },
        },
      ],
    },
    knownPrincipals: [
      {
        PrincipalId: 'u-alice',
        PrincipalType: 'USER',
        Name: 'alice@example.com',
        LastSeen: '2026-11-01T00:00:00Z',
      },
    ],
    slack: {
      users: [
        {
          id: 'U0ALICE',
          name: 'alice',
          real_name: 'Alice Liddell',
          profile: { email: 'alice@example.com' },
          deleted: false,
        },
        { id: 'U0BOB', name: 'bob' },
      ],
      admins: ['U0BOB'],
    },
    faults: {
      latencyMs: 0,
      throttle: { sso: 20, identitystore: 20, cloudtrail: 2 },
      deny: ['cloudtrail:LookupEvents'],
      provisioningDelayMs: 2000,
      failProvisioning: { [PROD]: 'Account is suspended' },
    },
    emulation: { userAssignmentsIncludeGroups: false, caseInsensitiveLookups: false },
  };
}

/** `valid()` with one identity-store list replaced. */
function withIdentityStore(change: Json): Json {
  const s = valid();
  return { ...s, identityStore: { ...s.identityStore, ...change } };
}

/** `valid()` with one organization field replaced. */
function withOrganization(change: Json): Json {
  const s = valid();
  return { ...s, organization: { ...s.organization, ...change } };
}

function errorFrom(run: () => unknown): SnapshotError {
  try {
    run();
  } catch (error) {
    if (error instanceof SnapshotError) return error;
    throw error;
  }
  throw new Error('expected a SnapshotError, but the snapshot was accepted');
}

async function errorFromAsync(run: () => Promise<unknown>): Promise<SnapshotError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof SnapshotError) return error;
    throw error;
  }
  throw new Error('expected a SnapshotError, but the snapshot was accepted');
}

/** What JSON.parse itself says about `text` in this Node version (the loader quotes it). */
function jsonParseMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the text is valid JSON');
}

describe('the fixture snapshot', () => {
  it('is valid, and loads unchanged', () => {
    const input = valid();
    expect(validateSnapshot(input)).toEqual(input);
  });
});

describe('reading the file', () => {
  it('names a missing file', async () => {
    const file = path.join(BAD, 'does-not-exist.json');
    const error = await errorFromAsync(() => loadSnapshotFile(file));
    expect(error.message).toBe(`${file}: cannot read the snapshot: no such file`);
    expect(error.source).toBe(file);
    expect(error.field).toBeUndefined();
  });

  it.each([
    ['trailing-comma.json'],
    ['with-comments.json'], // the format doc's examples are jsonc; a snapshot file must be plain JSON
    ['empty.json'],
  ])('rejects %s as not valid JSON', async (name) => {
    const file = path.join(BAD, name);
    const error = await errorFromAsync(() => loadSnapshotFile(file));
    expect(error.message).toBe(`${file}: not valid JSON: ${jsonParseMessage(readFileSync(file, 'utf8'))}`);
    expect(error.source).toBe(file);
    expect(error.field).toBeUndefined();
  });

  it.each([['{ "region": '], ["{ 'region': 'us-east-1' }"], ['{"region":"us-east-1"} {}']])(
    'rejects text %j as not valid JSON',
    (text) => {
      const error = errorFrom(() => parseSnapshotText(text, 'inline.json'));
      expect(error.message).toMatch(/^inline\.json: not valid JSON: /);
      expect(error.message).toBe(`inline.json: not valid JSON: ${jsonParseMessage(text)}`);
    },
  );

  it.each([
    ['top-level-array.json', '(top level): expected an object, got an array'],
    ['unknown-top-level-field.json', '(top level): unknown field "instance"'],
    [
      'dangling-membership.json',
      'identityStore.memberships[0].UserId: refers to user "u-gone", which the snapshot does not define',
    ],
  ])('names the file in errors about its content: %s', async (name, reason) => {
    const file = path.join(BAD, name);
    const error = await errorFromAsync(() => loadSnapshotFile(file));
    expect(error.message).toBe(`${file}: ${reason}`);
    expect(error.source).toBe(file);
  });
});

describe('the top level', () => {
  it.each([
    ['an array', [], 'an array'],
    ['a string', 'snapshot', 'string "snapshot"'],
    ['null', null, 'null'],
    ['a number', 42, 'number 42'],
  ])('rejects %s', (_kind, json, got) => {
    const error = errorFrom(() => validateSnapshot(json));
    expect(error.message).toBe(`snapshot: (top level): expected an object, got ${got}`);
    expect(error.field).toBe('');
  });

  it.each([
    ['[]', 'an array'],
    ['"snapshot"', 'string "snapshot"'],
    ['null', 'null'],
  ])('rejects the JSON text %s', (text, got) => {
    expect(errorFrom(() => parseSnapshotText(text, 'x.json')).message).toBe(
      `x.json: (top level): expected an object, got ${got}`,
    );
  });

  it('rejects an unknown top-level field (a typo must not pass silently)', () => {
    const error = errorFrom(() => validateSnapshot({ ...valid(), instance: [] }));
    expect(error.message).toBe('snapshot: (top level): unknown field "instance"');
    expect(error.field).toBe('');
  });

  it('names every unknown top-level field', () => {
    expect(errorFrom(() => validateSnapshot({ instance: [], permissionSet: [] })).message).toBe(
      'snapshot: (top level): unknown fields "instance", "permissionSet"',
    );
  });
});

/** [what is wrong, snapshot, field path, reason]; the message must be `snapshot: <field>: <reason>`. */
type Case = [string, unknown, string, string];

function expectRejected(snapshot: unknown, field: string, reason: string): void {
  const error = errorFrom(() => validateSnapshot(snapshot));
  expect(error.message).toBe(`snapshot: ${field}: ${reason}`);
  expect(error.field).toBe(field);
  expect(error.source).toBe('snapshot');
}

describe('shape errors', () => {
  const unknownNested: Case[] = [
    ['identityStore.user (typo)', { identityStore: { user: [] } }, 'identityStore', 'unknown field "user"'],
    ['faults.latency (typo)', { faults: { latency: 5 } }, 'faults', 'unknown field "latency"'],
    ['slack.admin (typo)', { slack: { admin: [] } }, 'slack', 'unknown field "admin"'],
    ['cloudTrail.event (typo)', { cloudTrail: { event: [] } }, 'cloudTrail', 'unknown field "event"'],
    ['emulation.foo', { emulation: { foo: true } }, 'emulation', 'unknown field "foo"'],
  ];

  const wrongTypes: Case[] = [
    [
      'a number where a string is expected',
      withIdentityStore({ users: [{ UserId: 'u-1' }, { UserId: 'u-2', UserName: 42 }] }),
      'identityStore.users[1].UserName',
      'expected string, got number 42',
    ],
    [
      'a string where an array is expected (top-level list)',
      { ...valid(), permissionSets: 'ReadOnly', accountAssignments: [], provisionedPermissionSets: [] },
      'permissionSets',
      'expected array, got string "ReadOnly"',
    ],
    [
      'a string where an array is expected (nested list)',
      { identityStore: { users: 'alice' } },
      'identityStore.users',
      'expected array, got string "alice"',
    ],
    [
      'a string where an array of ids is expected',
      { slack: { users: [{ id: 'U0BOB' }], admins: 'U0BOB' } },
      'slack.admins',
      'expected array, got string "U0BOB"',
    ],
    [
      'a number where a date-time is expected',
      { now: 1764000000 },
      'now',
      'expected string, got number 1764000000',
    ],
    [
      'an array where an object is expected',
      { identityStore: [] },
      'identityStore',
      'expected object, got an array',
    ],
    [
      'a string where an entity is expected',
      { identityStore: { users: ['u-1'] } },
      'identityStore.users[0]',
      'expected object, got string "u-1"',
    ],
    [
      'null where an entity is expected',
      { identityStore: { users: [null] } },
      'identityStore.users[0]',
      'expected object, got null',
    ],
    [
      'null as an entity id',
      { identityStore: { users: [{ UserId: null }] } },
      'identityStore.users[0].UserId',
      'expected string, got null',
    ],
    [
      'a string where a boolean is expected (emulation.userAssignmentsIncludeGroups)',
      { emulation: { userAssignmentsIncludeGroups: 'yes' } },
      'emulation.userAssignmentsIncludeGroups',
      'expected boolean, got string "yes"',
    ],
    [
      'a number where a boolean is expected (emulation.userAssignmentsIncludeGroups)',
      { emulation: { userAssignmentsIncludeGroups: 1 } },
      'emulation.userAssignmentsIncludeGroups',
      'expected boolean, got number 1',
    ],
  ];

  const missingIds: Case[] = [
    [
      'a user without UserId',
      { identityStore: { users: [{ UserName: 'alice' }] } },
      'identityStore.users[0].UserId',
      'is required (string)',
    ],
    [
      'a group without GroupId',
      { identityStore: { groups: [{ DisplayName: 'P' }] } },
      'identityStore.groups[0].GroupId',
      'is required (string)',
    ],
    [
      'an instance without InstanceArn',
      { instances: [{ Status: 'ACTIVE' }] },
      'instances[0].InstanceArn',
      'is required (string)',
    ],
    [
      'an account without Id',
      { organization: { accounts: [{ Name: 'prod' }] } },
      'organization.accounts[0].Id',
      'is required (string)',
    ],
    [
      'a permission set without PermissionSetArn',
      { permissionSets: [{ Name: 'ReadOnly' }] },
      'permissionSets[0].PermissionSetArn',
      'is required (string)',
    ],
    [
      'an application without ApplicationArn',
      { applications: [{ Name: 'Grafana' }] },
      'applications[0].ApplicationArn',
      'is required (string)',
    ],
    [
      'an event without EventId',
      { cloudTrail: { events: [{ EventName: 'x' }] } },
      'cloudTrail.events[0].EventId',
      'is required (string)',
    ],
    [
      'a Slack user without id',
      { slack: { users: [{ name: 'alice' }] } },
      'slack.users[0].id',
      'is required (string)',
    ],
    [
      'a known principal without PrincipalId',
      { knownPrincipals: [{ Name: 'alice' }] },
      'knownPrincipals[0].PrincipalId',
      'is required (string)',
    ],
    [
      'a membership without UserId',
      withIdentityStore({ memberships: [{ GroupId: 'g-platform' }] }),
      'identityStore.memberships[0].UserId',
      'is required (string)',
    ],
    [
      'an empty UserId',
      { identityStore: { users: [{ UserId: '' }] } },
      'identityStore.users[0].UserId',
      'must not be empty',
    ],
  ];

  const badValues: Case[] = [
    [
      'UserStatus SUSPENDED',
      { identityStore: { users: [{ UserId: 'u-1', UserStatus: 'SUSPENDED' }] } },
      'identityStore.users[0].UserStatus',
      'expected one of "ENABLED", "DISABLED", got "SUSPENDED"',
    ],
    [
      'ProvisioningStatus PROVISIONED',
      {
        ...valid(),
        provisionedPermissionSets: [
          { AccountId: PROD, PermissionSetArn: PS_READONLY, ProvisioningStatus: 'PROVISIONED' },
        ],
      },
      'provisionedPermissionSets[0].ProvisioningStatus',
      'expected one of "LATEST_PERMISSION_SET_PROVISIONED", "LATEST_PERMISSION_SET_NOT_PROVISIONED", got "PROVISIONED"',
    ],
    [
      'account State DELETED',
      withOrganization({ accounts: [{ Id: MGMT, State: 'DELETED' }] }),
      'organization.accounts[0].State',
      'expected one of "ACTIVE", "CLOSED", "PENDING_ACTIVATION", "PENDING_CLOSURE", "SUSPENDED", got "DELETED"',
    ],
    [
      'PrincipalType ROLE',
      {
        ...valid(),
        accountAssignments: [
          { AccountId: PROD, PermissionSetArn: PS_READONLY, PrincipalType: 'ROLE', PrincipalId: 'r' },
        ],
      },
      'accountAssignments[0].PrincipalType',
      'expected one of "USER", "GROUP", got "ROLE"',
    ],
    ['an unsupported schemaVersion', { schemaVersion: 2 }, 'schemaVersion', 'expected one of 1, got 2'],
    [
      'now: "yesterday"',
      { now: 'yesterday' },
      'now',
      'expected an ISO 8601 date-time such as 2026-11-23T12:00:00Z',
    ],
    [
      'an impossible date-time',
      { cloudTrail: { events: [{ EventId: 'e-1', EventTime: '2026-13-40T12:00:00Z' }] } },
      'cloudTrail.events[0].EventTime',
      'expected an ISO 8601 date-time such as 2026-11-23T12:00:00Z',
    ],
    [
      'a date without a time',
      { now: '2026-11-23' },
      'now',
      'expected an ISO 8601 date-time such as 2026-11-23T12:00:00Z',
    ],
    [
      'account id "12345"',
      { organization: { accounts: [{ Id: '12345' }] } },
      'organization.accounts[0].Id',
      'expected a 12-digit AWS account id',
    ],
    [
      'caller account id "12345"',
      { caller: { Account: '12345' } },
      'caller.Account',
      'expected a 12-digit AWS account id',
    ],
    [
      'an assignment account id with letters',
      {
        accountAssignments: [
          {
            AccountId: '22222222222x',
            PermissionSetArn: PS_READONLY,
            PrincipalType: 'USER',
            PrincipalId: 'u',
          },
        ],
      },
      'accountAssignments[0].AccountId',
      'expected a 12-digit AWS account id',
    ],
    ['region "us-east"', { region: 'us-east' }, 'region', 'expected an AWS region such as us-east-1'],
    ['region "US-EAST-1"', { region: 'US-EAST-1' }, 'region', 'expected an AWS region such as us-east-1'],
    ['region "virginia"', { region: 'virginia' }, 'region', 'expected an AWS region such as us-east-1'],
  ];

  const faultsAndEmulation: Case[] = [
    [
      'throttle of an unknown service',
      { faults: { throttle: { ec2: 5 } } },
      'faults.throttle',
      'unknown field "ec2"',
    ],
    [
      'throttle named by SDK client rather than service',
      { faults: { throttle: { sso: 5, 'sso-admin': 5 } } },
      'faults.throttle',
      'unknown field "sso-admin"',
    ],
    [
      'deny entry without a service prefix',
      { faults: { deny: ['LookupEvents'] } },
      'faults.deny[0]',
      'expected an IAM action such as cloudtrail:LookupEvents',
    ],
    [
      'deny entry that is a wildcard',
      { faults: { deny: ['cloudtrail:LookupEvents', 'sso:*'] } },
      'faults.deny[1]',
      'expected an IAM action such as cloudtrail:LookupEvents',
    ],
    [
      'deny entry that is an ARN',
      { faults: { deny: ['arn:aws:cloudtrail:us-east-1:111111111111:trail/x'] } },
      'faults.deny[0]',
      'expected an IAM action such as cloudtrail:LookupEvents',
    ],
  ];

  describe.each([
    ['unknown fields in closed sections', unknownNested],
    ['wrong types', wrongTypes],
    ['missing entity ids', missingIds],
    ['values not allowed', badValues],
    ['faults and emulation', faultsAndEmulation],
  ])('%s', (_group, cases) => {
    it.each(cases)('rejects %s', (_what, snapshot, field, reason) => {
      expectRejected(snapshot, field, reason);
    });
  });
});

describe('duplicate ids', () => {
  const dup = (list: string, id: string, earlier: number) => `duplicate "${id}" (also ${list}[${earlier}])`;
  const s = valid();

  const cases: Case[] = [
    [
      'users (UserId)',
      withIdentityStore({ users: [...s.identityStore.users, { UserId: 'u-alice' }] }),
      'identityStore.users[2].UserId',
      dup('identityStore.users', 'u-alice', 0),
    ],
    [
      'users (UserName)',
      withIdentityStore({
        users: [...s.identityStore.users, { UserId: 'u-carol', UserName: 'bob@example.com' }],
      }),
      'identityStore.users[2].UserName',
      dup('identityStore.users', 'bob@example.com', 1),
    ],
    [
      'groups',
      withIdentityStore({
        groups: [...s.identityStore.groups, { GroupId: 'g-platform', DisplayName: 'Again' }],
      }),
      'identityStore.groups[1].GroupId',
      dup('identityStore.groups', 'g-platform', 0),
    ],
    [
      'accounts',
      withOrganization({ accounts: [...s.organization.accounts, { Id: PROD, Name: 'prod again' }] }),
      'organization.accounts[2].Id',
      dup('organization.accounts', PROD, 1),
    ],
    [
      'permission sets',
      { ...s, permissionSets: [...s.permissionSets, { PermissionSetArn: PS_READONLY }] },
      'permissionSets[2].PermissionSetArn',
      dup('permissionSets', PS_READONLY, 0),
    ],
    [
      'events',
      { ...s, cloudTrail: { events: [...s.cloudTrail.events, { EventId: 'e-1' }] } },
      'cloudTrail.events[1].EventId',
      dup('cloudTrail.events', 'e-1', 0),
    ],
    [
      'instances',
      { ...s, instances: [...s.instances, { InstanceArn: INSTANCE }] },
      'instances[1].InstanceArn',
      dup('instances', INSTANCE, 0),
    ],
    [
      'applications',
      { ...s, applications: [...s.applications, { ApplicationArn: APP_GRAFANA }] },
      'applications[1].ApplicationArn',
      dup('applications', APP_GRAFANA, 0),
    ],
    [
      'Slack users',
      { ...s, slack: { ...s.slack, users: [...s.slack.users, { id: 'U0ALICE' }] } },
      'slack.users[2].id',
      dup('slack.users', 'U0ALICE', 0),
    ],
  ];

  it.each(cases)('rejects duplicate %s', (_what, snapshot, field, reason) => {
    expectRejected(snapshot, field, reason);
  });
});

describe('dangling references the loader must reject', () => {
  const refersTo = (what: string, id: string) =>
    `refers to ${what} "${id}", which the snapshot does not define`;
  const s = valid();
  const assignment = {
    AccountId: PROD,
    PermissionSetArn: PS_READONLY,
    PrincipalType: 'USER',
    PrincipalId: 'u-alice',
  };
  const provisioned = { AccountId: PROD, PermissionSetArn: PS_READONLY };

  const cases: Case[] = [
    [
      "a membership's UserId",
      withIdentityStore({ memberships: [{ GroupId: 'g-platform', UserId: 'u-gone' }] }),
      'identityStore.memberships[0].UserId',
      refersTo('user', 'u-gone'),
    ],
    [
      "a membership's GroupId",
      withIdentityStore({
        memberships: [...s.identityStore.memberships, { GroupId: 'g-gone', UserId: 'u-bob' }],
      }),
      'identityStore.memberships[1].GroupId',
      refersTo('group', 'g-gone'),
    ],
    [
      "an assignment's AccountId",
      { ...s, accountAssignments: [...s.accountAssignments, { ...assignment, AccountId: '333333333333' }] },
      'accountAssignments[2].AccountId',
      refersTo('account', '333333333333'),
    ],
    [
      "an assignment's PermissionSetArn",
      { ...s, accountAssignments: [{ ...assignment, PermissionSetArn: `${INSTANCE}/ps-gone` }] },
      'accountAssignments[0].PermissionSetArn',
      refersTo('permission set', `${INSTANCE}/ps-gone`),
    ],
    [
      "a provisioned entry's AccountId",
      { ...s, provisionedPermissionSets: [{ ...provisioned, AccountId: '333333333333' }] },
      'provisionedPermissionSets[0].AccountId',
      refersTo('account', '333333333333'),
    ],
    [
      "a provisioned entry's PermissionSetArn",
      { ...s, provisionedPermissionSets: [provisioned, { ...provisioned, PermissionSetArn: 'ps-gone' }] },
      'provisionedPermissionSets[1].PermissionSetArn',
      refersTo('permission set', 'ps-gone'),
    ],
    [
      "an application assignment's ApplicationArn",
      {
        ...s,
        applicationAssignments: [
          { ApplicationArn: 'apl-gone', PrincipalType: 'USER', PrincipalId: 'u-alice' },
        ],
      },
      'applicationAssignments[0].ApplicationArn',
      refersTo('application', 'apl-gone'),
    ],
    [
      'a slack.admins id',
      { ...s, slack: { ...s.slack, admins: ['U0BOB', 'U0CAROL'] } },
      'slack.admins[1]',
      refersTo('Slack user', 'U0CAROL'),
    ],
    [
      'a slack.admins id when there are no Slack users',
      { slack: { admins: ['U0BOB'] } },
      'slack.admins[0]',
      refersTo('Slack user', 'U0BOB'),
    ],
    [
      'organization.managementAccountId',
      withOrganization({ managementAccountId: '999999999999' }),
      'organization.managementAccountId',
      refersTo('account', '999999999999'),
    ],
    [
      'an assignment account when the organization lists no accounts',
      { ...s, organization: {}, provisionedPermissionSets: [] },
      'accountAssignments[0].AccountId',
      refersTo('account', PROD),
    ],
  ];

  it.each(cases)('rejects %s', (_what, snapshot, field, reason) => {
    expectRejected(snapshot, field, reason);
  });
});

describe('references the loader must accept', () => {
  const s = valid();

  const cases: [string, Json][] = [
    [
      'a stale USER PrincipalId in accountAssignments',
      {
        ...s,
        accountAssignments: [
          { AccountId: PROD, PermissionSetArn: PS_READONLY, PrincipalType: 'USER', PrincipalId: 'u-deleted' },
        ],
      },
    ],
    [
      'a stale GROUP PrincipalId in accountAssignments',
      {
        ...s,
        accountAssignments: [
          { AccountId: PROD, PermissionSetArn: PS_ADMIN, PrincipalType: 'GROUP', PrincipalId: 'g-deleted' },
        ],
      },
    ],
    [
      'a stale PrincipalId in applicationAssignments',
      {
        ...s,
        applicationAssignments: [
          { ApplicationArn: APP_GRAFANA, PrincipalType: 'USER', PrincipalId: 'u-deleted' },
        ],
      },
    ],
    [
      'a knownPrincipals id that no longer exists',
      {
        ...s,
        knownPrincipals: [{ PrincipalId: 'u-deleted', PrincipalType: 'USER', Name: 'alice@example.com' }],
      },
    ],
    [
      'permission-set ARNs whose instance is not in instances',
      {
        ...s,
        instances: [],
        permissionSets: [
          { PermissionSetArn: 'arn:aws:sso:::permissionSet/ssoins-9999999999999999/ps-cccccccccccccccc' },
        ],
        accountAssignments: [
          {
            AccountId: PROD,
            PermissionSetArn: 'arn:aws:sso:::permissionSet/ssoins-9999999999999999/ps-cccccccccccccccc',
            PrincipalType: 'USER',
            PrincipalId: 'u-alice',
          },
        ],
        provisionedPermissionSets: [],
      },
    ],
    [
      'assignment and provisioned accounts when the organization section is absent',
      {
        ...s,
        organization: undefined,
        accountAssignments: [
          {
            AccountId: '444444444444',
            PermissionSetArn: PS_READONLY,
            PrincipalType: 'USER',
            PrincipalId: 'u-alice',
          },
        ],
        provisionedPermissionSets: [{ AccountId: '555555555555', PermissionSetArn: PS_ADMIN }],
      },
    ],
  ];

  it.each(cases)('accepts %s', (_what, snapshot) => {
    expect(() => validateSnapshot(snapshot)).not.toThrow();
  });
});

describe('valid snapshots', () => {
  it('accepts the empty snapshot {}', () => {
    expect(validateSnapshot({})).toEqual({});
    expect(parseSnapshotText('{}', 'empty.json')).toEqual({});
  });

  it('accepts every section with every list omitted', () => {
    const snapshot = {
      identityStore: {},
      organization: {},
      cloudTrail: {},
      slack: {},
      faults: {},
      emulation: {},
    };
    expect(validateSnapshot(snapshot)).toEqual(snapshot);
  });

  it('accepts every list empty', () => {
    const snapshot = {
      instances: [],
      identityStore: { users: [], groups: [], memberships: [] },
      organization: { accounts: [] },
      permissionSets: [],
      accountAssignments: [],
      provisionedPermissionSets: [],
      permissionSetProvisioningStatuses: [],
      accountAssignmentCreationStatuses: [],
      accountAssignmentDeletionStatuses: [],
      applications: [],
      applicationAssignments: [],
      cloudTrail: { events: [] },
      knownPrincipals: [],
      slack: { users: [], admins: [] },
      faults: { deny: [], throttle: {}, failProvisioning: {} },
    };
    expect(validateSnapshot(snapshot)).toEqual(snapshot);
  });

  it('accepts entities that carry only their id', () => {
    const snapshot = {
      instances: [{ InstanceArn: INSTANCE }],
      identityStore: { users: [{ UserId: 'u-1' }], groups: [{ GroupId: 'g-1' }] },
      organization: { accounts: [{ Id: PROD }] },
      permissionSets: [{ PermissionSetArn: PS_READONLY }],
      applications: [{ ApplicationArn: APP_GRAFANA }],
      cloudTrail: { events: [{ EventId: 'e-1' }] },
      knownPrincipals: [{ PrincipalId: 'u-1' }],
      slack: { users: [{ id: 'U0ALICE' }] },
    };
    expect(validateSnapshot(snapshot)).toEqual(snapshot);
  });

  it('accepts emulation.userAssignmentsIncludeGroups as either boolean', () => {
    expect(validateSnapshot({ emulation: { userAssignmentsIncludeGroups: true } }).emulation).toEqual({
      userAssignmentsIncludeGroups: true,
    });
    expect(validateSnapshot({ emulation: { userAssignmentsIncludeGroups: false } }).emulation).toEqual({
      userAssignmentsIncludeGroups: false,
    });
  });

  it('accepts throttles for every known service', () => {
    const throttle = { sso: 20, identitystore: 20, cloudtrail: 2, organizations: 1, sts: 5 };
    expect(validateSnapshot({ faults: { throttle } }).faults?.throttle).toEqual(throttle);
  });

  it('keeps unknown fields inside entities (AWS answers carry more than we model)', () => {
    const snapshot = {
      identityStore: {
        users: [
          {
            UserId: 'u-1',
            Title: 'Engineer',
            Addresses: [{ Locality: 'Oxford' }],
            Name: { HonorificPrefix: 'Dr' },
          },
        ],
        groups: [{ GroupId: 'g-1', Extra: { nested: true } }],
      },
      organization: { accounts: [{ Id: PROD, Tags: [{ Key: 'env', Value: 'prod' }] }] },
      permissionSets: [{ PermissionSetArn: PS_READONLY, Tags: [] }],
      cloudTrail: { events: [{ EventId: 'e-1', SomethingNew: 1 }] },
      slack: {
        users: [{ id: 'U0ALICE', tz: 'Europe/London', profile: { email: 'a@example.com', image_48: 'x' } }],
      },
    };
    const loaded = validateSnapshot(snapshot);
    expect(loaded).toEqual(snapshot);
    expect(loaded.identityStore?.users?.[0]).toHaveProperty('Title', 'Engineer');
    expect(loaded.slack?.users?.[0]).toHaveProperty('tz', 'Europe/London');
  });
});

describe('CloudTrailEvent', () => {
  const detail = {
    eventVersion: '1.08',
    userIdentity: { type: 'Unknown' },
    additionalEventData: { UserName: 'alice@example.com', CredentialType: 'TOTP' },
    serviceEventDetails: { CredentialVerification: 'Failure' },
  };
  const withEvent = (CloudTrailEvent: unknown) => ({
    cloudTrail: { events: [{ EventId: 'e-1', CloudTrailEvent }] },
  });

  it('loads when given as an object', () => {
    expect(validateSnapshot(withEvent(detail)).cloudTrail?.events?.[0]?.CloudTrailEvent).toEqual(detail);
  });

  it('loads when given as a JSON string, and keeps the string', () => {
    const text = JSON.stringify(detail);
    expect(validateSnapshot(withEvent(text)).cloudTrail?.events?.[0]?.CloudTrailEvent).toBe(text);
  });

  it.each([
    ['a non-JSON string', 'not json'],
    ['an empty string', ''],
    ['a JSON string holding a number', '42'],
    ['a JSON string holding a string', '"x"'],
    ['a JSON string holding null', 'null'],
    ['a JSON string holding an array', '[1,2]'],
    ['a number', 42],
    ['an array', [detail]],
    ['null', null],
  ])('rejects %s', (_what, value) => {
    expectRejected(
      withEvent(value),
      'cloudTrail.events[0].CloudTrailEvent',
      'expected a JSON object or a string holding one',
    );
  });
});

describe('the shipped sample', () => {
  it('samples/sample-org.json loads', async () => {
    const snapshot = await loadSnapshotFile(SAMPLE);
    expect(typeof snapshot).toBe('object');
  });
});
