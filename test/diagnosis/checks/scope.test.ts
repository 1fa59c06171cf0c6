import { AwsCallError } from '../../../src/aws';
import {
  accountNameOf,
  accountRef,
  assignmentsInScope,
  contextOf,
  type HoldingFacts,
  heldPairs,
  heldPermissionSets,
  type NamingFacts,
  namedAccounts,
  pairKey,
  permissionSetContextOf,
  permissionSetNameOf,
} from '../../../src/diagnosis/checks/scope';
import type { EffectiveAssignment, GroupInfo } from '../../../src/diagnosis/facts/facts';

const ADMIN = 'arn:aws:sso:::permissionSet/ssoins-1/ps-admin';
const READ_ONLY = 'arn:aws:sso:::permissionSet/ssoins-1/ps-readonly';
const PLATFORM: GroupInfo = { groupId: 'g-platform', displayName: 'Platform', externallyManaged: false };
const OPS: GroupInfo = { groupId: 'g-ops', displayName: undefined, externallyManaged: true };
const USER = 'u-1';

const direct = (accountId: string, permissionSetArn: string): EffectiveAssignment => ({
  accountId,
  permissionSetArn,
  principalType: 'USER',
  principalId: USER,
});
const through = (group: GroupInfo, accountId: string, permissionSetArn: string): EffectiveAssignment => ({
  accountId,
  permissionSetArn,
  principalType: 'GROUP',
  principalId: group.groupId,
  group,
});

/** What the person holds, as `DiagnosisFacts` would answer. */
function holding(assignments: EffectiveAssignment[], asked?: string): HoldingFacts {
  return {
    assignments: async () => assignments,
    requestedAccount: async () => (asked ? { id: asked, name: undefined } : undefined),
  };
}

const denied = (operation: string) =>
  new AwsCallError({
    code: 'access-denied',
    action: `test:${operation}`,
    service: operation === 'DescribeAccount' ? 'organizations' : 'sso',
    operation,
    message: `not authorized to perform ${operation}`,
    cause: undefined,
  });

/** What the naming facts logged when a name could not be read (a name is a courtesy, never silent). */
const workarounds: Array<{ action: string; fallback: string }> = [];

/** Names as `DiagnosisFacts` would read them; an entry that is an Error is thrown by that read. */
function naming(
  accounts: Record<string, string | undefined | Error>,
  permissionSets: Record<string, string | undefined | Error>,
): NamingFacts {
  return {
    account: async (id) => {
      const name = accounts[id];
      if (name instanceof Error) throw name;
      return id in accounts ? { found: true, id, name, state: 'ACTIVE' } : { found: false, id };
    },
    permissionSet: async (arn) => {
      const name = permissionSets[arn];
      if (name instanceof Error) throw name;
      return { arn, name };
    },
    logWorkaround: (error, fallback) =>
      workarounds.push({ action: error instanceof AwsCallError ? error.action : String(error), fallback }),
  };
}

describe('the scope of the person’s access', () => {
  const assignments = [
    through(PLATFORM, '111111111111', ADMIN),
    direct('222222222222', READ_ONLY),
    through(OPS, '111111111111', READ_ONLY),
    direct('111111111111', READ_ONLY),
    through(PLATFORM, '222222222222', READ_ONLY),
  ];

  it.each([
    {
      asked: undefined,
      accounts: ['111111111111', '222222222222', '111111111111', '111111111111', '222222222222'],
    },
    { asked: '111111111111', accounts: ['111111111111', '111111111111', '111111111111'] },
    { asked: '333333333333', accounts: [] },
  ])('narrows the assignments to the named account ($asked)', async ({ asked, accounts }) => {
    const inScope = await assignmentsInScope(holding(assignments, asked));
    expect(inScope.map((a) => a.accountId)).toEqual(accounts);
  });

  it('makes one pair of each account and permission set, in AWS order, direct when any assignment is direct', async () => {
    const pairs = await heldPairs(holding(assignments));
    expect([...pairs.keys()]).toEqual([
      `111111111111|${ADMIN}`,
      `222222222222|${READ_ONLY}`,
      `111111111111|${READ_ONLY}`,
    ]);
    expect([...pairs.values()]).toEqual([
      { accountId: '111111111111', permissionSetArn: ADMIN, group: PLATFORM },
      // Held directly first: the group that also gives it changes nothing.
      { accountId: '222222222222', permissionSetArn: READ_ONLY, group: undefined },
      // Through OPS first, then directly: direct wins.
      { accountId: '111111111111', permissionSetArn: READ_ONLY, group: undefined },
    ]);
    expect(pairKey({ accountId: '111111111111', permissionSetArn: ADMIN })).toBe(`111111111111|${ADMIN}`);
  });

  it('keeps a pair that comes through two groups under the first of them', async () => {
    const pairs = await heldPairs(
      holding([through(OPS, '111111111111', ADMIN), through(PLATFORM, '111111111111', ADMIN)]),
    );
    expect([...pairs.values()]).toEqual([{ accountId: '111111111111', permissionSetArn: ADMIN, group: OPS }]);
  });

  it('lists each permission set with its accounts in id order, narrowed to the named account', async () => {
    expect([...(await heldPermissionSets(holding(assignments)))]).toEqual([
      [ADMIN, ['111111111111']],
      [READ_ONLY, ['111111111111', '222222222222']],
    ]);
    expect([...(await heldPermissionSets(holding(assignments, '222222222222')))]).toEqual([
      [READ_ONLY, ['222222222222']],
    ]);
  });
});

