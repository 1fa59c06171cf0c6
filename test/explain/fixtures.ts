import { type CauseId, causeSpec } from '../../src/diagnosis/causes';
import type { Finding, FindingContext, FixProposal, Subject } from '../../src/diagnosis/types';
import type { ExplainContext } from '../../src/explain/types';

/** Representative findings for every cause, shaped like the evidence each check emits. */

export const IDS = {
  account: '111122223333',
  otherAccount: '444455556666',
  instanceArn: 'arn:aws:sso:::instance/ssoins-1111222233334444',
  otherInstanceArn: 'arn:aws:sso:::instance/ssoins-9999888877776666',
  identityStoreId: 'd-9067000000',
  permissionSetArn: 'arn:aws:sso:::permissionSet/ssoins-1111222233334444/ps-0123456789abcdef',
  otherPermissionSetArn: 'arn:aws:sso:::permissionSet/ssoins-1111222233334444/ps-fedcba9876543210',
  userId: '90670000-1111-2222-3333-444455556666',
  oldGroupId: '90670000-0000-9999-8888-777766665555',
  groupId: '90670000-aaaa-bbbb-cccc-ddddeeeeffff',
  requestId: 'b2c3d4e5-0000-1111-2222-333344445555',
  applicationArn: 'arn:aws:sso::111122223333:application/ssoins-1111222233334444/apl-0123456789abcdef',
} as const;

/** Portal names; two are CamelCase on purpose, as real names often are. */
export const NAMES = {
  account: 'staging',
  otherAccount: 'production',
  permissionSet: 'ReadOnly',
  otherPermissionSet: 'PowerUser',
  application: 'SalesDashboard',
  group: 'PlatformEngineers',
} as const;

export const SUBJECT: Subject = {
  identifier: 'alice@example.com',
  userId: IDS.userId,
  userName: 'alice@example.com',
  displayName: 'Alice Example',
  email: 'alice@example.com',
  foundBy: 'userName',
  status: 'ENABLED',
  identityStoreId: IDS.identityStoreId,
  instanceArn: IDS.instanceArn,
  externallyManaged: true,
};

export function explainContext(overrides: Partial<ExplainContext> = {}): ExplainContext {
  return { subject: SUBJECT, request: { user: 'alice@example.com' }, ...overrides };
}

/** Which names a finding of the cause carries in its context. */
export type Scope = 'none' | 'account' | 'account+ps' | 'app';

export function contextFor(scope: Scope): FindingContext {
  switch (scope) {
    case 'none':
      return {};
    case 'account':
      return { accountId: IDS.account, accountName: NAMES.account };
    case 'account+ps':
      return {
        accountId: IDS.account,
        accountName: NAMES.account,
        permissionSetArn: IDS.permissionSetArn,
        permissionSetName: NAMES.permissionSet,
      };
    case 'app':
      return { applicationName: NAMES.application };
  }
}

interface CauseFixture {
  scope: Scope;
  evidence: Record<string, unknown>;
  fix?: FixProposal;
  /** Strings the admin explanation must contain (ids, ARNs, raw messages). */
  adminMust: string[];
}

const AT = '2026-11-23T10:00:00Z';
const EARLIER = '2026-11-23T09:00:00Z';

const provision: FixProposal = {
  fix: 'provision-permission-set',
  instanceArn: IDS.instanceArn,
  accountId: IDS.account,
  permissionSetArn: IDS.permissionSetArn,
};

const symptom = (reported: string, scope: Scope = 'none'): CauseFixture => ({
  scope,
  evidence: { reported },
  adminMust: [reported],
});

