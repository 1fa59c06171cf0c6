import {
  CreateGroupMembershipCommand,
  DescribeGroupCommand,
  DescribeUserCommand,
  GetGroupIdCommand,
  GetUserIdCommand,
  type IdentitystoreClient,
  IsMemberInGroupsCommand,
  ListGroupMembershipsCommand,
  ListGroupMembershipsForMemberCommand,
  ListGroupsCommand,
  ListUsersCommand,
  paginateListGroupMemberships,
  paginateListGroupMembershipsForMember,
  paginateListGroups,
  paginateListUsers,
} from '@aws-sdk/client-identitystore';
import {
  buildSnapshot,
  collect,
  epoch,
  extraUsers,
  failure,
  GROUP,
  STORE_ID,
  type StartedSandbox,
  startSandbox,
  USER,
} from './fixtures';

const S = { IdentityStoreId: STORE_ID } as const;

const getUserId = (ids: IdentitystoreClient, AttributePath: string, AttributeValue: string) =>
  ids.send(
    new GetUserIdCommand({
      ...S,
      AlternateIdentifier: { UniqueAttribute: { AttributePath, AttributeValue } },
    }),
  );

const membership = (GroupId: string, UserId: string, MembershipId: string) => ({
  IdentityStoreId: STORE_ID,
  MembershipId,
  GroupId,
  MemberId: { UserId },
});

