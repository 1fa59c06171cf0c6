import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { STSClient } from '@aws-sdk/client-sts';
import { ManualClock } from '../../src/lib/clock';
import { SandboxAws, type SandboxAwsOptions } from '../../src/sandbox/emulator/server';
import { validateSnapshot } from '../../src/sandbox/snapshot/load';
import type { Snapshot } from '../../src/sandbox/snapshot/schema';

/** A small but complete organisation for the emulator tests: every list of the snapshot format has rows,
 * so every operation has something real to answer with. Ids are fixed so tests can assert them exactly. */

export const NOW = '2026-11-23T12:00:00Z';
export const NOW_MS = Date.parse(NOW);

export const INSTANCE_ARN = 'arn:aws:sso:::instance/ssoins-1111111111111111';
export const STORE_ID = 'd-1111111111';
export const CALLER_ARN = 'arn:aws:sts::111111111111:assumed-role/cant-login/bot';

export const ACCOUNT = {
  management: '111111111111',
  prod: '222222222222',
  dev: '333333333333',
  suspended: '444444444444',
} as const;

export const USER = {
  alice: 'a11ce000-0000-4000-8000-000000000001',
  bob: 'b0b00000-0000-4000-8000-000000000002',
  carol: 'ca201000-0000-4000-8000-000000000003',
  /** Named by an assignment, but no longer in the identity store. */
  deleted: 'de1e7ed0-0000-4000-8000-000000000004',
} as const;

export const GROUP = {
  platform: '9a000000-0000-4000-8000-00000000000a',
  finance: '9b000000-0000-4000-8000-00000000000b',
  empty: '9c000000-0000-4000-8000-00000000000c',
} as const;

export const psArn = (suffix: string) => `arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-${suffix}`;

export const PS = {
  readOnly: psArn('aaaaaaaaaaaaaaaa'),
  admin: psArn('bbbbbbbbbbbbbbbb'),
  billing: psArn('cccccccccccccccc'),
} as const;

export const APP = {
  grafana: 'arn:aws:sso::111111111111:application/ssoins-1111111111111111/apl-1111111111111111',
  wiki: 'arn:aws:sso::111111111111:application/ssoins-1111111111111111/apl-2222222222222222',
} as const;

export const READ_ONLY_POLICY =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}';

