import {
  CreateAccountAssignmentCommand,
  DeleteAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  DescribeApplicationCommand,
  DescribeInstanceCommand,
  DescribePermissionSetCommand,
  DescribePermissionSetProvisioningStatusCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  ListAccountAssignmentCreationStatusCommand,
  ListAccountAssignmentDeletionStatusCommand,
  ListAccountAssignmentsCommand,
  ListAccountAssignmentsForPrincipalCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListApplicationAssignmentsForPrincipalCommand,
  ListApplicationsCommand,
  ListCustomerManagedPolicyReferencesInPermissionSetCommand,
  ListInstancesCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetProvisioningStatusCommand,
  ListPermissionSetsCommand,
  ListPermissionSetsProvisionedToAccountCommand,
  type ProvisioningStatus,
  ProvisionPermissionSetCommand,
  paginateListAccountAssignments,
  paginateListAccountAssignmentsForPrincipal,
  paginateListPermissionSets,
  paginateListPermissionSetsProvisionedToAccount,
  type SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import {
  ACCOUNT,
  APP,
  buildSnapshot,
  collect,
  epoch,
  failure,
  GROUP,
  INSTANCE_ARN,
  NOW,
  PS,
  psArn,
  READ_ONLY_POLICY,
  STORE_ID,
  type StartedSandbox,
  startSandbox,
  USER,
} from './fixtures';

const I = { InstanceArn: INSTANCE_ARN } as const;

async function provisionedTo(
  sso: SSOAdminClient,
  AccountId: string,
  ProvisioningStatus?: ProvisioningStatus,
) {
  const out = await sso.send(
    new ListPermissionSetsProvisionedToAccountCommand({ ...I, AccountId, ProvisioningStatus }),
  );
  return out.PermissionSets;
}

async function assignmentsTo(sso: SSOAdminClient, AccountId: string, PermissionSetArn: string) {
  const out = await sso.send(new ListAccountAssignmentsCommand({ ...I, AccountId, PermissionSetArn }));
  return out.AccountAssignments;
}

describe('SSO Admin reads', () => {
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(async () => {
    await s.close();
  });

  describe('ListInstances / DescribeInstance', () => {
    const expected = {
      InstanceArn: INSTANCE_ARN,
      IdentityStoreId: STORE_ID,
      OwnerAccountId: ACCOUNT.management,
      Name: 'example-org',
      CreatedDate: epoch('2024-01-15T09:30:00Z'),
      Status: 'ACTIVE',
      PrimaryRegion: 'us-east-1',
      Regions: [
        {
          RegionName: 'us-east-1',
          Status: 'ACTIVE',
          IsPrimaryRegion: true,
          AddedDate: epoch('2024-01-15T09:30:00Z'),
        },
        {
          RegionName: 'eu-west-1',
          Status: 'ACTIVE',
          IsPrimaryRegion: false,
          AddedDate: epoch('2025-06-01T08:00:00Z'),
        },
      ],
    };

    it('ListInstances returns the snapshot instance with dates as Date objects', async () => {
      const out = await s.sso.send(new ListInstancesCommand({}));
      expect(out.Instances).toEqual([expected]);
      expect(out.Instances?.[0]?.CreatedDate).toBeInstanceOf(Date);
      expect(out.NextToken).toBeUndefined();
    });

    it('ListInstances returns an empty list for a snapshot without instances', async () => {
      const empty = await startSandbox(buildSnapshot((snap) => (snap.instances = [])));
      try {
        const out = await empty.sso.send(new ListInstancesCommand({}));
        expect(out.Instances).toEqual([]);
      } finally {
        await empty.close();
      }
    });

    it('DescribeInstance adds PermissionSetsEnabled', async () => {
      const out = await s.sso.send(new DescribeInstanceCommand(I));
      const { $metadata, ...body } = out;
      expect($metadata.httpStatusCode).toBe(200);
      expect(body).toEqual({ ...expected, PermissionSetsEnabled: true });
    });

    it('DescribeInstance of an unknown instance is ResourceNotFoundException', async () => {
      const err = await failure(
        s.sso.send(
          new DescribeInstanceCommand({ InstanceArn: 'arn:aws:sso:::instance/ssoins-9999999999999999' }),
        ),
      );
      expect(err.name).toBe('ResourceNotFoundException');
      expect(err.message).toBe('Instance arn:aws:sso:::instance/ssoins-9999999999999999 does not exist.');
    });

    it('DescribeInstance with a malformed ARN is ValidationException', async () => {
      const err = await failure(s.sso.send(new DescribeInstanceCommand({ InstanceArn: 'not-an-arn' })));
      expect(err.name).toBe('ValidationException');
      expect(err.message).toBe(
        "1 validation error detected: Value 'not-an-arn' at 'instanceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws(-[a-z]{1,5}){0,3}:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}",
      );
    });
  });

  describe('permission sets', () => {
    it('ListPermissionSets returns every ARN in snapshot order', async () => {
      const out = await s.sso.send(new ListPermissionSetsCommand(I));
      expect(out.PermissionSets).toEqual([PS.readOnly, PS.admin, PS.billing]);
    });

    it('DescribePermissionSet returns the fields of the snapshot', async () => {
      const out = await s.sso.send(new DescribePermissionSetCommand({ ...I, PermissionSetArn: PS.readOnly }));
      expect(out.PermissionSet).toEqual({
        Name: 'ReadOnly',
        PermissionSetArn: PS.readOnly,
        Description: 'Look, do not touch',
        CreatedDate: epoch('2024-02-02T02:02:02Z'),
        SessionDuration: 'PT8H',
        RelayState: 'https://console.aws.amazon.com/',
      });
    });

    it('DescribePermissionSet of an unknown ARN is ResourceNotFoundException', async () => {
      const err = await failure(
        s.sso.send(new DescribePermissionSetCommand({ ...I, PermissionSetArn: psArn('ffffffffffffffff') })),
      );
      expect(err.name).toBe('ResourceNotFoundException');
      expect(err.message).toBe(`PermissionSet ${psArn('ffffffffffffffff')} does not exist.`);
    });

    it('GetInlinePolicyForPermissionSet returns the policy, or an empty string when there is none', async () => {
      const withPolicy = await s.sso.send(
        new GetInlinePolicyForPermissionSetCommand({ ...I, PermissionSetArn: PS.readOnly }),
      );
      expect(withPolicy.InlinePolicy).toBe(READ_ONLY_POLICY);
      const without = await s.sso.send(
        new GetInlinePolicyForPermissionSetCommand({ ...I, PermissionSetArn: PS.admin }),
      );
      expect(without.InlinePolicy).toBe('');
    });

    it('ListManagedPoliciesInPermissionSet returns the attached policies, or none', async () => {
      const out = await s.sso.send(
        new ListManagedPoliciesInPermissionSetCommand({ ...I, PermissionSetArn: PS.readOnly }),
      );
      expect(out.AttachedManagedPolicies).toEqual([
        { Name: 'ReadOnlyAccess', Arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
        { Name: 'AWSSupportAccess', Arn: 'arn:aws:iam::aws:policy/AWSSupportAccess' },
      ]);
      const none = await s.sso.send(
        new ListManagedPoliciesInPermissionSetCommand({ ...I, PermissionSetArn: PS.admin }),
      );
      expect(none.AttachedManagedPolicies).toEqual([]);
    });

    it('ListCustomerManagedPolicyReferencesInPermissionSet defaults Path to "/"', async () => {
      const out = await s.sso.send(
        new ListCustomerManagedPolicyReferencesInPermissionSetCommand({
          ...I,
          PermissionSetArn: PS.readOnly,
        }),
      );
      expect(out.CustomerManagedPolicyReferences).toEqual([
        { Name: 'team-boundary', Path: '/teams/' },
        { Name: 'no-path-given', Path: '/' },
      ]);
    });

    it('GetPermissionsBoundaryForPermissionSet returns a managed or a customer-managed boundary', async () => {
      const managed = await s.sso.send(
        new GetPermissionsBoundaryForPermissionSetCommand({ ...I, PermissionSetArn: PS.admin }),
      );
      expect(managed.PermissionsBoundary).toEqual({
        ManagedPolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
      });
      const customer = await s.sso.send(
        new GetPermissionsBoundaryForPermissionSetCommand({ ...I, PermissionSetArn: PS.billing }),
      );
      expect(customer.PermissionsBoundary).toEqual({
        CustomerManagedPolicyReference: { Name: 'billing-boundary', Path: '/finance/' },
      });
    });

    it('GetPermissionsBoundaryForPermissionSet without a boundary is ResourceNotFoundException', async () => {
      const err = await failure(
        s.sso.send(
          new GetPermissionsBoundaryForPermissionSetCommand({ ...I, PermissionSetArn: PS.readOnly }),
        ),
      );
      expect(err.name).toBe('ResourceNotFoundException');
      expect(err.message).toBe(`Permissions boundary for ${PS.readOnly} does not exist.`);
    });
  });

  describe('provisioned permission sets', () => {
    it('ListPermissionSetsProvisionedToAccount without a filter lists both statuses', async () => {
      expect(await provisionedTo(s.sso, ACCOUNT.dev)).toEqual([PS.admin, PS.readOnly]);
      expect(await provisionedTo(s.sso, ACCOUNT.prod)).toEqual([PS.readOnly]);
      expect(await provisionedTo(s.sso, ACCOUNT.suspended)).toEqual([]);
    });

    it('ListPermissionSetsProvisionedToAccount filters on each ProvisioningStatus', async () => {
      expect(await provisionedTo(s.sso, ACCOUNT.dev, 'LATEST_PERMISSION_SET_PROVISIONED')).toEqual([
        PS.admin,
      ]);
      expect(await provisionedTo(s.sso, ACCOUNT.dev, 'LATEST_PERMISSION_SET_NOT_PROVISIONED')).toEqual([
        PS.readOnly,
      ]);
      // A snapshot row without ProvisioningStatus counts as provisioned.
      expect(await provisionedTo(s.sso, ACCOUNT.management, 'LATEST_PERMISSION_SET_PROVISIONED')).toEqual([
        PS.billing,
      ]);
      expect(await provisionedTo(s.sso, ACCOUNT.management, 'LATEST_PERMISSION_SET_NOT_PROVISIONED')).toEqual(
        [],
      );
    });

    it('ListPermissionSetsProvisionedToAccount rejects a malformed account id and an unknown status', async () => {
      const badAccount = await failure(provisionedTo(s.sso, '12345'));
      expect(badAccount.name).toBe('ValidationException');
      expect(badAccount.message).toContain("Value '12345' at 'accountId'");
      const badStatus = await failure(provisionedTo(s.sso, ACCOUNT.dev, 'PROVISIONED' as ProvisioningStatus));
      expect(badStatus.name).toBe('ValidationException');
      expect(badStatus.message).toContain('Member must satisfy enum value set');
    });

    it('ListAccountsForProvisionedPermissionSet lists accounts, with and without the filter', async () => {
      const list = async (PermissionSetArn: string, ProvisioningStatus?: ProvisioningStatus) =>
        (
          await s.sso.send(
            new ListAccountsForProvisionedPermissionSetCommand({
              ...I,
              PermissionSetArn,
              ProvisioningStatus,
            }),
          )
        ).AccountIds;
      expect(await list(PS.readOnly)).toEqual([ACCOUNT.prod, ACCOUNT.dev]);
      expect(await list(PS.readOnly, 'LATEST_PERMISSION_SET_PROVISIONED')).toEqual([ACCOUNT.prod]);
      expect(await list(PS.readOnly, 'LATEST_PERMISSION_SET_NOT_PROVISIONED')).toEqual([ACCOUNT.dev]);
      expect(await list(PS.billing)).toEqual([ACCOUNT.management]);
      const err = await failure(list(psArn('ffffffffffffffff')));
      expect(err.name).toBe('ResourceNotFoundException');
    });
  });

  describe('account assignments', () => {
    const row = (
      AccountId: string,
      PermissionSetArn: string,
      PrincipalType: 'USER' | 'GROUP',
      PrincipalId: string,
    ) => ({
      AccountId,
      PermissionSetArn,
      PrincipalId,
      PrincipalType,
    });

    it('ListAccountAssignmentsForPrincipal(USER) returns only the user’s own rows by default', async () => {
      const out = await s.sso.send(
        new ListAccountAssignmentsForPrincipalCommand({
          ...I,
          PrincipalType: 'USER',
          PrincipalId: USER.alice,
        }),
      );
      expect(out.AccountAssignments).toEqual([row(ACCOUNT.prod, PS.readOnly, 'USER', USER.alice)]);
    });

    it('ListAccountAssignmentsForPrincipal(GROUP) returns the group’s rows', async () => {
      const out = await s.sso.send(
        new ListAccountAssignmentsForPrincipalCommand({
          ...I,
          PrincipalType: 'GROUP',
          PrincipalId: GROUP.platform,
        }),
      );
      expect(out.AccountAssignments).toEqual([
        row(ACCOUNT.dev, PS.admin, 'GROUP', GROUP.platform),
        row(ACCOUNT.prod, PS.readOnly, 'GROUP', GROUP.platform),
      ]);
    });

    it('ListAccountAssignmentsForPrincipal applies Filter.AccountId', async () => {
      const dev = await s.sso.send(
        new ListAccountAssignmentsForPrincipalCommand({
          ...I,
          PrincipalType: 'GROUP',
          PrincipalId: GROUP.platform,
          Filter: { AccountId: ACCOUNT.dev },
        }),
      );
      expect(dev.AccountAssignments).toEqual([row(ACCOUNT.dev, PS.admin, 'GROUP', GROUP.platform)]);
      const none = await s.sso.send(
        new ListAccountAssignmentsForPrincipalCommand({
          ...I,
          PrincipalType: 'USER',
          PrincipalId: USER.alice,
          Filter: { AccountId: ACCOUNT.dev },
        }),
      );
      expect(none.AccountAssignments).toEqual([]);
    });

    it('ListAccountAssignmentsForPrincipal returns a stale principal id exactly as stored', async () => {
      const out = await s.sso.send(
        new ListAccountAssignmentsForPrincipalCommand({
          ...I,
          PrincipalType: 'USER',
          PrincipalId: USER.deleted,
        }),
      );
      expect(out.AccountAssignments).toEqual([row(ACCOUNT.dev, PS.readOnly, 'USER', USER.deleted)]);
    });

    it('ListAccountAssignmentsForPrincipal does not mix principal types, and knows nothing of unknown ids', async () => {
      const asGroup = await s.sso.send(
        new ListAccountAssignmentsForPrincipalCommand({
          ...I,
          PrincipalType: 'GROUP',
          PrincipalId: USER.alice,
        }),
      );
      expect(asGroup.AccountAssignments).toEqual([]);
      const unknown = await s.sso.send(
        new ListAccountAssignmentsForPrincipalCommand({
          ...I,
          PrincipalType: 'USER',
          PrincipalId: '00000000-0000-4000-8000-0000000000bd',
        }),
      );
      expect(unknown.AccountAssignments).toEqual([]);
    });

    it('ListAccountAssignments lists every principal of one account and permission set', async () => {
      expect(await assignmentsTo(s.sso, ACCOUNT.prod, PS.readOnly)).toEqual([
        row(ACCOUNT.prod, PS.readOnly, 'USER', USER.alice),
        row(ACCOUNT.prod, PS.readOnly, 'GROUP', GROUP.platform),
      ]);
      expect(await assignmentsTo(s.sso, ACCOUNT.dev, PS.readOnly)).toEqual([
        row(ACCOUNT.dev, PS.readOnly, 'USER', USER.deleted),
      ]);
      expect(await assignmentsTo(s.sso, ACCOUNT.suspended, PS.readOnly)).toEqual([]);
    });

    it('ListAccountAssignments of an unknown permission set is ResourceNotFoundException', async () => {
      const err = await failure(assignmentsTo(s.sso, ACCOUNT.prod, psArn('ffffffffffffffff')));
      expect(err.name).toBe('ResourceNotFoundException');
    });
  });

  describe('ListAccountAssignmentsForPrincipal with emulation.userAssignmentsIncludeGroups', () => {
    let g: StartedSandbox;
    beforeAll(async () => {
      g = await startSandbox(
        buildSnapshot((snap) => (snap.emulation = { userAssignmentsIncludeGroups: true })),
      );
    });
    afterAll(async () => {
      await g.close();
    });

    it('a USER query also returns the rows of the user’s groups, each naming the group', async () => {
      const out = await g.sso.send(
        new ListAccountAssignmentsForPrincipalCommand({
          ...I,
          PrincipalType: 'USER',
          PrincipalId: USER.alice,
        }),
      );
      expect(out.AccountAssignments).toEqual([
        {
          AccountId: ACCOUNT.prod,
          PermissionSetArn: PS.readOnly,
          PrincipalId: USER.alice,
          PrincipalType: 'USER',
        },
        {
          AccountId: ACCOUNT.dev,
          PermissionSetArn: PS.admin,
          PrincipalId: GROUP.platform,
          PrincipalType: 'GROUP',
        },
        {
          AccountId: ACCOUNT.prod,
          PermissionSetArn: PS.readOnly,
          PrincipalId: GROUP.platform,
          PrincipalType: 'GROUP',
        },
      ]);
    });

    it('Filter.AccountId applies to the group rows too', async () => {
      const out = await g.sso.send(
        new ListAccountAssignmentsForPrincipalCommand({
          ...I,
          PrincipalType: 'USER',
          PrincipalId: USER.bob,
          Filter: { AccountId: ACCOUNT.dev },
        }),
      );
      expect(out.AccountAssignments).toEqual([
        {
          AccountId: ACCOUNT.dev,
          PermissionSetArn: PS.admin,
          PrincipalId: GROUP.platform,
          PrincipalType: 'GROUP',
        },
      ]);
    });

    it('a GROUP query is unchanged, and a user without groups gets only their own rows', async () => {
      const group = await g.sso.send(
        new ListAccountAssignmentsForPrincipalCommand({
          ...I,
          PrincipalType: 'GROUP',
          PrincipalId: GROUP.finance,
        }),
      );
      expect(group.AccountAssignments).toEqual([]);
      const carol = await g.sso.send(
        new ListAccountAssignmentsForPrincipalCommand({
          ...I,
          PrincipalType: 'USER',
          PrincipalId: USER.carol,
        }),
      );
      expect(carol.AccountAssignments).toEqual([]);
    });
  });

  describe('asynchronous request statuses from the snapshot', () => {
    it('ListPermissionSetProvisioningStatus lists newest first, and filters on Status', async () => {
      const all = await s.sso.send(new ListPermissionSetProvisioningStatusCommand(I));
      expect(all.PermissionSetsProvisioningStatus).toEqual([
        {
          Status: 'FAILED',
          RequestId: 'a0000001-0000-4000-8000-000000000001',
          CreatedDate: epoch('2026-11-23T11:50:00Z'),
        },
        {
          Status: 'SUCCEEDED',
          RequestId: 'a0000002-0000-4000-8000-000000000002',
          CreatedDate: epoch('2026-11-20T08:00:00Z'),
        },
      ]);
      const failed = await s.sso.send(
        new ListPermissionSetProvisioningStatusCommand({ ...I, Filter: { Status: 'FAILED' } }),
      );
      expect(failed.PermissionSetsProvisioningStatus?.map((r) => r.RequestId)).toEqual([
        'a0000001-0000-4000-8000-000000000001',
      ]);
      const running = await s.sso.send(
        new ListPermissionSetProvisioningStatusCommand({ ...I, Filter: { Status: 'IN_PROGRESS' } }),
      );
      expect(running.PermissionSetsProvisioningStatus).toEqual([]);
    });

    it('DescribePermissionSetProvisioningStatus returns the stored history unchanged', async () => {
      const out = await s.sso.send(
        new DescribePermissionSetProvisioningStatusCommand({
          ...I,
          ProvisionPermissionSetRequestId: 'a0000001-0000-4000-8000-000000000001',
        }),
      );
      expect(out.PermissionSetProvisioningStatus).toEqual({
        RequestId: 'a0000001-0000-4000-8000-000000000001',
        Status: 'FAILED',
        AccountId: ACCOUNT.dev,
        PermissionSetArn: PS.readOnly,
        FailureReason:
          'Received a 404 status error: Policy team-boundary does not exist in account 333333333333.',
        CreatedDate: epoch('2026-11-23T11:50:00Z'),
      });
      const err = await failure(
        s.sso.send(
          new DescribePermissionSetProvisioningStatusCommand({
            ...I,
            ProvisionPermissionSetRequestId: '00000000-0000-4000-8000-00000000beef',
          }),
        ),
      );
      expect(err.name).toBe('ResourceNotFoundException');
      expect(err.message).toBe('Provisioning request 00000000-0000-4000-8000-00000000beef does not exist.');
    });

    it('ListAccountAssignmentCreationStatus lists newest first, and filters on each Status', async () => {
      const all = await s.sso.send(new ListAccountAssignmentCreationStatusCommand(I));
      expect(all.AccountAssignmentsCreationStatus).toEqual([
        {
          Status: 'FAILED',
          RequestId: 'c0000002-0000-4000-8000-000000000002',
          CreatedDate: epoch('2026-11-22T09:00:00Z'),
        },
        {
          Status: 'SUCCEEDED',
          RequestId: 'c0000001-0000-4000-8000-000000000001',
          CreatedDate: epoch('2026-11-01T09:00:00Z'),
        },
      ]);
      const ids = async (Status: 'IN_PROGRESS' | 'FAILED' | 'SUCCEEDED') =>
        (
          await s.sso.send(new ListAccountAssignmentCreationStatusCommand({ ...I, Filter: { Status } }))
        ).AccountAssignmentsCreationStatus?.map((r) => r.RequestId);
      expect(await ids('FAILED')).toEqual(['c0000002-0000-4000-8000-000000000002']);
      expect(await ids('SUCCEEDED')).toEqual(['c0000001-0000-4000-8000-000000000001']);
      expect(await ids('IN_PROGRESS')).toEqual([]);
    });

    it('DescribeAccountAssignmentCreationStatus returns the whole status, or ResourceNotFoundException', async () => {
      const out = await s.sso.send(
        new DescribeAccountAssignmentCreationStatusCommand({
          ...I,
          AccountAssignmentCreationRequestId: 'c0000002-0000-4000-8000-000000000002',
        }),
      );
      expect(out.AccountAssignmentCreationStatus).toEqual({
        RequestId: 'c0000002-0000-4000-8000-000000000002',
        Status: 'FAILED',
        FailureReason: 'Account 444444444444 is suspended.',
        TargetId: ACCOUNT.suspended,
        TargetType: 'AWS_ACCOUNT',
        PermissionSetArn: PS.readOnly,
        PrincipalType: 'USER',
        PrincipalId: USER.carol,
        CreatedDate: epoch('2026-11-22T09:00:00Z'),
      });
      const err = await failure(
        s.sso.send(
          new DescribeAccountAssignmentCreationStatusCommand({
            ...I,
            AccountAssignmentCreationRequestId: '00000000-0000-4000-8000-00000000beef',
          }),
        ),
      );
      expect(err.name).toBe('ResourceNotFoundException');
      expect(err.message).toBe(
        'Account assignment creation request 00000000-0000-4000-8000-00000000beef does not exist.',
      );
    });

    it('DescribeAccountAssignmentDeletionStatus returns the whole status, or ResourceNotFoundException', async () => {
      const out = await s.sso.send(
        new DescribeAccountAssignmentDeletionStatusCommand({
          ...I,
          AccountAssignmentDeletionRequestId: 'd0000001-0000-4000-8000-000000000001',
        }),
      );
      expect(out.AccountAssignmentDeletionStatus).toEqual({
        RequestId: 'd0000001-0000-4000-8000-000000000001',
        Status: 'SUCCEEDED',
        TargetId: ACCOUNT.dev,
        TargetType: 'AWS_ACCOUNT',
        PermissionSetArn: PS.admin,
        PrincipalType: 'USER',
        PrincipalId: USER.carol,
        CreatedDate: epoch('2026-11-21T15:00:00Z'),
      });
      const err = await failure(
        s.sso.send(
          new DescribeAccountAssignmentDeletionStatusCommand({
            ...I,
            AccountAssignmentDeletionRequestId: '00000000-0000-4000-8000-00000000beef',
          }),
        ),
      );
      expect(err.name).toBe('ResourceNotFoundException');
      expect(err.message).toBe(
        'Account assignment deletion request 00000000-0000-4000-8000-00000000beef does not exist.',
      );
    });

    it('ListAccountAssignmentDeletionStatus lists the stored deletions', async () => {
      const out = await s.sso.send(new ListAccountAssignmentDeletionStatusCommand(I));
      expect(out.AccountAssignmentsDeletionStatus).toEqual([
        {
          Status: 'SUCCEEDED',
          RequestId: 'd0000001-0000-4000-8000-000000000001',
          CreatedDate: epoch('2026-11-21T15:00:00Z'),
        },
      ]);
    });
  });

  describe('applications', () => {
    it('ListApplications lists every application of the instance', async () => {
      const out = await s.sso.send(new ListApplicationsCommand(I));
      expect(out.Applications).toEqual([
        {
          ApplicationArn: APP.grafana,
          Name: 'Grafana',
          Status: 'ENABLED',
          Description: 'Dashboards',
          ApplicationAccount: ACCOUNT.management,
          InstanceArn: INSTANCE_ARN,
          CreatedDate: epoch('2025-05-05T05:05:05Z'),
        },
        { ApplicationArn: APP.wiki, Name: 'Wiki', Status: 'DISABLED', InstanceArn: INSTANCE_ARN },
      ]);
    });

    it('DescribeApplication returns one application, or ResourceNotFoundException', async () => {
      const { $metadata: _m, ...app } = await s.sso.send(
        new DescribeApplicationCommand({ ApplicationArn: APP.grafana }),
      );
      // The same application as ListApplications answers, InstanceArn included (AWS's DescribeApplication has it).
      expect(app).toEqual({
        ApplicationArn: APP.grafana,
        Name: 'Grafana',
        Status: 'ENABLED',
        Description: 'Dashboards',
        ApplicationAccount: ACCOUNT.management,
        InstanceArn: INSTANCE_ARN,
        CreatedDate: epoch('2025-05-05T05:05:05Z'),
      });
      const missing = `${APP.wiki.slice(0, -4)}9999`;
      const err = await failure(s.sso.send(new DescribeApplicationCommand({ ApplicationArn: missing })));
      expect(err.name).toBe('ResourceNotFoundException');
      expect(err.message).toBe(`Application ${missing} does not exist.`);
    });

    it('ListApplicationAssignmentsForPrincipal lists a principal’s applications, and filters on ApplicationArn', async () => {
      const alice = await s.sso.send(
        new ListApplicationAssignmentsForPrincipalCommand({
          ...I,
          PrincipalType: 'USER',
          PrincipalId: USER.alice,
        }),
      );
      expect(alice.ApplicationAssignments).toEqual([
        { ApplicationArn: APP.wiki, PrincipalType: 'USER', PrincipalId: USER.alice },
        { ApplicationArn: APP.grafana, PrincipalType: 'USER', PrincipalId: USER.alice },
      ]);
      const filtered = await s.sso.send(
        new ListApplicationAssignmentsForPrincipalCommand({
          ...I,
          PrincipalType: 'USER',
          PrincipalId: USER.alice,
          Filter: { ApplicationArn: APP.grafana },
        }),
      );
      expect(filtered.ApplicationAssignments).toEqual([
        { ApplicationArn: APP.grafana, PrincipalType: 'USER', PrincipalId: USER.alice },
      ]);
      const group = await s.sso.send(
        new ListApplicationAssignmentsForPrincipalCommand({
          ...I,
          PrincipalType: 'GROUP',
          PrincipalId: GROUP.platform,
        }),
      );
      expect(group.ApplicationAssignments).toEqual([
        { ApplicationArn: APP.grafana, PrincipalType: 'GROUP', PrincipalId: GROUP.platform },
      ]);
      const none = await s.sso.send(
        new ListApplicationAssignmentsForPrincipalCommand({
          ...I,
          PrincipalType: 'USER',
          PrincipalId: USER.carol,
        }),
      );
      expect(none.ApplicationAssignments).toEqual([]);
    });
  });

  it('ListPermissionSetProvisioningStatus orders by instant, whatever the ISO spelling of CreatedDate', async () => {
    const mixed = await startSandbox(
      buildSnapshot((snap) => {
        snap.permissionSetProvisioningStatuses = [
          // 11:30Z written with a +02:00 offset: older than the 11:50Z row below.
          { RequestId: 'offset-1130', Status: 'SUCCEEDED', CreatedDate: '2026-11-23T13:30:00+02:00' },
          { RequestId: 'utc-1150', Status: 'SUCCEEDED', CreatedDate: '2026-11-23T11:50:00Z' },
        ];
      }),
    );
    try {
      const out = await mixed.sso.send(new ListPermissionSetProvisioningStatusCommand(I));
      expect(out.PermissionSetsProvisioningStatus).toEqual([
        { Status: 'SUCCEEDED', RequestId: 'utc-1150', CreatedDate: epoch('2026-11-23T11:50:00Z') },
        { Status: 'SUCCEEDED', RequestId: 'offset-1130', CreatedDate: epoch('2026-11-23T11:30:00Z') },
      ]);
    } finally {
      await mixed.close();
    }
  });

  it('every read above was logged as ok or error, never as throttled or denied', () => {
    const calls = s.sandbox.calls({ service: 'sso' });
    expect(calls.length).toBeGreaterThan(40);
    expect(calls.filter((c) => c.outcome === 'throttled' || c.outcome === 'denied')).toEqual([]);
    expect(calls.every((c) => c.at === Date.parse(NOW))).toBe(true);
  });
});

describe('SSO Admin writes', () => {
  let s: StartedSandbox;
  beforeEach(async () => {
    s = await startSandbox();
  });
  afterEach(async () => {
    await s.close();
  });

  const provision = (PermissionSetArn: string, TargetId: string) =>
    s.sso.send(
      new ProvisionPermissionSetCommand({ ...I, PermissionSetArn, TargetType: 'AWS_ACCOUNT', TargetId }),
    );
  const provisioningStatus = async (id: string) =>
    (
      await s.sso.send(
        new DescribePermissionSetProvisioningStatusCommand({ ...I, ProvisionPermissionSetRequestId: id }),
      )
    ).PermissionSetProvisioningStatus;

  describe('ProvisionPermissionSet', () => {
    it('is IN_PROGRESS until the clock passes provisioningDelayMs, then SUCCEEDED and provisioned', async () => {
      expect(await provisionedTo(s.sso, ACCOUNT.prod)).toEqual([PS.readOnly]);
      const out = await provision(PS.admin, ACCOUNT.prod);
      const status = out.PermissionSetProvisioningStatus!;
      expect(status).toEqual({
        RequestId: expect.any(String),
        Status: 'IN_PROGRESS',
        AccountId: ACCOUNT.prod,
        PermissionSetArn: PS.admin,
        CreatedDate: epoch(NOW),
      });
      const id = status.RequestId!;

      expect((await provisioningStatus(id))?.Status).toBe('IN_PROGRESS');
      s.clock.advance(1999);
      expect((await provisioningStatus(id))?.Status).toBe('IN_PROGRESS');
      expect(await provisionedTo(s.sso, ACCOUNT.prod)).toEqual([PS.readOnly]);

      s.clock.advance(1);
      expect(await provisioningStatus(id)).toEqual({
        RequestId: id,
        Status: 'SUCCEEDED',
        AccountId: ACCOUNT.prod,
        PermissionSetArn: PS.admin,
        CreatedDate: epoch(NOW),
      });
      expect(await provisionedTo(s.sso, ACCOUNT.prod, 'LATEST_PERMISSION_SET_PROVISIONED')).toEqual([
        PS.readOnly,
        PS.admin,
      ]);
      const accounts = await s.sso.send(
        new ListAccountsForProvisionedPermissionSetCommand({ ...I, PermissionSetArn: PS.admin }),
      );
      expect(accounts.AccountIds).toEqual([ACCOUNT.dev, ACCOUNT.prod]);
    });

    it('turns a NOT_PROVISIONED permission set into LATEST_PERMISSION_SET_PROVISIONED', async () => {
      const id = (await provision(PS.readOnly, ACCOUNT.dev)).PermissionSetProvisioningStatus!.RequestId!;
      s.clock.advance(2000);
      expect((await provisioningStatus(id))?.Status).toBe('SUCCEEDED');
      expect(await provisionedTo(s.sso, ACCOUNT.dev, 'LATEST_PERMISSION_SET_NOT_PROVISIONED')).toEqual([]);
      expect(await provisionedTo(s.sso, ACCOUNT.dev, 'LATEST_PERMISSION_SET_PROVISIONED')).toEqual([
        PS.admin,
        PS.readOnly,
      ]);
    });

    it('appears in ListPermissionSetProvisioningStatus, newest first, under its current status', async () => {
      const id = (await provision(PS.billing, ACCOUNT.prod)).PermissionSetProvisioningStatus!.RequestId!;
      const running = await s.sso.send(
        new ListPermissionSetProvisioningStatusCommand({ ...I, Filter: { Status: 'IN_PROGRESS' } }),
      );
      expect(running.PermissionSetsProvisioningStatus).toEqual([
        { Status: 'IN_PROGRESS', RequestId: id, CreatedDate: epoch(NOW) },
      ]);
      s.clock.advance(2000);
      const all = await s.sso.send(new ListPermissionSetProvisioningStatusCommand(I));
      expect(all.PermissionSetsProvisioningStatus?.map((r) => [r.RequestId, r.Status])).toEqual([
        [id, 'SUCCEEDED'],
        ['a0000001-0000-4000-8000-000000000001', 'FAILED'],
        ['a0000002-0000-4000-8000-000000000002', 'SUCCEEDED'],
      ]);
    });

    it('FAILS with the injected FailureReason when faults.failProvisioning names the account', async () => {
      s.sandbox.setFaults({ failProvisioning: { [ACCOUNT.prod]: 'Account is suspended' } });
      const id = (await provision(PS.admin, ACCOUNT.prod)).PermissionSetProvisioningStatus!.RequestId!;
      expect((await provisioningStatus(id))?.Status).toBe('IN_PROGRESS');
      s.clock.advance(2000);
      expect(await provisioningStatus(id)).toEqual({
        RequestId: id,
        Status: 'FAILED',
        FailureReason: 'Account is suspended',
        AccountId: ACCOUNT.prod,
        PermissionSetArn: PS.admin,
        CreatedDate: epoch(NOW),
      });
      expect(await provisionedTo(s.sso, ACCOUNT.prod)).toEqual([PS.readOnly]);
    });

    it('FAILS for a suspended account without any injected fault', async () => {
      const id = (await provision(PS.readOnly, ACCOUNT.suspended)).PermissionSetProvisioningStatus!
        .RequestId!;
      s.clock.advance(2000);
      const status = await provisioningStatus(id);
      expect(status?.Status).toBe('FAILED');
      expect(status?.FailureReason).toBe(
        'Account 444444444444 is suspended; roles cannot be provisioned there.',
      );
    });

    it('answers ConflictException to a second request for the same permission set and account while one runs', async () => {
      const first = (await provision(PS.admin, ACCOUNT.prod)).PermissionSetProvisioningStatus!.RequestId!;
      const err = await failure(provision(PS.admin, ACCOUNT.prod));
      expect(err.name).toBe('ConflictException');
      expect(err.message).toBe(
        `A provisioning request for ${PS.admin} in account ${ACCOUNT.prod} is already in progress.`,
      );
      // Other targets are not blocked.
      const other = (await provision(PS.admin, ACCOUNT.management)).PermissionSetProvisioningStatus!;
      expect(other.Status).toBe('IN_PROGRESS');

      s.clock.advance(2000);
      expect((await provisioningStatus(first))?.Status).toBe('SUCCEEDED');
      const again = (await provision(PS.admin, ACCOUNT.prod)).PermissionSetProvisioningStatus!;
      expect(again.Status).toBe('IN_PROGRESS');
      expect(again.RequestId).not.toBe(first);
      expect(
        s.sandbox.calls({ operation: 'ProvisionPermissionSet' }).map((c) => [c.outcome, c.errorCode]),
      ).toEqual([
        ['ok', undefined],
        ['error', 'ConflictException'],
        ['ok', undefined],
        ['ok', undefined],
      ]);
    });

    it('ALL_PROVISIONED_ACCOUNTS re-provisions every account the permission set is on', async () => {
      const out = await s.sso.send(
        new ProvisionPermissionSetCommand({
          ...I,
          PermissionSetArn: PS.readOnly,
          TargetType: 'ALL_PROVISIONED_ACCOUNTS',
        }),
      );
      const status = out.PermissionSetProvisioningStatus!;
      expect(status.Status).toBe('IN_PROGRESS');
      expect(status.AccountId).toBeUndefined();
      s.clock.advance(2000);
      expect((await provisioningStatus(status.RequestId!))?.Status).toBe('SUCCEEDED');
      const accounts = await s.sso.send(
        new ListAccountsForProvisionedPermissionSetCommand({
          ...I,
          PermissionSetArn: PS.readOnly,
          ProvisioningStatus: 'LATEST_PERMISSION_SET_PROVISIONED',
        }),
      );
      expect(accounts.AccountIds).toEqual([ACCOUNT.prod, ACCOUNT.dev]);
    });

    it('rejects an unknown permission set and a malformed target', async () => {
      const unknown = await failure(provision(psArn('ffffffffffffffff'), ACCOUNT.prod));
      expect(unknown.name).toBe('ResourceNotFoundException');
      const badTarget = await failure(provision(PS.admin, 'prod'));
      expect(badTarget.name).toBe('ValidationException');
      expect(badTarget.message).toContain("Value 'prod' at 'targetId'");
    });
  });

  describe('CreateAccountAssignment', () => {
    const create = (
      PrincipalId: string,
      PermissionSetArn: string,
      TargetId: string,
      PrincipalType: 'USER' | 'GROUP' = 'USER',
    ) =>
      s.sso.send(
        new CreateAccountAssignmentCommand({
          ...I,
          TargetId,
          TargetType: 'AWS_ACCOUNT',
          PermissionSetArn,
          PrincipalType,
          PrincipalId,
        }),
      );
    const creationStatus = async (id: string) =>
      (
        await s.sso.send(
          new DescribeAccountAssignmentCreationStatusCommand({
            ...I,
            AccountAssignmentCreationRequestId: id,
          }),
        )
      ).AccountAssignmentCreationStatus;

    it('is IN_PROGRESS, then SUCCEEDED; the assignment appears and the permission set is provisioned', async () => {
      const out = await create(USER.carol, PS.admin, ACCOUNT.prod);
      const status = out.AccountAssignmentCreationStatus!;
      expect(status).toEqual({
        RequestId: expect.any(String),
        Status: 'IN_PROGRESS',
        TargetId: ACCOUNT.prod,
        TargetType: 'AWS_ACCOUNT',
        PermissionSetArn: PS.admin,
        PrincipalType: 'USER',
        PrincipalId: USER.carol,
        CreatedDate: epoch(NOW),
      });
      const id = status.RequestId!;
      const running = await s.sso.send(
        new ListAccountAssignmentCreationStatusCommand({ ...I, Filter: { Status: 'IN_PROGRESS' } }),
      );
      expect(running.AccountAssignmentsCreationStatus).toEqual([
        { Status: 'IN_PROGRESS', RequestId: id, CreatedDate: epoch(NOW) },
      ]);
      expect(await assignmentsTo(s.sso, ACCOUNT.prod, PS.admin)).toEqual([]);
      expect(await provisionedTo(s.sso, ACCOUNT.prod)).toEqual([PS.readOnly]);

      s.clock.advance(2000);
      expect(await creationStatus(id)).toEqual({ ...status, Status: 'SUCCEEDED' });
      expect(await assignmentsTo(s.sso, ACCOUNT.prod, PS.admin)).toEqual([
        {
          AccountId: ACCOUNT.prod,
          PermissionSetArn: PS.admin,
          PrincipalType: 'USER',
          PrincipalId: USER.carol,
        },
      ]);
      const mine = await s.sso.send(
        new ListAccountAssignmentsForPrincipalCommand({
          ...I,
          PrincipalType: 'USER',
          PrincipalId: USER.carol,
        }),
      );
      expect(mine.AccountAssignments).toEqual([
        {
          AccountId: ACCOUNT.prod,
          PermissionSetArn: PS.admin,
          PrincipalId: USER.carol,
          PrincipalType: 'USER',
        },
      ]);
      expect(await provisionedTo(s.sso, ACCOUNT.prod, 'LATEST_PERMISSION_SET_PROVISIONED')).toEqual([
        PS.readOnly,
        PS.admin,
      ]);
      const succeeded = await s.sso.send(
        new ListAccountAssignmentCreationStatusCommand({ ...I, Filter: { Status: 'SUCCEEDED' } }),
      );
      expect(succeeded.AccountAssignmentsCreationStatus?.map((r) => r.RequestId)).toEqual([
        id,
        'c0000001-0000-4000-8000-000000000001',
      ]);
    });

    it('assigning to a group makes the group’s row appear', async () => {
      const id = (await create(GROUP.finance, PS.billing, ACCOUNT.dev, 'GROUP'))
        .AccountAssignmentCreationStatus!.RequestId!;
      s.clock.advance(2000);
      expect((await creationStatus(id))?.Status).toBe('SUCCEEDED');
      expect(await assignmentsTo(s.sso, ACCOUNT.dev, PS.billing)).toEqual([
        {
          AccountId: ACCOUNT.dev,
          PermissionSetArn: PS.billing,
          PrincipalType: 'GROUP',
          PrincipalId: GROUP.finance,
        },
      ]);
    });

    it('FAILS for a suspended account, and the assignment does not appear', async () => {
      const id = (await create(USER.carol, PS.readOnly, ACCOUNT.suspended)).AccountAssignmentCreationStatus!
        .RequestId!;
      expect((await creationStatus(id))?.Status).toBe('IN_PROGRESS');
      s.clock.advance(2000);
      const status = await creationStatus(id);
      expect(status?.Status).toBe('FAILED');
      expect(status?.FailureReason).toBe(
        'Account 444444444444 is suspended; roles cannot be provisioned there.',
      );
      expect(await assignmentsTo(s.sso, ACCOUNT.suspended, PS.readOnly)).toEqual([]);
      expect(await provisionedTo(s.sso, ACCOUNT.suspended)).toEqual([]);
    });

    it('FAILS for a principal that does not exist in the identity store', async () => {
      const id = (await create(USER.deleted, PS.admin, ACCOUNT.prod)).AccountAssignmentCreationStatus!
        .RequestId!;
      s.clock.advance(2000);
      const status = await creationStatus(id);
      expect(status?.Status).toBe('FAILED');
      expect(status?.FailureReason).toBe(`The user ${USER.deleted} does not exist in the identity store.`);
      expect(await assignmentsTo(s.sso, ACCOUNT.prod, PS.admin)).toEqual([]);
    });

    it('allows 15 outstanding creations and answers ThrottlingException to the 16th', async () => {
      const accepted = [];
      for (let i = 0; i < 15; i++) {
        const out = await create(USER.carol, i % 2 ? PS.admin : PS.billing, String(600000000000 + i));
        accepted.push(out.AccountAssignmentCreationStatus?.Status);
      }
      expect(accepted).toEqual(Array(15).fill('IN_PROGRESS'));
      const err = await failure(create(USER.carol, PS.admin, ACCOUNT.prod));
      expect(err.name).toBe('ThrottlingException');
      s.clock.advance(2000);
      const after = await create(USER.carol, PS.admin, ACCOUNT.prod);
      expect(after.AccountAssignmentCreationStatus?.Status).toBe('IN_PROGRESS');
    });

    it('rejects an unknown permission set with ResourceNotFoundException', async () => {
      const err = await failure(create(USER.carol, psArn('ffffffffffffffff'), ACCOUNT.prod));
      expect(err.name).toBe('ResourceNotFoundException');
    });
  });

  describe('DeleteAccountAssignment', () => {
    const remove = (
      PrincipalId: string,
      PermissionSetArn: string,
      TargetId: string,
      PrincipalType: 'USER' | 'GROUP' = 'USER',
    ) =>
      s.sso.send(
        new DeleteAccountAssignmentCommand({
          ...I,
          TargetId,
          TargetType: 'AWS_ACCOUNT',
          PermissionSetArn,
          PrincipalType,
          PrincipalId,
        }),
      );

    it('removes the assignment once the deletion completes', async () => {
      const out = await remove(USER.alice, PS.readOnly, ACCOUNT.prod);
      const status = out.AccountAssignmentDeletionStatus!;
      expect(status).toEqual({
        RequestId: expect.any(String),
        Status: 'IN_PROGRESS',
        TargetId: ACCOUNT.prod,
        TargetType: 'AWS_ACCOUNT',
        PermissionSetArn: PS.readOnly,
        PrincipalType: 'USER',
        PrincipalId: USER.alice,
        CreatedDate: epoch(NOW),
      });
      expect((await assignmentsTo(s.sso, ACCOUNT.prod, PS.readOnly))?.map((a) => a.PrincipalId)).toEqual([
        USER.alice,
        GROUP.platform,
      ]);

      s.clock.advance(2000);
      const done = await s.sso.send(
        new DescribeAccountAssignmentDeletionStatusCommand({
          ...I,
          AccountAssignmentDeletionRequestId: status.RequestId!,
        }),
      );
      expect(done.AccountAssignmentDeletionStatus).toEqual({ ...status, Status: 'SUCCEEDED' });
      expect((await assignmentsTo(s.sso, ACCOUNT.prod, PS.readOnly))?.map((a) => a.PrincipalId)).toEqual([
        GROUP.platform,
      ]);
      const mine = await s.sso.send(
        new ListAccountAssignmentsForPrincipalCommand({
          ...I,
          PrincipalType: 'USER',
          PrincipalId: USER.alice,
        }),
      );
      expect(mine.AccountAssignments).toEqual([]);
    });

    it('removes a stale principal’s assignment', async () => {
      await remove(USER.deleted, PS.readOnly, ACCOUNT.dev);
      s.clock.advance(2000);
      expect(await assignmentsTo(s.sso, ACCOUNT.dev, PS.readOnly)).toEqual([]);
    });

    it('applies writes that complete in the same instant in the order they complete', async () => {
      // Delete at t0 (done at t0+2s), re-create at t0+1s (done at t0+3s): the assignment must exist afterwards.
      await remove(USER.alice, PS.readOnly, ACCOUNT.prod);
      s.clock.advance(1000);
      await s.sso.send(
        new CreateAccountAssignmentCommand({
          ...I,
          TargetId: ACCOUNT.prod,
          TargetType: 'AWS_ACCOUNT',
          PermissionSetArn: PS.readOnly,
          PrincipalType: 'USER',
          PrincipalId: USER.alice,
        }),
      );
      // One request after both have completed settles them together.
      s.clock.advance(5000);
      expect((await assignmentsTo(s.sso, ACCOUNT.prod, PS.readOnly))?.map((a) => a.PrincipalId)).toEqual([
        GROUP.platform,
        USER.alice,
      ]);
    });

    it('answers ResourceNotFoundException for an assignment that does not exist', async () => {
      const err = await failure(remove(USER.carol, PS.readOnly, ACCOUNT.prod));
      expect(err.name).toBe('ResourceNotFoundException');
      expect(err.message).toBe(
        `No assignment of ${PS.readOnly} to USER ${USER.carol} in account ${ACCOUNT.prod}.`,
      );
      // The same principal id as the wrong type does not match either.
      const wrongType = await failure(remove(USER.alice, PS.readOnly, ACCOUNT.prod, 'GROUP'));
      expect(wrongType.name).toBe('ResourceNotFoundException');
    });
  });
});

describe('SSO Admin paging', () => {
  const extraSets = Array.from({ length: 6 }, (_, i) => psArn(`page${String(i).padStart(12, '0')}`));
  const members = Array.from({ length: 5 }, (_, i) => `pager-${i}`);
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox(
      buildSnapshot((snap) => {
        snap.permissionSets!.push(
          ...extraSets.map((PermissionSetArn, i) => ({ PermissionSetArn, Name: `Page${i}` })),
        );
        snap.provisionedPermissionSets!.push(
          ...extraSets.map((PermissionSetArn) => ({ AccountId: ACCOUNT.prod, PermissionSetArn })),
        );
        snap.accountAssignments!.push(
          ...extraSets.map((PermissionSetArn) => ({
            AccountId: ACCOUNT.prod,
            PermissionSetArn,
            PrincipalType: 'GROUP' as const,
            PrincipalId: GROUP.finance,
          })),
          ...members.map((PrincipalId) => ({
            AccountId: ACCOUNT.dev,
            PermissionSetArn: PS.billing,
            PrincipalType: 'USER' as const,
            PrincipalId,
          })),
        );
      }),
    );
  });
  afterAll(async () => {
    await s.close();
  });

  it('paginateListPermissionSets with pageSize 2 yields every ARN exactly once over 5 pages', async () => {
    const { rows, pageCount } = await collect(
      // Paginators write NextToken into the input object they are given, so each gets its own.
      paginateListPermissionSets({ client: s.sso, pageSize: 2 }, { ...I }),
      (p) => p.PermissionSets,
    );
    expect(pageCount).toBe(5);
    expect(rows).toEqual([PS.readOnly, PS.admin, PS.billing, ...extraSets]);
    expect(new Set(rows).size).toBe(9);
    expect(s.sandbox.calls({ operation: 'ListPermissionSets' }).map((c) => c.outcome)).toEqual(
      Array(5).fill('ok'),
    );
  });

  it('paginateListAccountAssignmentsForPrincipal yields every row exactly once', async () => {
    const { rows, pageCount } = await collect(
      paginateListAccountAssignmentsForPrincipal(
        { client: s.sso, pageSize: 2 },
        { ...I, PrincipalType: 'GROUP', PrincipalId: GROUP.finance },
      ),
      (p) => p.AccountAssignments,
    );
    expect(pageCount).toBe(3);
    expect(rows.map((r) => r.PermissionSetArn)).toEqual(extraSets);
    expect(rows.every((r) => r.AccountId === ACCOUNT.prod && r.PrincipalType === 'GROUP')).toBe(true);
  });

  it('paginateListAccountAssignments yields every principal exactly once', async () => {
    const { rows, pageCount } = await collect(
      paginateListAccountAssignments(
        { client: s.sso, pageSize: 2 },
        { ...I, AccountId: ACCOUNT.dev, PermissionSetArn: PS.billing },
      ),
      (p) => p.AccountAssignments,
    );
    expect(pageCount).toBe(3);
    expect(rows.map((r) => r.PrincipalId)).toEqual(members);
  });

  it('paginateListPermissionSetsProvisionedToAccount yields every ARN exactly once, with the filter too', async () => {
    const all = await collect(
      paginateListPermissionSetsProvisionedToAccount(
        { client: s.sso, pageSize: 2 },
        { ...I, AccountId: ACCOUNT.prod },
      ),
      (p) => p.PermissionSets,
    );
    expect(all.pageCount).toBe(4);
    expect(all.rows).toEqual([PS.readOnly, ...extraSets]);
    const filtered = await collect(
      paginateListPermissionSetsProvisionedToAccount(
        { client: s.sso, pageSize: 2 },
        { ...I, AccountId: ACCOUNT.prod, ProvisioningStatus: 'LATEST_PERMISSION_SET_PROVISIONED' },
      ),
      (p) => p.PermissionSets,
    );
    expect(filtered.rows).toEqual([PS.readOnly, ...extraSets]);
  });

  it('a NextToken reused with different parameters is ValidationException', async () => {
    const first = await s.sso.send(
      new ListAccountAssignmentsForPrincipalCommand({
        ...I,
        PrincipalType: 'GROUP',
        PrincipalId: GROUP.finance,
        MaxResults: 2,
      }),
    );
    expect(first.AccountAssignments).toHaveLength(2);
    expect(first.NextToken).toEqual(expect.any(String));
    const err = await failure(
      s.sso.send(
        new ListAccountAssignmentsForPrincipalCommand({
          ...I,
          PrincipalType: 'GROUP',
          PrincipalId: GROUP.platform,
          MaxResults: 2,
          NextToken: first.NextToken,
        }),
      ),
    );
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe('The NextToken is invalid or has expired.');
    // The same token with the same parameters still works; only MaxResults may change.
    const second = await s.sso.send(
      new ListAccountAssignmentsForPrincipalCommand({
        ...I,
        PrincipalType: 'GROUP',
        PrincipalId: GROUP.finance,
        MaxResults: 10,
        NextToken: first.NextToken,
      }),
    );
    expect(second.AccountAssignments?.map((r) => r.PermissionSetArn)).toEqual(extraSets.slice(2));
    expect(second.NextToken).toBeUndefined();
  });

  it('a forged NextToken is ValidationException', async () => {
    const err = await failure(
      s.sso.send(new ListPermissionSetsCommand({ ...I, NextToken: 'bm90LWEtdG9rZW4' })),
    );
    expect(err.name).toBe('ValidationException');
  });

  it.each([0, 101])('MaxResults %p is ValidationException', async (MaxResults) => {
    const err = await failure(s.sso.send(new ListPermissionSetsCommand({ ...I, MaxResults })));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe(
      `1 validation error detected: Value '${MaxResults}' at 'maxResults' failed to satisfy constraint: Member must have value ${MaxResults < 1 ? 'greater than or equal to 1' : 'less than or equal to 100'}`,
    );
  });

  it('MaxResults 100 is accepted', async () => {
    const out = await s.sso.send(new ListPermissionSetsCommand({ ...I, MaxResults: 100 }));
    expect(out.PermissionSets).toHaveLength(9);
    expect(out.NextToken).toBeUndefined();
  });
});