describe('Identity Store reads', () => {
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(async () => {
    await s.close();
  });

  describe('GetUserId', () => {
    it('finds a user by userName', async () => {
      const { $metadata: _m, ...out } = await getUserId(s.ids, 'userName', 'alice@example.com');
      expect(out).toEqual({ UserId: USER.alice, IdentityStoreId: STORE_ID });
      expect((await getUserId(s.ids, 'userName', 'bob')).UserId).toBe(USER.bob);
    });

    it('finds a user by emails.value, even when it differs from the user name', async () => {
      expect((await getUserId(s.ids, 'emails.value', 'carol.d@example.org')).UserId).toBe(USER.carol);
      expect((await getUserId(s.ids, 'emails.value', 'bob@example.com')).UserId).toBe(USER.bob);
    });

    it('finds a user by external id', async () => {
      const out = await s.ids.send(
        new GetUserIdCommand({
          ...S,
          AlternateIdentifier: { ExternalId: { Issuer: 'https://scim.example', Id: '00u1' } },
        }),
      );
      expect(out.UserId).toBe(USER.alice);
    });

    it('answers ResourceNotFoundException for an unknown value, and is case-sensitive by default', async () => {
      for (const [path, value] of [
        ['userName', 'nobody@example.com'],
        ['userName', 'ALICE@example.com'],
        ['emails.value', 'bob@example.org'],
        // A user name is not an email: carol's user name is not her email address.
        ['emails.value', 'carol@example.com'],
      ] as const) {
        const err = await failure(getUserId(s.ids, path, value));
        expect(err.name).toBe('ResourceNotFoundException');
        expect(err.ResourceType).toBe('USER');
        expect(err.$metadata).toMatchObject({ httpStatusCode: 400 });
      }
    });

    it('answers ValidationException for a path other than userName and emails.value', async () => {
      const err = await failure(getUserId(s.ids, 'displayName', 'Alice Liddell'));
      expect(err.name).toBe('ValidationException');
      expect(err.message).toBe(
        'Invalid AttributePath displayName: the only valid paths are userName and emails.value.',
      );
    });

    it('answers ResourceNotFoundException naming an unknown identity store', async () => {
      const err = await failure(
        s.ids.send(
          new GetUserIdCommand({
            IdentityStoreId: 'd-9999999999',
            AlternateIdentifier: {
              UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'alice@example.com' },
            },
          }),
        ),
      );
      expect(err.name).toBe('ResourceNotFoundException');
      expect(err.ResourceType).toBe('IDENTITY_STORE');
      expect(err.ResourceId).toBe('d-9999999999');
    });
  });

  describe('users', () => {
    it('DescribeUser returns every snapshot field, with dates as Date objects', async () => {
      const { $metadata: _m, ...user } = await s.ids.send(
        new DescribeUserCommand({ ...S, UserId: USER.alice }),
      );
      expect(user).toEqual({
        IdentityStoreId: STORE_ID,
        UserId: USER.alice,
        UserName: 'alice@example.com',
        DisplayName: 'Alice Liddell',
        Name: { GivenName: 'Alice', FamilyName: 'Liddell' },
        Emails: [{ Value: 'alice@example.com', Type: 'work', Primary: true }],
        ExternalIds: [{ Issuer: 'https://scim.example', Id: '00u1' }],
        UserStatus: 'ENABLED',
        CreatedAt: epoch('2025-02-01T10:00:00Z'),
        UpdatedAt: epoch('2026-10-01T10:00:00Z'),
      });
      expect(user.CreatedAt).toBeInstanceOf(Date);
    });

    it('DescribeUser reports a disabled user', async () => {
      const user = await s.ids.send(new DescribeUserCommand({ ...S, UserId: USER.bob }));
      expect(user.UserStatus).toBe('DISABLED');
      expect(user.UserName).toBe('bob');
      // Fractional epoch seconds on the wire keep the milliseconds.
      expect(user.CreatedAt).toEqual(epoch('2025-03-03T03:03:03.250Z'));
    });

    it('DescribeUser of an unknown id is ResourceNotFoundException naming it', async () => {
      const err = await failure(s.ids.send(new DescribeUserCommand({ ...S, UserId: USER.deleted })));
      expect(err.name).toBe('ResourceNotFoundException');
      expect(err.message).toBe('USER not found.');
      expect(err.ResourceType).toBe('USER');
      expect(err.ResourceId).toBe(USER.deleted);
    });

    it('ListUsers lists every user in snapshot order', async () => {
      const out = await s.ids.send(new ListUsersCommand(S));
      expect(out.Users?.map((u) => [u.UserId, u.UserName, u.UserStatus, u.IdentityStoreId])).toEqual([
        [USER.alice, 'alice@example.com', 'ENABLED', STORE_ID],
        [USER.bob, 'bob', 'DISABLED', STORE_ID],
        [USER.carol, 'carol@example.com', 'ENABLED', STORE_ID],
      ]);
      expect(out.Users?.[0]?.CreatedAt).toEqual(epoch('2025-02-01T10:00:00Z'));
      expect(out.NextToken).toBeUndefined();
    });

    it('ListUsers honours the deprecated UserName filter', async () => {
      const out = await s.ids.send(
        new ListUsersCommand({ ...S, Filters: [{ AttributePath: 'UserName', AttributeValue: 'bob' }] }),
      );
      expect(out.Users?.map((u) => u.UserId)).toEqual([USER.bob]);
    });
  });

  describe('groups', () => {
    it('ListGroups lists every group', async () => {
      const out = await s.ids.send(new ListGroupsCommand(S));
      expect(out.Groups).toEqual([
        {
          IdentityStoreId: STORE_ID,
          GroupId: GROUP.platform,
          DisplayName: 'Platform',
          Description: 'Platform engineers',
          ExternalIds: [{ Issuer: 'https://scim.example', Id: '00g1' }],
          CreatedAt: epoch('2025-01-10T00:00:00Z'),
        },
        { IdentityStoreId: STORE_ID, GroupId: GROUP.finance, DisplayName: 'Finance' },
        { IdentityStoreId: STORE_ID, GroupId: GROUP.empty, DisplayName: 'Nobody' },
      ]);
    });

    it('GetGroupId finds a group by displayName', async () => {
      const { $metadata: _m, ...out } = await s.ids.send(
        new GetGroupIdCommand({
          ...S,
          AlternateIdentifier: {
            UniqueAttribute: { AttributePath: 'displayName', AttributeValue: 'Finance' },
          },
        }),
      );
      expect(out).toEqual({ GroupId: GROUP.finance, IdentityStoreId: STORE_ID });
    });

    it('GetGroupId finds a group by external id', async () => {
      const out = await s.ids.send(
        new GetGroupIdCommand({
          ...S,
          AlternateIdentifier: { ExternalId: { Issuer: 'https://scim.example', Id: '00g1' } },
        }),
      );
      expect(out.GroupId).toBe(GROUP.platform);
    });

    it('GetGroupId answers ResourceNotFoundException for an unknown name and ValidationException for another path', async () => {
      const missing = await failure(
        s.ids.send(
          new GetGroupIdCommand({
            ...S,
            AlternateIdentifier: {
              UniqueAttribute: { AttributePath: 'displayName', AttributeValue: 'platform' },
            },
          }),
        ),
      );
      expect(missing.name).toBe('ResourceNotFoundException');
      expect(missing.ResourceType).toBe('GROUP');
      const badPath = await failure(
        s.ids.send(
          new GetGroupIdCommand({
            ...S,
            AlternateIdentifier: { UniqueAttribute: { AttributePath: 'name', AttributeValue: 'Platform' } },
          }),
        ),
      );
      expect(badPath.name).toBe('ValidationException');
      expect(badPath.message).toBe('Invalid AttributePath name: the only valid path is displayName.');
    });

    it('DescribeGroup returns the group, or ResourceNotFoundException naming it', async () => {
      const { $metadata: _m, ...group } = await s.ids.send(
        new DescribeGroupCommand({ ...S, GroupId: GROUP.platform }),
      );
      expect(group).toEqual({
        IdentityStoreId: STORE_ID,
        GroupId: GROUP.platform,
        DisplayName: 'Platform',
        Description: 'Platform engineers',
        ExternalIds: [{ Issuer: 'https://scim.example', Id: '00g1' }],
        CreatedAt: epoch('2025-01-10T00:00:00Z'),
      });
      const err = await failure(
        s.ids.send(new DescribeGroupCommand({ ...S, GroupId: '9f000000-0000-4000-8000-0000000000ff' })),
      );
      expect(err.name).toBe('ResourceNotFoundException');
      expect(err.message).toBe('GROUP not found.');
      expect(err.ResourceType).toBe('GROUP');
      expect(err.ResourceId).toBe('9f000000-0000-4000-8000-0000000000ff');
    });
  });

  describe('memberships', () => {
    it('ListGroupMembershipsForMember lists a user’s memberships with their ids', async () => {
      const alice = await s.ids.send(
        new ListGroupMembershipsForMemberCommand({ ...S, MemberId: { UserId: USER.alice } }),
      );
      expect(alice.GroupMemberships).toEqual([membership(GROUP.platform, USER.alice, 'm-alice-platform')]);
      const bob = await s.ids.send(
        new ListGroupMembershipsForMemberCommand({ ...S, MemberId: { UserId: USER.bob } }),
      );
      expect(bob.GroupMemberships).toEqual([
        membership(GROUP.platform, USER.bob, 'm-bob-platform'),
        membership(GROUP.finance, USER.bob, 'm-bob-finance'),
      ]);
      const carol = await s.ids.send(
        new ListGroupMembershipsForMemberCommand({ ...S, MemberId: { UserId: USER.carol } }),
      );
      expect(carol.GroupMemberships).toEqual([]);
    });

    it('ListGroupMembershipsForMember of an unknown user is ResourceNotFoundException', async () => {
      const err = await failure(
        s.ids.send(new ListGroupMembershipsForMemberCommand({ ...S, MemberId: { UserId: USER.deleted } })),
      );
      expect(err.name).toBe('ResourceNotFoundException');
      expect(err.ResourceId).toBe(USER.deleted);
    });

    it('ListGroupMemberships lists a group’s members', async () => {
      const platform = await s.ids.send(new ListGroupMembershipsCommand({ ...S, GroupId: GROUP.platform }));
      expect(platform.GroupMemberships).toEqual([
        membership(GROUP.platform, USER.alice, 'm-alice-platform'),
        membership(GROUP.platform, USER.bob, 'm-bob-platform'),
      ]);
      const empty = await s.ids.send(new ListGroupMembershipsCommand({ ...S, GroupId: GROUP.empty }));
      expect(empty.GroupMemberships).toEqual([]);
      const err = await failure(
        s.ids.send(
          new ListGroupMembershipsCommand({ ...S, GroupId: '9f000000-0000-4000-8000-0000000000ff' }),
        ),
      );
      expect(err.name).toBe('ResourceNotFoundException');
      expect(err.ResourceType).toBe('GROUP');
    });

    it('IsMemberInGroups answers for each group asked about', async () => {
      const out = await s.ids.send(
        new IsMemberInGroupsCommand({
          ...S,
          MemberId: { UserId: USER.bob },
          GroupIds: [GROUP.platform, GROUP.empty, GROUP.finance, '9f000000-0000-4000-8000-0000000000ff'],
        }),
      );
      expect(out.Results).toEqual([
        { GroupId: GROUP.platform, MemberId: { UserId: USER.bob }, MembershipExists: true },
        { GroupId: GROUP.empty, MemberId: { UserId: USER.bob }, MembershipExists: false },
        { GroupId: GROUP.finance, MemberId: { UserId: USER.bob }, MembershipExists: true },
        {
          GroupId: '9f000000-0000-4000-8000-0000000000ff',
          MemberId: { UserId: USER.bob },
          MembershipExists: false,
        },
      ]);
    });

    it('IsMemberInGroups rejects an empty GroupIds list', async () => {
      const err = await failure(
        s.ids.send(new IsMemberInGroupsCommand({ ...S, MemberId: { UserId: USER.bob }, GroupIds: [] })),
      );
      expect(err.name).toBe('ValidationException');
    });
  });
});

