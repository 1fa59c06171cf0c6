import {
  type PersonFacts,
  personalPrincipal,
  type RequestFacts,
  type RequestScope,
  recentRequests,
  requestScopeOf,
  touchedPairs,
} from '../../../src/diagnosis/checks/recent-requests';
import type { EffectiveAssignment, GroupInfo, RecentRequest } from '../../../src/diagnosis/facts/facts';

const ADMIN = 'arn:aws:sso:::permissionSet/ssoins-1/ps-admin';
const READ_ONLY = 'arn:aws:sso:::permissionSet/ssoins-1/ps-readonly';
const USER = 'u-1';
const PLATFORM: GroupInfo = { groupId: 'g-platform', displayName: 'Platform', externallyManaged: false };

const provisioning = (over: Partial<RecentRequest>): RecentRequest => ({
  kind: 'provisioning',
  requestId: 'r',
  status: 'FAILED',
  accountId: '111111111111',
  permissionSetArn: ADMIN,
  failureReason: undefined,
  createdDate: '2026-11-23T10:00:00.000Z',
  ...over,
});
const creation = (over: Partial<RecentRequest>): RecentRequest => ({
  ...provisioning(over),
  kind: 'assignment-creation',
  principalType: 'USER',
  principalId: USER,
  ...over,
});

describe('the person’s scope for recent requests', () => {
  it('holds their pairs in the named account, their user id and their groups', async () => {
    const assignments: EffectiveAssignment[] = [
      { accountId: '111111111111', permissionSetArn: ADMIN, principalType: 'USER', principalId: USER },
      {
        accountId: '222222222222',
        permissionSetArn: READ_ONLY,
        principalType: 'GROUP',
        principalId: PLATFORM.groupId,
        group: PLATFORM,
      },
    ];
    const facts: PersonFacts = {
      user: async () => ({ IdentityStoreId: 'd-1', UserId: USER, UserName: 'ada' }),
      groups: async () => [PLATFORM],
      assignments: async () => assignments,
      requestedAccount: async () => ({ id: '222222222222', name: 'prod' }),
    };
    const scope = await requestScopeOf(facts);
    expect(scope).toEqual({
      held: new Map([
        [
          `222222222222|${READ_ONLY}`,
          { accountId: '222222222222', permissionSetArn: READ_ONLY, group: PLATFORM },
        ],
      ]),
      userId: USER,
      groups: new Map([[PLATFORM.groupId, PLATFORM]]),
      askedAccountId: '222222222222',
    });
  });
});

describe('recent requests', () => {
  it('keeps both kinds created inside the window, newest first', async () => {
    const facts: RequestFacts = {
      windowStartMs: Date.parse('2026-11-23T00:00:00.000Z'),
      startedAtMs: Date.parse('2026-11-23T12:00:00.000Z'),
      recentProvisioning: async () => [
        provisioning({ requestId: 'p-window-start', createdDate: '2026-11-23T00:00:00.000Z' }),
        provisioning({ requestId: 'p-before', createdDate: '2026-11-22T23:59:59.999Z' }),
        provisioning({ requestId: 'p-ten', createdDate: '2026-11-23T10:00:00.000Z' }),
      ],
      recentAssignmentCreations: async () => [
        creation({ requestId: 'c-after', createdDate: '2026-11-23T12:00:00.001Z' }),
        creation({ requestId: 'c-now', createdDate: '2026-11-23T12:00:00.000Z' }),
        creation({ requestId: 'c-ten', createdDate: '2026-11-23T10:00:00.000Z' }),
      ],
    };
    // At the same time, provisioning comes before creation (the sort keeps the order they were read in).
    expect((await recentRequests(facts)).map((r) => r.requestId)).toEqual([
      'c-now',
      'p-ten',
      'c-ten',
      'p-window-start',
    ]);
  });
});

describe('what a request touches', () => {
  const held = { accountId: '111111111111', permissionSetArn: ADMIN, group: PLATFORM };
  const alsoAdmin = { accountId: '333333333333', permissionSetArn: ADMIN, group: undefined };
  const readOnly = { accountId: '111111111111', permissionSetArn: READ_ONLY, group: undefined };
  const scope = (askedAccountId?: string): RequestScope => ({
    held: new Map(
      [held, alsoAdmin, readOnly].map((p) => [`${p.accountId}|${p.permissionSetArn}`, p] as const),
    ),
    userId: USER,
    groups: new Map([[PLATFORM.groupId, PLATFORM]]),
    askedAccountId,
  });

  it.each([
    { case: 'provisioning', request: provisioning({}), principal: undefined },
    { case: 'a creation for the person', request: creation({}), principal: { group: undefined } },
    {
      case: 'a creation for their group',
      request: creation({ principalType: 'GROUP', principalId: PLATFORM.groupId }),
      principal: { group: PLATFORM },
    },
    { case: 'a creation for someone else', request: creation({ principalId: 'u-2' }), principal: undefined },
    {
      case: 'a creation for another group',
      request: creation({ principalType: 'GROUP', principalId: 'g-other' }),
      principal: undefined,
    },
    {
      case: 'a group creation that names the person’s user id',
      request: creation({ principalType: 'GROUP', principalId: USER }),
      principal: undefined,
    },
  ])('finds the person’s principal in $case', ({ request, principal }) => {
    expect(personalPrincipal(request, scope())).toEqual(principal);
  });

  it.each([
    {
      case: 'no permission set',
      request: provisioning({ permissionSetArn: undefined }),
      asked: undefined,
      touched: [],
    },
    {
      case: 'provisioning to every account',
      request: provisioning({ accountId: undefined }),
      asked: undefined,
      touched: [held, alsoAdmin],
    },
    { case: 'a pair they hold', request: provisioning({}), asked: undefined, touched: [held] },
    {
      case: 'a pair they hold, by a creation for someone else',
      request: creation({ principalId: 'u-2' }),
      asked: undefined,
      touched: [held],
    },
    {
      case: 'provisioning of a pair they do not hold',
      request: provisioning({ accountId: '222222222222' }),
      asked: undefined,
      touched: [],
    },
    {
      case: 'a new assignment to them',
      request: creation({ accountId: '222222222222' }),
      asked: undefined,
      touched: [{ accountId: '222222222222', permissionSetArn: ADMIN, group: undefined }],
    },
    {
      case: 'a new assignment to their group on the named account',
      request: creation({ accountId: '222222222222', principalType: 'GROUP', principalId: PLATFORM.groupId }),
      asked: '222222222222',
      touched: [{ accountId: '222222222222', permissionSetArn: ADMIN, group: PLATFORM }],
    },
    {
      case: 'a new assignment to them on another account than the named one',
      request: creation({ accountId: '222222222222' }),
      asked: '444444444444',
      touched: [],
    },
    {
      case: 'a new assignment to someone else',
      request: creation({ accountId: '222222222222', principalId: 'u-2' }),
      asked: undefined,
      touched: [],
    },
  ])('touches $case', ({ request, asked, touched }) => {
    expect(touchedPairs(request, scope(asked))).toEqual(touched);
  });
});
