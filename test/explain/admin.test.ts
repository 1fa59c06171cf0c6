import { CAUSE_IDS, type CauseId } from '../../src/diagnosis/causes';
import type { FixProposal } from '../../src/diagnosis/types';
import { ADMIN_EXPLAINERS, describeFix, explainForAdmin, SAML_CHECKLIST, summaryOf } from '../../src/explain';
import {
  adminText,
  contextFor,
  explainContext,
  FIXTURES,
  findingFor,
  garbageFinding,
  IDS,
  NAMES,
  SUBJECT,
} from './fixtures';

const LEAKS = /undefined|\bnull\b|NaN|\[object/;

test('there is exactly one admin explainer per catalogue cause', () => {
  expect(Object.keys(ADMIN_EXPLAINERS).sort()).toEqual([...CAUSE_IDS].sort());
});

describe.each(CAUSE_IDS)('admin explanation of %s', (cause) => {
  const scope = FIXTURES[cause].scope;

  test('carries the ids, ARNs and raw facts of the evidence', () => {
    const a = explainForAdmin(findingFor(cause), explainContext());
    const text = adminText(a);
    for (const expected of FIXTURES[cause].adminMust) expect(text).toContain(expected);
    expect(text).not.toMatch(LEAKS);
  });

  test('carries the account and permission set, by name and by id', () => {
    const a = explainForAdmin(findingFor(cause, { scope: 'account+ps' }), explainContext());
    const text = adminText(a);
    for (const expected of [IDS.account, NAMES.account, IDS.permissionSetArn, NAMES.permissionSet]) {
      expect(text).toContain(expected);
    }
    if ((scope === 'account' || scope === 'account+ps') && !cause.startsWith('symptom-')) {
      expect(a.headline).toMatch(
        new RegExp(`${IDS.account}|${NAMES.permissionSet}|${NAMES.group}|Domain Users`),
      );
    }
  });

  test('names the user, their id and the instance', () => {
    const text = adminText(explainForAdmin(findingFor(cause), explainContext()));
    expect(text).toContain(SUBJECT.userId);
    expect(text).toContain(IDS.instanceArn);
    expect(text).toContain(IDS.identityStoreId);
  });

  test('has a one-line headline, a remedy, and a well-formed API action', () => {
    const a = explainForAdmin(findingFor(cause), explainContext());
    expect(a.headline).not.toMatch(/\n| {2}/);
    expect(a.remedy.length).toBeGreaterThan(20);
    if (a.apiAction !== undefined)
      expect(a.apiAction).toMatch(/^(sso|identitystore|cloudtrail|organizations|iam):[A-Z][A-Za-z]+$/);
    if (a.consolePath !== undefined) expect(a.consolePath).toMatch(/ > /);
  });

  test('never throws and never prints placeholders on empty evidence and no subject', () => {
    const finding = { ...findingFor(cause, { scope: 'none' }), evidence: {}, fix: null };
    const ctx = { subject: null, request: { user: 'alice@example.com' } };
    const a = explainForAdmin(finding, ctx);
    expect(adminText(a)).not.toMatch(LEAKS);
    expect(a.headline).not.toMatch(/\n| {2}/);
    expect(summaryOf(finding, ctx)).not.toMatch(LEAKS);
  });

  test('survives evidence of the wrong types', () => {
    const a = explainForAdmin(garbageFinding(cause), explainContext());
    expect(adminText(a)).not.toMatch(LEAKS);
  });
});

describe('console paths and actions', () => {
  const cases: Array<[CauseId, string, string]> = [
    [
      'permission-set-not-provisioned',
      `IAM Identity Center > Multi-account permissions > AWS accounts > ${NAMES.account} > Permission sets`,
      'sso:ProvisionPermissionSet',
    ],
    ['no-assignments', `AWS accounts > ${NAMES.account}`, 'sso:CreateAccountAssignment'],
    [
      'not-assigned-to-account',
      `IAM Identity Center > Groups > ${NAMES.group}`,
      'identitystore:CreateGroupMembership',
    ],
    ['user-disabled', 'IAM Identity Center > Users > alice@example.com', 'identitystore:DescribeUser'],
    [
      'external-idp-login-failed',
      'IAM Identity Center > Settings > Identity source',
      'cloudtrail:LookupEvents',
    ],
    [
      'provisioning-in-progress',
      `AWS accounts > ${NAMES.account}`,
      'sso:DescribePermissionSetProvisioningStatus',
    ],
    ['symptom-abac-enable-failed', 'Attributes for access control', 'iam:UpdateAssumeRolePolicy'],
  ];

  test.each(cases)('%s points at %s and %s', (cause, path, action) => {
    const a = explainForAdmin(findingFor(cause), explainContext());
    expect(a.consolePath).toContain(path);
    expect(a.apiAction).toBe(action);
  });

  test('the bot-permission-missing action is the one the bot lacked', () => {
    const a = explainForAdmin(findingFor('bot-permission-missing'), explainContext());
    expect(a.apiAction).toBe('sso:ListAccountAssignmentsForPrincipal');
  });

  test('a failed assignment creation points at creating the assignment again', () => {
    const finding = findingFor('provisioning-failed');
    finding.evidence.kind = 'assignment-creation';
    const a = explainForAdmin(finding, explainContext());
    expect(a.apiAction).toBe('sso:CreateAccountAssignment');
    expect(a.headline).toMatch(/^Assignment creation /);
    expect(a.remedy).toMatch(/create the same assignment again/);
  });
});

describe('the SAML checklist', () => {
  test.each([
    'external-idp-login-failed',
    'username-mismatch',
    'username-not-email',
    'symptom-unexpected-error',
  ] as const)('%s walks every item', (cause) => {
    const text = adminText(explainForAdmin(findingFor(cause), explainContext()));
    for (const item of SAML_CHECKLIST) expect(text).toContain(item);
  });

  test('covers NameID format, exact username, ACS URL, one unencrypted assertion, ABAC, certificate, clock', () => {
    const all = SAML_CHECKLIST.join('\n');
    for (const topic of [
      /emailAddress/,
      /username exactly/,
      /ACS URL/,
      /one assertion.*not encrypted/,
      /50 attributes/,
      /certificate/,
      /NTP/,
    ]) {
      expect(all).toMatch(topic);
    }
  });

  test('a username that differs only in letter case says so', () => {
    const text = adminText(explainForAdmin(findingFor('username-mismatch'), explainContext()));
    expect(text).toMatch(/differ only in letter case/);
  });
});

describe('summaryOf', () => {
  test.each(CAUSE_IDS)('%s is one line', (cause) => {
    const summary = summaryOf(findingFor(cause), explainContext());
    expect(summary).not.toContain('\n');
    expect(summary.length).toBeGreaterThan(10);
  });

  test('names the permission set and the account, with ids', () => {
    expect(summaryOf(findingFor('permission-set-not-provisioned'), explainContext())).toBe(
      `${NAMES.permissionSet} (${IDS.permissionSetArn}) is assigned in ${NAMES.account} (${IDS.account}) but not provisioned there`,
    );
  });

  test('falls back to ids when names are missing', () => {
    const context = { accountId: IDS.account, permissionSetArn: IDS.permissionSetArn };
    const summary = summaryOf(findingFor('permission-set-outdated', { context }), explainContext());
    expect(summary).toContain(IDS.account);
    expect(summary).toContain(IDS.permissionSetArn);
  });

  test('translates the failure reason of a failed provisioning', () => {
    const summary = summaryOf(findingFor('provisioning-failed'), explainContext());
    expect(summary).toContain(IDS.requestId);
    expect(summary).toMatch(/customer managed policy .* does not exist in the target account/);
  });

  test('an unknown cause is summarised, not thrown', () => {
    const finding = { ...findingFor('no-assignments'), cause: 'brand-new-cause' as CauseId };
    expect(summaryOf(finding, explainContext())).toBe('Finding with unknown cause "brand-new-cause"');
  });
});

describe('describeFix', () => {
  const cases: Array<[FixProposal, RegExp]> = [
    [
      {
        fix: 'provision-permission-set',
        instanceArn: IDS.instanceArn,
        accountId: IDS.account,
        permissionSetArn: IDS.permissionSetArn,
      },
      /sso:ProvisionPermissionSet of arn:aws:sso:::permissionSet\/.* to account 111122223333/,
    ],
    [
      {
        fix: 'repoint-assignments',
        instanceArn: IDS.instanceArn,
        principalType: 'USER',
        newPrincipalId: IDS.userId,
        lastKnownName: 'alice@example.com',
        stale: [
          { accountId: IDS.account, permissionSetArn: IDS.permissionSetArn, principalId: IDS.oldGroupId },
        ],
      },
      /re-create 1 assignment for USER 90670000-1111-.*\("alice@example.com"\)/,
    ],
    [
      {
        fix: 'grant-account-access',
        instanceArn: IDS.instanceArn,
        principalType: 'USER',
        principalId: IDS.userId,
      },
      /in an account the approver picks with a permission set the approver picks/,
    ],
    [
      { fix: 'add-to-group', identityStoreId: IDS.identityStoreId, userId: IDS.userId, groupId: IDS.groupId },
      /identitystore:CreateGroupMembership adding user .* to group 90670000-aaaa-/,
    ],
  ];

  test.each(cases)('describes %o', (fix, expected) => {
    expect(describeFix(fix)).toMatch(expected);
  });

  test('no fix, no line', () => {
    expect(describeFix(null)).toBeUndefined();
  });
});

test('the admin explanation keeps the raw text of a reason it cannot translate', () => {
  const finding = findingFor('provisioning-failed', { scope: 'account+ps' });
  finding.evidence.failureReason = 'Something odd happened (code 7734)';
  const a = explainForAdmin(finding, explainContext());
  expect(adminText(a)).toContain('Something odd happened (code 7734)');
  expect(contextFor('account+ps').accountId).toBe(IDS.account);
});
