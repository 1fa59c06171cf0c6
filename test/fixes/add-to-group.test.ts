import { CreateGroupMembershipCommand } from '../../src/aws';
import type { FixProposal } from '../../src/diagnosis/types';
import { EXECUTORS, plannedActions } from '../../src/fixes';
import {
  ACCOUNT,
  expectLeastPrivilege,
  type FixWorld,
  GROUP,
  STORE_ID,
  shape,
  startFixWorld,
  USER,
  type WorldOptions,
} from './harness';

type AddToGroupFix = Extract<FixProposal, { fix: 'add-to-group' }>;

const executor = EXECUTORS['add-to-group'];
const CREATE = 'CreateGroupMembership';

/** Carol and Finance both live in Identity Center's own directory (no ExternalIds). */
const ADD: AddToGroupFix = {
  fix: 'add-to-group',
  identityStoreId: STORE_ID,
  userId: USER.carol,
  groupId: GROUP.finance,
  groupName: 'Finance',
  accountId: ACCOUNT.prod,
};
const ACTION = `identitystore:CreateGroupMembership group=${GROUP.finance} user=${USER.carol}`;
const memberships = (w: FixWorld, userId: string) => w.sandbox.state.membershipsByUser.get(userId);

describe('add-to-group', () => {
  let world: FixWorld;
  const start = async (options: WorldOptions = {}) => {
    world = await startFixWorld(options);
    return world;
  };
  afterEach(async () => {
    expectLeastPrivilege(world);
    await world.close();
  });

  it('adds the user to the group and records the membership id as the request id', async () => {
    const w = await start();
    expect(await executor.precondition(ADD, {}, w.ctx)).toEqual({ kind: 'ok' });
    expect(await executor.apply(ADD, {}, w.ctx, [])).toEqual({ kind: 'succeeded' });

    const membershipId = memberships(w, USER.carol)?.get(GROUP.finance);
    expect(membershipId).toEqual(expect.any(String));
    expect(shape(w.steps)).toEqual([
      { action: ACTION, requestId: membershipId, awsRequestId: expect.any(String), status: 'succeeded' },
    ]);
    expect(w.count(CREATE)).toBe(1);
    expect(plannedActions(ADD)).toEqual([ACTION]);
  });

  it('refuses a user fed by an external IdP: SCIM would undo it', async () => {
    const w = await start();
    const fix = { ...ADD, userId: USER.alice };
    const reason =
      'alice@example.com comes from an external identity provider, and SCIM would undo it: add alice@example.com to the group Finance in your identity provider instead.';
    expect(await executor.precondition(fix, {}, w.ctx)).toEqual({ kind: 'refused', reason });
    expect(await executor.apply(fix, {}, w.ctx, [])).toEqual({ kind: 'failed', reason });
    expect(w.count(CREATE)).toBe(0);
  });

  it('refuses a group fed by an external IdP', async () => {
    const w = await start();
    const fix = { ...ADD, groupId: GROUP.platform, groupName: undefined };
    expect(await executor.precondition(fix, {}, w.ctx)).toEqual({
      kind: 'refused',
      reason:
        'The group Platform comes from an external identity provider, and SCIM would undo it: add carol@example.com to the group Platform in your identity provider instead.',
    });
    expect(w.count(CREATE)).toBe(0);
  });

  it.each([
    ['user', { userId: USER.deleted }, `The user ${USER.deleted} no longer exists`],
    ['group', { groupId: '9f000000-0000-4000-8000-00000000000f' }, 'The group Finance no longer exists'],
  ])('refuses when the %s no longer exists', async (_what, change, reason) => {
    const w = await start();
    expect(await executor.precondition({ ...ADD, ...change }, {}, w.ctx)).toEqual({
      kind: 'refused',
      reason: expect.stringContaining(reason),
    });
  });

  it('is done, with no write, when the user is already a member', async () => {
    const w = await start();
    const fix = { ...ADD, userId: USER.bob };
    expect(await executor.precondition(fix, {}, w.ctx)).toEqual({
      kind: 'done',
      reason: 'bob is already a member of Finance.',
    });
    expect(await executor.apply(fix, {}, w.ctx, [])).toEqual({ kind: 'succeeded' });
    expect(w.count(CREATE)).toBe(0);
  });

  it('does nothing again when given the steps of a run that finished', async () => {
    const w = await start();
    await executor.apply(ADD, {}, w.ctx, []);
    const finished = [...w.steps];
    w.sandbox.resetCalls();
    expect(await executor.apply(ADD, {}, w.ctx, finished)).toEqual({ kind: 'succeeded' });
    expect(w.sandbox.calls()).toEqual([]);
  });

  it('is done when a run that died before recording had already added the user', async () => {
    const w = await start();
    await w.other.identityStore.send(
      new CreateGroupMembershipCommand({
        IdentityStoreId: STORE_ID,
        GroupId: GROUP.finance,
        MemberId: { UserId: USER.carol },
      }),
    );
    expect(await executor.apply(ADD, {}, w.ctx, [])).toEqual({ kind: 'succeeded' });
    expect(w.count(CREATE)).toBe(1);
    expect(w.steps).toEqual([]);
  });

  it('takes a ConflictException (someone added the user just before) as success', async () => {
    const w = await start();
    let raced = false;
    w.sandbox.onCall((call) => {
      if (call.operation === 'IsMemberInGroups' && !raced) {
        raced = true;
        w.sandbox.state.addMembership(USER.carol, GROUP.finance, 'm-carol-finance');
      }
    });
    expect(await executor.apply(ADD, {}, w.ctx, [])).toEqual({ kind: 'succeeded' });
    expect(w.sandbox.calls({ operation: CREATE }).map((c) => c.errorCode)).toEqual(['ConflictException']);
    expect(shape(w.steps)).toEqual([{ action: ACTION, status: 'succeeded' }]);
  });

  it('fails with the reason when AWS refuses the write', async () => {
    const w = await start({ faults: { deny: ['identitystore:CreateGroupMembership'] } });
    const outcome = await executor.apply(ADD, {}, w.ctx, []);
    expect(outcome).toEqual({
      kind: 'failed',
      reason: expect.stringContaining('identitystore:CreateGroupMembership failed (access-denied'),
    });
    expect(w.steps).toEqual([]);
  });
});