export const FIXTURES: Record<CauseId, CauseFixture> = {
  'instance-not-found': {
    scope: 'none',
    evidence: {
      region: 'eu-west-1',
      instancesSeen: [IDS.instanceArn],
      configuredInstanceArn: IDS.otherInstanceArn,
    },
    adminMust: ['eu-west-1', IDS.instanceArn, IDS.otherInstanceArn],
  },
  'bot-permission-missing': {
    scope: 'none',
    evidence: {
      action: 'sso:ListAccountAssignmentsForPrincipal',
      checks: ['no-assignments', 'not-assigned-to-account'],
    },
    adminMust: ['sso:ListAccountAssignmentsForPrincipal', 'no-assignments', 'not-assigned-to-account'],
  },
  'user-not-found': {
    scope: 'none',
    evidence: {
      identifier: 'alice@example.com',
      tried: ['userName = alice@example.com', 'emails.value = alice@example.com'],
    },
    adminMust: ['userName = alice@example.com', 'emails.value = alice@example.com'],
  },
  'user-disabled': {
    scope: 'none',
    evidence: { userId: IDS.userId, userName: 'alice@example.com', userStatus: 'DISABLED', updatedAt: AT },
    adminMust: [IDS.userId, 'DISABLED'],
  },
  'username-mismatch': {
    scope: 'none',
    evidence: { userName: 'Alice@Example.com', expected: 'alice@example.com', foundBy: 'emails.value' },
    adminMust: ['Alice@Example.com', 'alice@example.com', 'emails.value'],
  },
  'username-not-email': {
    scope: 'none',
    evidence: { userName: 'alice.example' },
    adminMust: ['alice.example'],
  },
  'user-attributes-incomplete': {
    scope: 'none',
    evidence: { missing: ['FamilyName', 'DisplayName'] },
    adminMust: ['FamilyName', 'DisplayName'],
  },
  'scim-sync-errors': {
    scope: 'none',
    evidence: {
      failures: [
        { kind: 'duplicate', message: 'Refused to create a new, duplicate resource.', count: 3, lastAt: AT },
        {
          kind: 'multi-value',
          message: 'List attribute emails exceeds allowed limit of 1',
          count: 1,
          lastAt: EARLIER,
        },
      ],
      truncated: true,
    },
    adminMust: [
      'Refused to create a new, duplicate resource.',
      'List attribute emails exceeds allowed limit of 1',
    ],
  },
  'principal-recreated': {
    scope: 'account+ps',
    evidence: {
      principalType: 'GROUP',
      name: NAMES.group,
      oldPrincipalId: IDS.oldGroupId,
      newPrincipalId: IDS.groupId,
      lastSeen: EARLIER,
      staleAssignments: [
        {
          accountId: IDS.account,
          accountName: NAMES.account,
          permissionSetArn: IDS.permissionSetArn,
          permissionSetName: NAMES.permissionSet,
        },
        {
          accountId: IDS.otherAccount,
          accountName: NAMES.otherAccount,
          permissionSetArn: IDS.otherPermissionSetArn,
          permissionSetName: NAMES.otherPermissionSet,
        },
      ],
    },
    fix: {
      fix: 'repoint-assignments',
      instanceArn: IDS.instanceArn,
      principalType: 'GROUP',
      newPrincipalId: IDS.groupId,
      lastKnownName: NAMES.group,
      stale: [
        { accountId: IDS.account, permissionSetArn: IDS.permissionSetArn, principalId: IDS.oldGroupId },
        {
          accountId: IDS.otherAccount,
          permissionSetArn: IDS.otherPermissionSetArn,
          principalId: IDS.oldGroupId,
        },
      ],
    },
    adminMust: [IDS.oldGroupId, IDS.groupId, IDS.otherAccount, IDS.otherPermissionSetArn, NAMES.group],
  },
  'ad-primary-group': {
    scope: 'account',
    evidence: {
      groupName: 'Domain Users',
      accounts: [{ accountId: IDS.account, accountName: NAMES.account }],
    },
    adminMust: ['Domain Users'],
  },
  'no-assignments': {
    scope: 'account',
    evidence: { userId: IDS.userId, groupsChecked: [NAMES.group], assignmentsFound: 0 },
    fix: {
      fix: 'grant-account-access',
      instanceArn: IDS.instanceArn,
      principalType: 'USER',
      principalId: IDS.userId,
      accountId: IDS.account,
    },
    adminMust: [IDS.userId, NAMES.group, 'sso:CreateAccountAssignment'],
  },
  'not-assigned-to-account': {
    scope: 'account',
    evidence: {
      yourGroups: ['Everyone'],
      groupsWithAccess: [
        { groupId: IDS.groupId, groupName: NAMES.group, permissionSetName: NAMES.permissionSet },
      ],
    },
    fix: {
      fix: 'add-to-group',
      identityStoreId: IDS.identityStoreId,
      userId: IDS.userId,
      groupId: IDS.groupId,
      groupName: NAMES.group,
      accountId: IDS.account,
    },
    adminMust: [IDS.groupId, 'Everyone', 'identitystore:CreateGroupMembership'],
  },
  'permission-set-not-provisioned': {
    scope: 'account+ps',
    evidence: { via: `group ${NAMES.group}` },
    fix: provision,
    adminMust: ['sso:ProvisionPermissionSet'],
  },
  'permission-set-outdated': {
    scope: 'account+ps',
    evidence: { via: 'user' },
    fix: provision,
    adminMust: ['LATEST_PERMISSION_SET_NOT_PROVISIONED', 'sso:ProvisionPermissionSet'],
  },
  'provisioning-in-progress': {
    scope: 'account+ps',
    evidence: { requestId: IDS.requestId, kind: 'provisioning', createdDate: AT },
    adminMust: [IDS.requestId, '2026-11-23 10:00 UTC'],
  },
  'provisioning-failed': {
    scope: 'account+ps',
    evidence: {
      requestId: IDS.requestId,
      kind: 'provisioning',
      failureReason:
        'Received a 404 status error: Policy not found: arn:aws:iam::111122223333:policy/DataReadAccess does not exist.',
      createdDate: AT,
    },
    fix: provision,
    adminMust: [IDS.requestId, 'Received a 404 status error', 'customer managed policy'],
  },
  'account-not-active': {
    scope: 'account',
    evidence: { state: 'SUSPENDED' },
    adminMust: ['SUSPENDED'],
  },
  'permission-set-empty': {
    scope: 'account+ps',
    evidence: { accounts: [{ accountId: IDS.otherAccount, accountName: NAMES.otherAccount }] },
    adminMust: [IDS.otherAccount],
  },
  'permission-set-deny-only': {
    scope: 'account+ps',
    evidence: { deniedActions: ['s3:*', 'ec2:TerminateInstances'] },
    adminMust: ['s3:*', 'ec2:TerminateInstances'],
  },
  'application-not-assigned': {
    scope: 'app',
    evidence: { applicationArn: IDS.applicationArn },
    adminMust: [IDS.applicationArn, NAMES.application],
  },
  'management-account-restricted': {
    scope: 'account+ps',
    evidence: {
      callerAccount: IDS.otherAccount,
      managementAccountId: IDS.account,
      fixes: ['provision-permission-set'],
    },
    adminMust: [IDS.otherAccount, 'provision-permission-set'],
  },
  'password-failures': {
    scope: 'none',
    evidence: { count: 4, firstAt: EARLIER, lastAt: AT },
    adminMust: ['4 failed', '2026-11-23 09:00 UTC', '2026-11-23 10:00 UTC'],
  },
  'mfa-code-failures': {
    scope: 'none',
    evidence: { count: 3, firstAt: EARLIER, lastAt: AT, credentialType: 'TOTP' },
    adminMust: ['3 failed TOTP', '2026-11-23 10:00 UTC'],
  },
  'mfa-registration-required': {
    scope: 'none',
    evidence: { lastAt: AT, step: 'DeviceEnrollmentRequired' },
    adminMust: ['DeviceEnrollmentRequired', '2026-11-23 10:00 UTC'],
  },
  'external-idp-login-failed': {
    scope: 'none',
    evidence: { count: 2, lastAt: AT, errorMessages: ['NameID does not match any user in the directory'] },
    adminMust: ['NameID does not match any user in the directory', 'ExternalIdPDirectoryLogin'],
  },
  'signin-works': {
    scope: 'none',
    evidence: { lastSuccessAt: AT, credentialTypes: ['PASSWORD', 'TOTP'] },
    adminMust: ['2026-11-23 10:00 UTC', 'PASSWORD'],
  },
  'symptom-request-not-completed': symptom('Your request could not be completed. Please try again later.'),
  'symptom-no-accounts': symptom('No accounts available', 'account'),
  'symptom-redirect-loop': symptom('it keeps redirecting between Okta and AWS'),
  'symptom-mfa-not-verified': symptom('Your MFA device could not be verified'),
  'symptom-invalid-mfa-credentials': symptom('Invalid MFA credentials'),
  'symptom-unexpected-error': symptom('An unexpected error has occurred'),
  'symptom-not-you-its-us': symptom("It's not you, it's us"),
  'symptom-browser-not-supported': symptom('Browser not supported'),
  'symptom-upn-sign-in': symptom('cannot sign in as alice@corp.example.com'),
  'symptom-password-reset-failed': symptom("We couldn't update your password"),
  'symptom-no-emails': symptom('never got the invitation email'),
  'symptom-access-denied-in-account': symptom(
    'User: arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnly_abc/alice is not authorized to perform: s3:PutObject',
    'account+ps',
  ),
  'symptom-protected-role': symptom(
    "Cannot perform the operation on the protected role 'AWSReservedSSO_ReadOnly_0123456789abcdef' - this role is only modifiable by AWS",
  ),
  'symptom-delegated-admin': symptom(
    "You can't delete/modify/remove/assign access to permission sets provisioned in the management account",
  ),
  'symptom-abac-enable-failed': symptom('Attributes for access control failed to enable'),
  'symptom-cloud-app': symptom('SAML response rejected by the application', 'app'),
};

