import type { DiagnosisReport } from '../../../src/diagnosis/types';
import type { Snapshot } from '../../../src/sandbox/snapshot/schema';
import { causesOf, diagnoseBothWays, diagnoseIn, readSnapshot } from '../harness';

const snapshot = readSnapshot('not-assigned-to-account');
const INSTANCE_ARN = 'arn:aws:sso:::instance/ssoins-1111111111111111';
const PROD = '222222222222';
const RAFAEL = 'b2b20000-0000-4000-8000-000000000002';
const SAM = 'b2b20000-0000-4000-8000-000000000003';
const GROUP = {
  platform: 'b2b20000-0000-4000-9000-000000000002',
  security: 'b2b20000-0000-4000-9000-000000000003',
  oncall: 'b2b20000-0000-4000-9000-000000000004',
};
const PS = {
  admin: 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-a000000000000001',
  powerUser: 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-a000000000000002',
  readOnly: 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-a000000000000003',
};

/** Olga's direct assignment and the deleted Interns-2025 group never appear: nobody can join them. */
const GROUPS_WITH_ACCESS = [
  {
    groupId: GROUP.oncall,
    groupName: 'Oncall',
    permissionSetName: 'ReadOnly',
    permissionSetArn: PS.readOnly,
  },
  {
    groupId: GROUP.platform,
    groupName: 'Platform',
    permissionSetName: 'AdministratorAccess',
    permissionSetArn: PS.admin,
  },
  {
    groupId: GROUP.platform,
    groupName: 'Platform',
    permissionSetName: 'PowerUser',
    permissionSetArn: PS.powerUser,
  },
  {
    groupId: GROUP.security,
    groupName: 'Security',
    permissionSetName: 'ReadOnly',
    permissionSetArn: PS.readOnly,
  },
];

const checkOf = (report: DiagnosisReport, id: string) => report.checks.find((c) => c.id === id);

describe('not-assigned-to-account', () => {
  it('finds Rafael, who asks for prod while Developers reaches only staging and sandbox, both ways', async () => {
    for (const report of await diagnoseBothWays(snapshot, {
      user: 'rafael.duarte@example.com',
      account: 'prod',
    })) {
      expect(report.primaryCause).toBe('not-assigned-to-account');
      expect(causesOf(report)).toEqual(['not-assigned-to-account']);
      const [finding] = report.findings;
      expect(finding?.context).toEqual({ accountId: PROD, accountName: 'prod' });
      expect(finding?.evidence).toEqual({
        yourGroups: ['Developers'],
        groupsWithAccess: GROUPS_WITH_ACCESS,
        truncated: false,
        permissionSetsRead: 3,
      });
      // Security gives one permission set there, Platform two; Oncall is fed by SCIM, which would undo it.
      expect(finding?.fix).toEqual({
        fix: 'add-to-group',
        identityStoreId: 'd-1111111111',
        userId: RAFAEL,
        groupId: GROUP.security,
        groupName: 'Security',
        accountId: PROD,
      });
      expect(checkOf(report, 'not-assigned-to-account')?.status).toBe('fail');
    }
  });

  it('proposes a direct assignment for Sam, whose user the IdP manages, asked by account id', async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'sam.okoro@example.com', account: PROD })) {
      expect(report.primaryCause).toBe('not-assigned-to-account');
      const finding = report.findings.find((f) => f.cause === 'not-assigned-to-account');
      expect(finding?.evidence.groupsWithAccess).toEqual(GROUPS_WITH_ACCESS);
      expect(finding?.fix).toEqual({
        fix: 'grant-account-access',
        instanceArn: INSTANCE_ARN,
        principalType: 'USER',
        principalId: SAM,
        accountId: PROD,
      });
    }
  });

  it('does not blame Priya, who reaches prod only through the Security group, both ways', async () => {
    for (const report of await diagnoseBothWays(snapshot, {
      user: 'priya.raman@example.com',
      account: 'prod',
    })) {
      expect(report.primaryCause).toBeNull();
      expect(causesOf(report)).toEqual([]);
      expect(checkOf(report, 'not-assigned-to-account')?.status).toBe('pass');
    }
  });

  it('is skipped when the person named no account', async () => {
    for (const report of await diagnoseBothWays(snapshot, { user: 'rafael.duarte@example.com' })) {
      expect(report.primaryCause).toBeNull();
      expect(checkOf(report, 'not-assigned-to-account')).toMatchObject({
        status: 'skipped',
        reason: 'the person named no account',
      });
    }
  });

  it('reads at most 20 permission sets of the account and says so', async () => {
    const wide: Snapshot = structuredClone(snapshot);
    const extras = Array.from({ length: 20 }, (_, i) => ({
      PermissionSetArn: `arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-e0000000000000${String(i).padStart(2, '0')}`,
      Name: `Extra${String(i).padStart(2, '0')}`,
      AttachedManagedPolicies: [{ Name: 'ReadOnlyAccess', Arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    }));
    wide.permissionSets = [...(wide.permissionSets ?? []), ...extras];
    // Listed before the three real ones, so those fall beyond the limit.
    wide.provisionedPermissionSets = [
      ...extras.map((p) => ({
        AccountId: PROD,
        PermissionSetArn: p.PermissionSetArn,
        ProvisioningStatus: 'LATEST_PERMISSION_SET_PROVISIONED' as const,
      })),
      ...(wide.provisionedPermissionSets ?? []),
    ];
    wide.accountAssignments = [
      ...(wide.accountAssignments ?? []),
      {
        AccountId: PROD,
        PermissionSetArn: extras[7]!.PermissionSetArn,
        PrincipalType: 'GROUP',
        PrincipalId: GROUP.platform,
      },
    ];
    const report = await diagnoseIn(wide, { user: 'rafael.duarte@example.com', account: 'prod' });
    const finding = report.findings.find((f) => f.cause === 'not-assigned-to-account');
    expect(finding?.evidence).toEqual({
      yourGroups: ['Developers'],
      groupsWithAccess: [
        {
          groupId: GROUP.platform,
          groupName: 'Platform',
          permissionSetName: 'Extra07',
          permissionSetArn: extras[7]!.PermissionSetArn,
        },
      ],
      truncated: true,
      permissionSetsRead: 20,
    });
  });
});