describe('Identity Store lookups with emulation.caseInsensitiveLookups', () => {
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox(buildSnapshot((snap) => (snap.emulation = { caseInsensitiveLookups: true })));
  });
  afterAll(async () => {
    await s.close();
  });

  it('GetUserId and GetGroupId match regardless of letter case', async () => {
    expect((await getUserId(s.ids, 'userName', 'ALICE@Example.com')).UserId).toBe(USER.alice);
    expect((await getUserId(s.ids, 'emails.value', 'Carol.D@EXAMPLE.org')).UserId).toBe(USER.carol);
    const group = await s.ids.send(
      new GetGroupIdCommand({
        ...S,
        AlternateIdentifier: {
          UniqueAttribute: { AttributePath: 'displayName', AttributeValue: 'PLATFORM' },
        },
      }),
    );
    expect(group.GroupId).toBe(GROUP.platform);
  });
});

describe('Identity Store writes: CreateGroupMembership', () => {
  let s: StartedSandbox;
  beforeEach(async () => {
    s = await startSandbox();
  });
  afterEach(async () => {
    await s.close();
  });

  const create = (GroupId: string, UserId: string) =>
    s.ids.send(new CreateGroupMembershipCommand({ ...S, GroupId, MemberId: { UserId } }));

  it('adds the membership, visible to every membership read', async () => {
    const { $metadata: _m, ...out } = await create(GROUP.finance, USER.carol);
    expect(out).toEqual({ MembershipId: expect.any(String), IdentityStoreId: STORE_ID });
    const id = out.MembershipId!;

    const members = await s.ids.send(new ListGroupMembershipsCommand({ ...S, GroupId: GROUP.finance }));
    expect(members.GroupMemberships).toEqual([
      membership(GROUP.finance, USER.bob, 'm-bob-finance'),
      membership(GROUP.finance, USER.carol, id),
    ]);
    const mine = await s.ids.send(
      new ListGroupMembershipsForMemberCommand({ ...S, MemberId: { UserId: USER.carol } }),
    );
    expect(mine.GroupMemberships).toEqual([membership(GROUP.finance, USER.carol, id)]);
    const check = await s.ids.send(
      new IsMemberInGroupsCommand({
        ...S,
        MemberId: { UserId: USER.carol },
        GroupIds: [GROUP.finance, GROUP.platform],
      }),
    );
    expect(check.Results?.map((r) => r.MembershipExists)).toEqual([true, false]);
  });

  it('answers ConflictException when the membership already exists', async () => {
    const existing = await failure(create(GROUP.platform, USER.alice));
    expect(existing.name).toBe('ConflictException');
    expect(existing.Reason).toBe('UNIQUENESS_CONSTRAINT_VIOLATION');

    await create(GROUP.empty, USER.alice);
    const repeat = await failure(create(GROUP.empty, USER.alice));
    expect(repeat.name).toBe('ConflictException');
    expect(repeat.message).toBe('Member is already a member of this group.');
    const members = await s.ids.send(new ListGroupMembershipsCommand({ ...S, GroupId: GROUP.empty }));
    expect(members.GroupMemberships?.map((m) => m.MemberId)).toEqual([{ UserId: USER.alice }]);
  });

  it('answers ResourceNotFoundException for an unknown group or user, and changes nothing', async () => {
    const noGroup = await failure(create('9f000000-0000-4000-8000-0000000000ff', USER.carol));
    expect(noGroup.name).toBe('ResourceNotFoundException');
    expect(noGroup.ResourceType).toBe('GROUP');
    expect(noGroup.ResourceId).toBe('9f000000-0000-4000-8000-0000000000ff');
    const noUser = await failure(create(GROUP.finance, USER.deleted));
    expect(noUser.name).toBe('ResourceNotFoundException');
    expect(noUser.ResourceType).toBe('USER');
    const mine = await s.ids.send(
      new ListGroupMembershipsForMemberCommand({ ...S, MemberId: { UserId: USER.carol } }),
    );
    expect(mine.GroupMemberships).toEqual([]);
    expect(s.sandbox.calls({ operation: 'CreateGroupMembership' }).map((c) => c.errorCode)).toEqual([
      'ResourceNotFoundException',
      'ResourceNotFoundException',
    ]);
  });
});