/** A finding of the cause with its representative evidence; `scope` overrides the names it carries. */
export function findingFor(
  cause: CauseId,
  options: { scope?: Scope; context?: FindingContext } = {},
): Finding {
  const fixture = FIXTURES[cause];
  return {
    cause,
    severity: causeSpec(cause).severity,
    checkId: cause.startsWith('symptom-') ? 'reported-symptom' : cause,
    context: options.context ?? contextFor(options.scope ?? fixture.scope),
    evidence: structuredClone(fixture.evidence),
    evidenceAt: AT,
    fix: fixture.fix ?? null,
  };
}

/** A finding whose evidence is there but of every wrong type a careless check could write. */
export function garbageFinding(cause: CauseId): Finding {
  const keys = Object.keys(FIXTURES[cause].evidence);
  const junk: unknown[] = [null, 42, { nested: true }, [null, 7, {}], '', Number.NaN, 'undefined'];
  const evidence = Object.fromEntries(keys.map((k, i) => [k, junk[i % junk.length]]));
  return { ...findingFor(cause, { scope: 'none' }), evidence, evidenceAt: 'not a date' };
}

/** Everything an employee reads, in one string. */
export function employeeText(e: {
  headline: string;
  body: string;
  nextSteps: string[];
  whatHappensNext: string;
}): string {
  return [e.headline, e.body, ...e.nextSteps, e.whatHappensNext].join('\n');
}