describe('names for the report', () => {
  const facts = naming(
    { '111111111111': 'prod', '222222222222': undefined, '444444444444': denied('DescribeAccount') },
    { [ADMIN]: 'AdministratorAccess', [READ_ONLY]: denied('DescribePermissionSet') },
  );

  it.each([
    { accountId: '111111111111', name: 'prod' },
    { accountId: '222222222222', name: undefined },
    // Not in the organisation any more.
    { accountId: '333333333333', name: undefined },
    // The bot may not read it: the finding still stands, under the id.
    { accountId: '444444444444', name: undefined },
  ])('names account $accountId as $name', async ({ accountId, name }) => {
    expect(await accountNameOf(facts, accountId)).toBe(name);
  });

  it('names a permission set it may read, and leaves one it may not unnamed, logging the refusal', async () => {
    workarounds.length = 0;
    expect(await permissionSetNameOf(facts, ADMIN)).toBe('AdministratorAccess');
    expect(await permissionSetNameOf(facts, READ_ONLY)).toBeUndefined();
    expect(workarounds).toEqual([
      { action: 'test:DescribePermissionSet', fallback: `reporting permission set ${READ_ONLY} by its id` },
    ]);
  });

  it('lets any error that is not an AWS answer through: that is a bug, not a missing name', async () => {
    const broken = naming({ '111111111111': new TypeError('boom') }, { [ADMIN]: new RangeError('bang') });
    await expect(accountNameOf(broken, '111111111111')).rejects.toThrow(TypeError);
    await expect(permissionSetNameOf(broken, ADMIN)).rejects.toThrow(RangeError);
  });

  it('writes an account as its id, with its name only when there is one', async () => {
    expect(accountRef('111111111111', 'prod')).toEqual({ accountId: '111111111111', accountName: 'prod' });
    expect(accountRef('111111111111', undefined)).toEqual({ accountId: '111111111111' });
    expect(accountRef('111111111111', '')).toEqual({ accountId: '111111111111' });
    expect(await namedAccounts(facts, ['444444444444', '111111111111'])).toEqual([
      { accountId: '444444444444' },
      { accountId: '111111111111', accountName: 'prod' },
    ]);
  });

  it.each([
    {
      pair: { accountId: '111111111111', permissionSetArn: ADMIN, group: PLATFORM },
      context: {
        accountId: '111111111111',
        accountName: 'prod',
        permissionSetArn: ADMIN,
        permissionSetName: 'AdministratorAccess',
        groupId: 'g-platform',
        groupName: 'Platform',
      },
    },
    {
      // A group without a display name is named by its id; unreadable names are left out.
      pair: { accountId: '444444444444', permissionSetArn: READ_ONLY, group: OPS },
      context: {
        accountId: '444444444444',
        permissionSetArn: READ_ONLY,
        groupId: 'g-ops',
        groupName: 'g-ops',
      },
    },
    {
      pair: { accountId: '222222222222', permissionSetArn: ADMIN },
      context: {
        accountId: '222222222222',
        permissionSetArn: ADMIN,
        permissionSetName: 'AdministratorAccess',
      },
    },
  ])('gives the context of a pair ($pair.accountId)', async ({ pair, context }) => {
    expect(await contextOf(facts, pair)).toEqual(context);
  });

  it('gives the context of a permission set, naming the first of its accounts', async () => {
    expect(await permissionSetContextOf(facts, ADMIN, ['111111111111', '444444444444'])).toEqual({
      context: {
        permissionSetArn: ADMIN,
        permissionSetName: 'AdministratorAccess',
        accountId: '111111111111',
        accountName: 'prod',
      },
      accounts: [{ accountId: '111111111111', accountName: 'prod' }, { accountId: '444444444444' }],
    });
    expect(await permissionSetContextOf(facts, READ_ONLY, [])).toEqual({
      context: { permissionSetArn: READ_ONLY },
      accounts: [],
    });
  });
});
