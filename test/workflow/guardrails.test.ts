import { fixSession } from '../../src/workflow/aws-fix-runner';
import { describeGuardrails, guardrailStatements, judge, targetsOf } from '../../src/workflow/guardrails';

const ps = (name: string, tags?: Record<string, string>) => ({
  arn: `arn:aws:sso:::permissionSet/x/${name}`,
  name,
  tags,
});

describe('guardrails: declarative statements judged by a pure function', () => {
  const statements = guardrailStatements(
    {
      protectedAccountIds: ['222222222222', '111111111111'],
      allowedPermissionSetNames: ['ReadOnly', 'AdministratorAccess'],
      allowedPermissionSetTag: { key: 'cant-login', value: 'grantable' },
      twoApproverPattern: 'admin',
    },
    '111111111111',
  );

  it('lists the management account first, the other protected accounts once, and says so on the card', () => {
    expect(describeGuardrails(statements)).toEqual([
      'No writes in 111111111111 (the management account controls the whole organization).',
      'No writes in 222222222222 (it is a protected account in this deployment).',
      'Only these permission sets may be granted: ReadOnly, AdministratorAccess, any tagged cant-login=grantable.',
      'Permission sets matching /admin/i need a second approver.',
    ]);
  });

  it.each([
    [['111111111111'], [ps('ReadOnly')], 'deny', /account 111111111111: the management account/],
    [['222222222222'], [ps('ReadOnly')], 'deny', /account 222222222222: it is a protected account/],
    [['333333333333'], [ps('PowerUser')], 'deny', /PowerUser is not one the bot may grant/],
    [['333333333333'], [ps('readonly')], 'allow', undefined],
    [['333333333333'], [ps('Billing', { 'cant-login': 'grantable' })], 'allow', undefined],
    [['333333333333'], [ps('Billing', { 'cant-login': 'no' })], 'deny', /Billing is not one/],
  ] as const)('accounts %p, permission sets %p → %s', (accountIds, permissionSets, kind, reason) => {
    const verdict = judge(statements, { accountIds: [...accountIds], permissionSets: [...permissionSets] });
    expect(verdict.kind).toBe(kind);
    if (verdict.kind === 'deny') expect(verdict.reason).toMatch(reason as RegExp);
  });

  it('an AdministratorAccess-like set is allowed but needs a second approver', () => {
    expect(
      judge(statements, { accountIds: ['333333333333'], permissionSets: [ps('AdministratorAccess')] }),
    ).toEqual({
      kind: 'allow',
      secondApprover: true,
    });
    expect(judge(statements, { accountIds: ['333333333333'], permissionSets: [ps('ReadOnly')] })).toEqual({
      kind: 'allow',
      secondApprover: false,
    });
  });

  it('reads the targets of every fix, picks included', () => {
    expect(
      targetsOf(
        { fix: 'grant-account-access', instanceArn: 'i', principalType: 'USER', principalId: 'u' },
        { accountId: '333333333333', permissionSetArn: 'ps-1' },
      ),
    ).toEqual({ accountIds: ['333333333333'], permissionSetArns: ['ps-1'] });
    expect(
      targetsOf(
        {
          fix: 'repoint-assignments',
          instanceArn: 'i',
          principalType: 'USER',
          newPrincipalId: 'n',
          lastKnownName: 'x',
          stale: [
            { accountId: 'a', permissionSetArn: 'p', principalId: 'o' },
            { accountId: 'a', permissionSetArn: 'q', principalId: 'o' },
          ],
        },
        {},
      ),
    ).toEqual({ accountIds: ['a'], permissionSetArns: ['p', 'q'] });
  });
});

describe('the fix session', () => {
  it('carries the approver as SourceIdentity and approver@ticket as the session name, in the allowed characters', () => {
    expect(fixSession('U0IRENE', '3f1c-ticket')).toEqual({
      sourceIdentity: 'U0IRENE',
      sessionName: 'U0IRENE@3f1c-ticket',
    });
    const odd = fixSession('aws:x', `${'t'.repeat(80)}/#`);
    // ':' is not allowed, so the value can never start with the reserved 'aws:'.
    expect(odd.sourceIdentity).toBe('aws-x');
    expect(odd.sessionName).toMatch(/^[\w+=,.@-]{2,64}$/);
    expect(fixSession('U', 'x').sourceIdentity).toBe('u-U');
  });
});
