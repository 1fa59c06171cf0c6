import { CreateGroupMembershipCommand, IsMemberInGroupsCommand, requestIdOf } from '../aws';
import type { FixProposal } from '../diagnosis/types';
import type { ApprovalPicks } from '../tickets/types';
import { aws, describePrincipal } from './lookups';
import { asOutcome, isConflict, lastStep, record } from './steps';
import type { FixContext, FixExecutor, Precondition } from './types';

type AddToGroupFix = Extract<FixProposal, { fix: 'add-to-group' }>;

/** The step name of the one write. */
export function membershipAction(fix: AddToGroupFix): string {
  return `identitystore:CreateGroupMembership group=${fix.groupId} user=${fix.userId}`;
}

async function isMember(fix: AddToGroupFix, ctx: FixContext): Promise<boolean> {
  const out = await aws('identitystore', 'IsMemberInGroups', () =>
    ctx.reader.identityStore.send(
      new IsMemberInGroupsCommand({
        IdentityStoreId: fix.identityStoreId,
        MemberId: { UserId: fix.userId },
        GroupIds: [fix.groupId],
      }),
    ),
  );
  return out.Results?.some((r) => r.GroupId === fix.groupId && r.MembershipExists === true) ?? false;
}

async function precondition(
  fix: AddToGroupFix,
  _picks: ApprovalPicks,
  ctx: FixContext,
): Promise<Precondition> {
  const [user, group] = await Promise.all([
    describePrincipal(ctx, fix.identityStoreId, 'USER', fix.userId),
    describePrincipal(ctx, fix.identityStoreId, 'GROUP', fix.groupId),
  ]);
  if (!user)
    return { kind: 'refused', reason: `The user ${fix.userId} no longer exists in the identity store.` };
  const groupName = fix.groupName ?? group?.name ?? fix.groupId;
  if (!group)
    return { kind: 'refused', reason: `The group ${groupName} no longer exists in the identity store.` };
  const who = user.name ?? fix.userId;
  // A store fed by SCIM is overwritten from the IdP at its next sync, so a membership made here would vanish.
  if (user.externalIds.length > 0 || group.externalIds.length > 0) {
    const fed = user.externalIds.length > 0 ? who : `The group ${groupName}`;
    return {
      kind: 'refused',
      reason: `${fed} comes from an external identity provider, and SCIM would undo it: add ${who} to the group ${groupName} in your identity provider instead.`,
    };
  }
  if (await isMember(fix, ctx)) {
    return { kind: 'done', reason: `${who} is already a member of ${groupName}.` };
  }
  return { kind: 'ok' };
}

/** add-to-group: adds the user to a group that gives the access they need (Identity Center's own directory only). */
export const addToGroup: FixExecutor<AddToGroupFix> = {
  fix: 'add-to-group',
  actions: ['identitystore:CreateGroupMembership'],
  precondition,
  apply(fix, picks, ctx, previous) {
    const action = membershipAction(fix);
    return asOutcome(async () => {
      if (lastStep(previous, action)?.status === 'succeeded') return { kind: 'succeeded' };
      const pre = await precondition(fix, picks, ctx);
      if (pre.kind === 'refused') return { kind: 'failed', reason: pre.reason };
      if (pre.kind === 'done') return { kind: 'succeeded' };
      try {
        // Synchronous: the membership exists when the call returns; its id is the step's request id.
        const out = await aws('identitystore', 'CreateGroupMembership', () =>
          ctx.writer.identityStore.send(
            new CreateGroupMembershipCommand({
              IdentityStoreId: fix.identityStoreId,
              GroupId: fix.groupId,
              MemberId: { UserId: fix.userId },
            }),
          ),
        );
        await record(ctx, {
          action,
          requestId: out.MembershipId,
          awsRequestId: requestIdOf(out),
          status: 'succeeded',
        });
        return { kind: 'succeeded' };
      } catch (error) {
        // A conflict is most often "already a member" (a race with another admin); make sure of it.
        if (!isConflict(error) || !(await isMember(fix, ctx))) throw error;
        await record(ctx, { action, status: 'succeeded' });
        return { kind: 'succeeded' };
      }
    });
  },
};