describe('Identity Store paging', () => {
  const pageUsers = extraUsers(6);
  const pageGroups = Array.from({ length: 5 }, (_, i) => ({
    GroupId: `page-group-${i}`,
    DisplayName: `Page ${i}`,
  }));
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox(
      buildSnapshot((snap) => {
        const store = snap.identityStore!;
        store.users!.push(...pageUsers);
        store.groups!.push(...pageGroups);
        store.memberships!.push(
          ...pageUsers.map((u) => ({ GroupId: GROUP.empty, UserId: u.UserId })),
          ...pageGroups.map((g) => ({ GroupId: g.GroupId, UserId: USER.carol })),
        );
      }),
    );
  });
  afterAll(async () => {
    await s.close();
  });

  it('paginateListUsers with pageSize 2 yields every user exactly once', async () => {
    const { rows, pageCount } = await collect(
      paginateListUsers({ client: s.ids, pageSize: 2 }, { ...S }),
      (p) => p.Users,
    );
    expect(pageCount).toBe(5);
    expect(rows.map((u) => u.UserId)).toEqual([
      USER.alice,
      USER.bob,
      USER.carol,
      ...pageUsers.map((u) => u.UserId),
    ]);
    expect(s.sandbox.calls({ operation: 'ListUsers', outcome: 'ok' })).toHaveLength(5);
  });

  it('paginateListGroups yields every group exactly once', async () => {
    const { rows, pageCount } = await collect(
      paginateListGroups({ client: s.ids, pageSize: 2 }, { ...S }),
      (p) => p.Groups,
    );
    expect(pageCount).toBe(4);
    expect(rows.map((g) => g.GroupId)).toEqual([
      GROUP.platform,
      GROUP.finance,
      GROUP.empty,
      ...pageGroups.map((g) => g.GroupId),
    ]);
  });

  it('paginateListGroupMemberships yields every member exactly once', async () => {
    const { rows, pageCount } = await collect(
      paginateListGroupMemberships({ client: s.ids, pageSize: 2 }, { ...S, GroupId: GROUP.empty }),
      (p) => p.GroupMemberships,
    );
    expect(pageCount).toBe(3);
    expect(rows.map((m) => m.MemberId)).toEqual(pageUsers.map((u) => ({ UserId: u.UserId })));
    expect(new Set(rows.map((m) => m.MembershipId)).size).toBe(6);
  });

  it('paginateListGroupMembershipsForMember yields every group exactly once', async () => {
    const { rows, pageCount } = await collect(
      paginateListGroupMembershipsForMember(
        { client: s.ids, pageSize: 2 },
        { ...S, MemberId: { UserId: USER.carol } },
      ),
      (p) => p.GroupMemberships,
    );
    expect(pageCount).toBe(3);
    expect(rows.map((m) => m.GroupId)).toEqual(pageGroups.map((g) => g.GroupId));
  });

  it('a NextToken reused with different parameters is ValidationException', async () => {
    const first = await s.ids.send(
      new ListGroupMembershipsCommand({ ...S, GroupId: GROUP.empty, MaxResults: 2 }),
    );
    expect(first.NextToken).toEqual(expect.any(String));
    const err = await failure(
      s.ids.send(
        new ListGroupMembershipsCommand({
          ...S,
          GroupId: GROUP.platform,
          MaxResults: 2,
          NextToken: first.NextToken,
        }),
      ),
    );
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe('The NextToken is invalid or has expired.');
  });

  it('a NextToken issued by another operation is rejected', async () => {
    // ListUsers and ListGroups take the same parameters, so only the operation tells the tokens apart.
    const usersToken = (await s.ids.send(new ListUsersCommand({ ...S, MaxResults: 2 }))).NextToken;
    expect(usersToken).toEqual(expect.any(String));
    const err = await failure(
      s.ids.send(new ListGroupsCommand({ ...S, MaxResults: 2, NextToken: usersToken })),
    );
    expect(err.name).toBe('ValidationException');
  });

  it.each([0, 101])('MaxResults %p is ValidationException', async (MaxResults) => {
    const err = await failure(s.ids.send(new ListUsersCommand({ ...S, MaxResults })));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toContain(`Value '${MaxResults}' at 'maxResults'`);
  });
});
