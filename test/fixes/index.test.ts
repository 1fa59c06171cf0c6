import type { FixId, FixProposal } from '../../src/diagnosis/types';
import { EXECUTORS, executorFor, plannedActions } from '../../src/fixes';
import { ACCOUNT, GROUP, INSTANCE_ARN, PS, STORE_ID, USER } from './harness';

const PROPOSALS: { [K in FixId]: Extract<FixProposal, { fix: K }> } = {
  'provision-permission-set': {
    fix: 'provision-permission-set',
    instanceArn: INSTANCE_ARN,
    accountId: ACCOUNT.dev,
    permissionSetArn: PS.readOnly,
  },
  'grant-account-access': {
    fix: 'grant-account-access',
    instanceArn: INSTANCE_ARN,
    principalType: 'USER',
    principalId: USER.carol,
    accountId: ACCOUNT.prod,
  },
  'repoint-assignments': {
    fix: 'repoint-assignments',
    instanceArn: INSTANCE_ARN,
    principalType: 'USER',
    newPrincipalId: USER.carol,
    lastKnownName: 'carol@example.com',
    stale: [{ accountId: ACCOUNT.dev, permissionSetArn: PS.readOnly, principalId: USER.deleted }],
  },
  'add-to-group': {
    fix: 'add-to-group',
    identityStoreId: STORE_ID,
    userId: USER.carol,
    groupId: GROUP.finance,
  },
};

describe('the executor registry', () => {
  it.each(Object.values(PROPOSALS))('has the executor for $fix', (proposal) => {
    expect(executorFor(proposal)).toBe(EXECUTORS[proposal.fix]);
    expect(executorFor(proposal).fix).toBe(proposal.fix);
  });

  it('names the writes each fix makes, for the approval card', () => {
    expect(Object.fromEntries(Object.entries(EXECUTORS).map(([id, e]) => [id, e.actions]))).toEqual({
      'provision-permission-set': ['sso:ProvisionPermissionSet'],
      'grant-account-access': ['sso:CreateAccountAssignment'],
      'repoint-assignments': ['sso:CreateAccountAssignment', 'sso:DeleteAccountAssignment'],
      'add-to-group': ['identitystore:CreateGroupMembership'],
    });
  });

  it('plans a grant only once the admin has picked what is missing', () => {
    const grant = PROPOSALS['grant-account-access'];
    expect(plannedActions(grant)).toEqual([]);
    expect(plannedActions(grant, { permissionSetArn: PS.admin })).toEqual([
      `sso:CreateAccountAssignment account=${ACCOUNT.prod} permissionSet=${PS.admin} principal=USER/${USER.carol}`,
    ]);
  });
});