/** The base snapshot as plain JSON (what a snapshot file holds). Each call returns a fresh copy. */
export function baseSnapshotJson(): Snapshot {
  return {
    schemaVersion: 1,
    description: 'Emulator test organisation',
    now: NOW,
    region: 'us-east-1',
    caller: { Account: ACCOUNT.management, Arn: CALLER_ARN },
    instances: [
      {
        InstanceArn: INSTANCE_ARN,
        IdentityStoreId: STORE_ID,
        OwnerAccountId: ACCOUNT.management,
        Name: 'example-org',
        CreatedDate: '2024-01-15T09:30:00Z',
        Status: 'ACTIVE',
        PrimaryRegion: 'us-east-1',
        Regions: [
          {
            RegionName: 'us-east-1',
            Status: 'ACTIVE',
            IsPrimaryRegion: true,
            AddedDate: '2024-01-15T09:30:00Z',
          },
          {
            RegionName: 'eu-west-1',
            Status: 'ACTIVE',
            IsPrimaryRegion: false,
            AddedDate: '2025-06-01T08:00:00Z',
          },
        ],
      },
    ],
    identityStore: {
      users: [
        {
          UserId: USER.alice,
          UserName: 'alice@example.com',
          DisplayName: 'Alice Liddell',
          Name: { GivenName: 'Alice', FamilyName: 'Liddell' },
          Emails: [{ Value: 'alice@example.com', Type: 'work', Primary: true }],
          ExternalIds: [{ Issuer: 'https://scim.example', Id: '00u1' }],
          UserStatus: 'ENABLED',
          CreatedAt: '2025-02-01T10:00:00Z',
          UpdatedAt: '2026-10-01T10:00:00Z',
        },
        {
          UserId: USER.bob,
          UserName: 'bob',
          DisplayName: 'Bob Builder',
          Name: { GivenName: 'Bob', FamilyName: 'Builder' },
          Emails: [{ Value: 'bob@example.com', Type: 'work', Primary: true }],
          UserStatus: 'DISABLED',
          CreatedAt: '2025-03-03T03:03:03.250Z',
        },
        {
          UserId: USER.carol,
          UserName: 'carol@example.com',
          DisplayName: 'Carol Danvers',
          Emails: [{ Value: 'carol.d@example.org', Type: 'work', Primary: true }],
          UserStatus: 'ENABLED',
        },
      ],
      groups: [
        {
          GroupId: GROUP.platform,
          DisplayName: 'Platform',
          Description: 'Platform engineers',
          ExternalIds: [{ Issuer: 'https://scim.example', Id: '00g1' }],
          CreatedAt: '2025-01-10T00:00:00Z',
        },
        { GroupId: GROUP.finance, DisplayName: 'Finance' },
        { GroupId: GROUP.empty, DisplayName: 'Nobody' },
      ],
      memberships: [
        { GroupId: GROUP.platform, UserId: USER.alice, MembershipId: 'm-alice-platform' },
        { GroupId: GROUP.platform, UserId: USER.bob, MembershipId: 'm-bob-platform' },
        { GroupId: GROUP.finance, UserId: USER.bob, MembershipId: 'm-bob-finance' },
      ],
    },
    organization: {
      managementAccountId: ACCOUNT.management,
      id: 'o-exampleorg1',
      accounts: [
        {
          Id: ACCOUNT.management,
          Name: 'management',
          Email: 'aws-root@example.com',
          State: 'ACTIVE',
          Status: 'ACTIVE',
        },
        {
          Id: ACCOUNT.prod,
          Name: 'prod',
          Email: 'prod@example.com',
          State: 'ACTIVE',
          Status: 'ACTIVE',
          JoinedMethod: 'CREATED',
          JoinedTimestamp: '2024-03-01T12:34:56Z',
        },
        { Id: ACCOUNT.dev, Name: 'dev', Email: 'dev@example.com', State: 'ACTIVE' },
        {
          Id: ACCOUNT.suspended,
          Name: 'old-sandbox',
          Email: 'old@example.com',
          State: 'SUSPENDED',
          Status: 'SUSPENDED',
        },
      ],
    },
    permissionSets: [
      {
        PermissionSetArn: PS.readOnly,
        Name: 'ReadOnly',
        Description: 'Look, do not touch',
        SessionDuration: 'PT8H',
        RelayState: 'https://console.aws.amazon.com/',
        CreatedDate: '2024-02-02T02:02:02Z',
        InlinePolicy: READ_ONLY_POLICY,
        AttachedManagedPolicies: [
          { Name: 'ReadOnlyAccess', Arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
          { Name: 'AWSSupportAccess', Arn: 'arn:aws:iam::aws:policy/AWSSupportAccess' },
        ],
        CustomerManagedPolicyReferences: [
          { Name: 'team-boundary', Path: '/teams/' },
          { Name: 'no-path-given' },
        ],
        PermissionsBoundary: null,
      },
      {
        PermissionSetArn: PS.admin,
        Name: 'Admin',
        SessionDuration: 'PT1H',
        PermissionsBoundary: { ManagedPolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
      },
      {
        PermissionSetArn: PS.billing,
        Name: 'Billing',
        PermissionsBoundary: {
          CustomerManagedPolicyReference: { Name: 'billing-boundary', Path: '/finance/' },
        },
      },
    ],
    accountAssignments: [
      {
        AccountId: ACCOUNT.prod,
        PermissionSetArn: PS.readOnly,
        PrincipalType: 'USER',
        PrincipalId: USER.alice,
      },
      {
        AccountId: ACCOUNT.dev,
        PermissionSetArn: PS.admin,
        PrincipalType: 'GROUP',
        PrincipalId: GROUP.platform,
      },
      {
        AccountId: ACCOUNT.prod,
        PermissionSetArn: PS.readOnly,
        PrincipalType: 'GROUP',
        PrincipalId: GROUP.platform,
      },
      {
        AccountId: ACCOUNT.dev,
        PermissionSetArn: PS.readOnly,
        PrincipalType: 'USER',
        PrincipalId: USER.deleted,
      },
      {
        AccountId: ACCOUNT.management,
        PermissionSetArn: PS.billing,
        PrincipalType: 'USER',
        PrincipalId: USER.bob,
      },
    ],
    provisionedPermissionSets: [
      {
        AccountId: ACCOUNT.prod,
        PermissionSetArn: PS.readOnly,
        ProvisioningStatus: 'LATEST_PERMISSION_SET_PROVISIONED',
      },
      {
        AccountId: ACCOUNT.dev,
        PermissionSetArn: PS.admin,
        ProvisioningStatus: 'LATEST_PERMISSION_SET_PROVISIONED',
      },
      {
        AccountId: ACCOUNT.dev,
        PermissionSetArn: PS.readOnly,
        ProvisioningStatus: 'LATEST_PERMISSION_SET_NOT_PROVISIONED',
      },
      { AccountId: ACCOUNT.management, PermissionSetArn: PS.billing },
    ],
    permissionSetProvisioningStatuses: [
      {
        RequestId: 'a0000001-0000-4000-8000-000000000001',
        Status: 'FAILED',
        AccountId: ACCOUNT.dev,
        PermissionSetArn: PS.readOnly,
        FailureReason:
          'Received a 404 status error: Policy team-boundary does not exist in account 333333333333.',
        CreatedDate: '2026-11-23T11:50:00Z',
      },
      {
        RequestId: 'a0000002-0000-4000-8000-000000000002',
        Status: 'SUCCEEDED',
        AccountId: ACCOUNT.prod,
        PermissionSetArn: PS.readOnly,
        CreatedDate: '2026-11-20T08:00:00Z',
      },
    ],
    accountAssignmentCreationStatuses: [
      {
        RequestId: 'c0000001-0000-4000-8000-000000000001',
        Status: 'SUCCEEDED',
        TargetId: ACCOUNT.prod,
        TargetType: 'AWS_ACCOUNT',
        PermissionSetArn: PS.readOnly,
        PrincipalType: 'USER',
        PrincipalId: USER.alice,
        CreatedDate: '2026-11-01T09:00:00Z',
      },
      {
        RequestId: 'c0000002-0000-4000-8000-000000000002',
        Status: 'FAILED',
        FailureReason: 'Account 444444444444 is suspended.',
        TargetId: ACCOUNT.suspended,
        TargetType: 'AWS_ACCOUNT',
        PermissionSetArn: PS.readOnly,
        PrincipalType: 'USER',
        PrincipalId: USER.carol,
        CreatedDate: '2026-11-22T09:00:00Z',
      },
    ],
    accountAssignmentDeletionStatuses: [
      {
        RequestId: 'd0000001-0000-4000-8000-000000000001',
        Status: 'SUCCEEDED',
        TargetId: ACCOUNT.dev,
        TargetType: 'AWS_ACCOUNT',
        PermissionSetArn: PS.admin,
        PrincipalType: 'USER',
        PrincipalId: USER.carol,
        CreatedDate: '2026-11-21T15:00:00Z',
      },
    ],
    applications: [
      {
        ApplicationArn: APP.grafana,
        Name: 'Grafana',
        Status: 'ENABLED',
        Description: 'Dashboards',
        ApplicationAccount: ACCOUNT.management,
        CreatedDate: '2025-05-05T05:05:05Z',
      },
      { ApplicationArn: APP.wiki, Name: 'Wiki', Status: 'DISABLED' },
    ],
    applicationAssignments: [
      { ApplicationArn: APP.grafana, PrincipalType: 'GROUP', PrincipalId: GROUP.platform },
      { ApplicationArn: APP.wiki, PrincipalType: 'USER', PrincipalId: USER.alice },
      { ApplicationArn: APP.grafana, PrincipalType: 'USER', PrincipalId: USER.alice },
    ],
    cloudTrail: {
      // Deliberately not in time order: the emulator must answer newest first.
      events: [
        {
          EventId: 'ev-verify-1140',
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
        {
          EventId: 'ev-old-1000',
          EventName: 'UserAuthentication',
          EventSource: 'signin.amazonaws.com',
          EventTime: '2026-11-23T10:00:00Z',
          Username: 'bob',
          CloudTrailEvent: '{"eventVersion":"1.08","serviceEventDetails":{"UserAuthentication":"Success"}}',
        },
        {
          EventId: 'ev-assign-1150',
          EventName: 'CreateAccountAssignment',
          EventSource: 'sso.amazonaws.com',
          EventTime: '2026-11-23T11:50:00Z',
          Username: 'admin',
          ReadOnly: 'false',
          AccessKeyId: 'ASIAEXAMPLE',
          Resources: [{ ResourceType: 'AWS::SSO::PermissionSet', ResourceName: PS.readOnly }],
        },
        {
          EventId: 'ev-list-1130',
          EventName: 'ListInstances',
          EventSource: 'sso.amazonaws.com',
          EventTime: '2026-11-23T11:30:00Z',
          ReadOnly: 'true',
        },
        {
          // Older than 90 days before `now`: LookupEvents never returns it.
          EventId: 'ev-ancient',
          EventName: 'CredentialVerification',
          EventSource: 'signin.amazonaws.com',
          EventTime: '2026-06-01T00:00:00Z',
        },
        {
          // After `now`: appears only once the clock has passed it.
          EventId: 'ev-future-1210',
          EventName: 'CredentialChallenge',
          EventSource: 'signin.amazonaws.com',
          EventTime: '2026-11-23T12:10:00Z',
        },
      ],
    },
  };
}

/** A fresh base snapshot, optionally changed by `edit`, validated the way the loader validates files. */
export function buildSnapshot(edit?: (s: Snapshot) => void): Snapshot {
  const json = baseSnapshotJson();
  edit?.(json);
  return validateSnapshot(structuredClone(json), 'test snapshot');
}

/** `n` extra users named `user-NN@example.com`, for paging tests. */
export function extraUsers(
  n: number,
  prefix = 'page-user',
): NonNullable<NonNullable<Snapshot['identityStore']>['users']> {
  return Array.from({ length: n }, (_, i) => {
    const nn = String(i).padStart(2, '0');
    return {
      UserId: `${prefix}-${nn}`,
      UserName: `${prefix}-${nn}@example.com`,
      Emails: [{ Value: `${prefix}-${nn}@example.com`, Primary: true }],
    };
  });
}

export interface ClientOptions {
  maxAttempts?: number;
  retryMode?: 'standard' | 'adaptive';
}

export interface Clients {
  sso: SSOAdminClient;
  ids: IdentitystoreClient;
  ct: CloudTrailClient;
  org: OrganizationsClient;
  sts: STSClient;
}

/** Real SDK clients that talk to `url` only. */
export function clientsFor(url: string, options: ClientOptions = {}): Clients {
  const config = {
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: options.maxAttempts ?? 1,
    ...(options.retryMode ? { retryMode: options.retryMode } : {}),
  };
  return {
    sso: new SSOAdminClient(config),
    ids: new IdentitystoreClient(config),
    ct: new CloudTrailClient(config),
    org: new OrganizationsClient(config),
    sts: new STSClient(config),
  };
}

export interface StartedSandbox extends Clients {
  sandbox: SandboxAws;
  url: string;
  /** Present unless the test asked for another clock. */
  clock: ManualClock;
  /** Destroys the clients and closes the sandbox. */
  close: () => Promise<void>;
}

export interface StartOptions extends ClientOptions {
  /** Another clock for the sandbox (the returned `clock` is then a ManualClock nobody reads). */
  clock?: SandboxAwsOptions['clock'];
}

/** Starts an emulator over `snapshot` on a free port with a ManualClock at the snapshot's `now`, and real
 * SDK clients pointed at it. */
export async function startSandbox(
  snapshot: Snapshot = buildSnapshot(),
  options: StartOptions = {},
): Promise<StartedSandbox> {
  const clock = new ManualClock(snapshot.now ? Date.parse(snapshot.now) : NOW_MS);
  const sandbox = new SandboxAws(snapshot, { clock: options.clock ?? clock });
  const url = await sandbox.listen();
  const clients = clientsFor(url, options);
  return {
    ...clients,
    sandbox,
    url,
    clock,
    close: async () => {
      for (const client of Object.values(clients)) client.destroy();
      await sandbox.close();
    },
  };
}

/** Awaits a promise that must reject, and returns the error for exact assertions. */
export async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Every item of every page of an SDK paginator, and the number of pages. */
export async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined) {
  const rows: T[] = [];
  let pageCount = 0;
  for await (const p of pages) {
    pageCount += 1;
    rows.push(...(items(p) ?? []));
  }
  return { rows, pageCount };
}

export const epoch = (iso: string) => new Date(iso);