/** Everything an admin reads, in one string. */
export function adminText(a: {
  headline: string;
  details: string[];
  consolePath?: string;
  apiAction?: string;
  remedy: string;
}): string {
  return [a.headline, ...a.details, a.consolePath ?? '', a.apiAction ?? '', a.remedy].join('\n');
}

/** What an employee must never read: API names, ARNs, ids, jargon, and leaked placeholders. */
export const FORBIDDEN_FOR_EMPLOYEE: readonly RegExp[] = [
  /\b[A-Z][a-z]+[A-Z][A-Za-z]+\b/,
  /\barn:/i,
  /\b\d{12}\b/,
  /\b[0-9a-f]{8}-[0-9a-f]{4}-/,
  /\b(sso|identitystore|cloudtrail|organizations):/,
  /\bSCIM\b/,
  /\bIdP\b/,
  /\bAPI\b/,
  /permission set provision/i,
  /undefined|null|NaN|\[object/,
];

/** The patterns the text matches, after removing the portal names the test itself put in (a name such
 * as "ReadOnly" is CamelCase, and it is exactly what the person should read). */
export function forbiddenIn(text: string): string[] {
  const names = [...Object.values(NAMES)].sort((a, b) => b.length - a.length);
  const stripped = names.reduce((t, name) => t.split(name).join('NAME'), text);
  return FORBIDDEN_FOR_EMPLOYEE.filter((re) => re.test(stripped)).map(String);
}
