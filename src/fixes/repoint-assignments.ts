import type { FixProposal } from '../diagnosis/types';
import type { ApprovalPicks } from '../tickets/types';
import {
  createAction,
  createAssignmentWrite,
  deleteAction,
  deleteAssignmentWrite,
} from './assignment-writes';
import {
  type AssignmentTarget,
  delegatedAdminRefusal,
  describePrincipal,
  hasAssignment,
  type Refusal,
} from './lookups';
import { applyToTargets } from './multi-target';
import { asOutcome, runAsyncWrite } from './steps';
import type { FixContext, FixExecutor, Precondition } from './types';

type RepointFix = Extract<FixProposal, { fix: 'repoint-assignments' }>;

/** Each stale assignment with its replacement for the current principal, in the fix's order. */
export function repointPairs(fix: RepointFix): Array<{ fresh: AssignmentTarget; stale: AssignmentTarget }> {
  return fix.stale.map((s) => ({
    fresh: {
      accountId: s.accountId,
      permissionSetArn: s.permissionSetArn,
      principalType: fix.principalType,
      principalId: fix.newPrincipalId,
    },
    stale: {
      accountId: s.accountId,
      permissionSetArn: s.permissionSetArn,
      principalType: fix.principalType,
      principalId: s.principalId,
    },
  }));
}

/** Why the assignments must not move, or undefined. Checked on every run, a resumed one included: if an
 * old id came back, deleting "its" assignments would take access away from someone. */
async function refusal(fix: RepointFix, ctx: FixContext): Promise<Refusal | undefined> {
  const restricted = delegatedAdminRefusal(
    ctx,
    fix.stale.map((s) => s.accountId),
  );
  if (restricted) return restricted;
  const kind = fix.principalType === 'USER' ? 'user' : 'group';
  const current = await describePrincipal(ctx, ctx.identityStoreId, fix.principalType, fix.newPrincipalId);
  if (!current) {
    return {
      kind: 'refused',
      reason: `The ${kind} ${fix.newPrincipalId} that should receive the assignments no longer exists.`,
    };
  }
  if (current.name !== fix.lastKnownName) {
    return {
      kind: 'refused',
      reason: `The ${kind} ${fix.newPrincipalId} is now named "${current.name ?? ''}", not "${fix.lastKnownName}" like the deleted one, so the bot will not move its access there.`,
    };
  }
  const oldIds = [...new Set(fix.stale.map((s) => s.principalId))].filter((id) => id !== fix.newPrincipalId);
  for (const id of oldIds) {
    if (await describePrincipal(ctx, ctx.identityStoreId, fix.principalType, id)) {
      return {
        kind: 'refused',
        reason: `The old ${kind} id ${id} exists again, so its assignments are not stale; nothing was moved.`,
      };
    }
  }
  return undefined;
}

async function precondition(fix: RepointFix, _picks: ApprovalPicks, ctx: FixContext): Promise<Precondition> {
  const refused = await refusal(fix, ctx);
  if (refused) return refused;
  for (const { fresh, stale } of repointPairs(fix)) {
    const [created, leftOver] = await Promise.all([
      hasAssignment(ctx, fix.instanceArn, fresh),
      hasAssignment(ctx, fix.instanceArn, stale),
    ]);
    if (!created || leftOver) return { kind: 'ok' };
  }
  return { kind: 'done', reason: 'Every assignment already points at the current principal.' };
}

/** repoint-assignments: moves assignments from a deleted principal's id to the principal re-created
 * under the same name: for each pair, create for the new one, wait, delete the stale one, wait; a few pairs
 * at a time, each recorded, a failed pair reported by name. */
export const repointAssignments: FixExecutor<RepointFix> = {
  fix: 'repoint-assignments',
  actions: ['sso:CreateAccountAssignment', 'sso:DeleteAccountAssignment'],
  precondition,
  apply(fix, _picks, ctx, previous) {
    return asOutcome(async () => {
      const refused = await refusal(fix, ctx);
      if (refused) return { kind: 'failed', reason: refused.reason };
      // Every pair at once (bounded): one pair's failure leaves the others repointed, and says which.
      const run = await applyToTargets(
        ctx,
        repointPairs(fix),
        ({ stale }) => `account ${stale.accountId} / ${stale.permissionSetArn}`,
        async ({ fresh, stale }, shared) => {
          const created = await runAsyncWrite(
            shared,
            previous,
            createAssignmentWrite(shared, fix.instanceArn, fresh, async () =>
              (await hasAssignment(shared, fix.instanceArn, fresh))
                ? { kind: 'done', reason: 'The current principal already has this assignment.' }
                : { kind: 'ok' },
            ),
          );
          // Never delete the old assignment before the new one is in place: the person would lose access.
          if (created.kind !== 'succeeded') return created;
          return runAsyncWrite(shared, previous, deleteAssignmentWrite(shared, fix.instanceArn, stale));
        },
      );
      // Only a fix of several pairs offers a retry of the pairs left (a single pair is retried as it is).
      return run.outcome.kind === 'failed' && run.left.length > 0 && run.left.length < fix.stale.length
        ? {
            ...run.outcome,
            retry: {
              ...fix,
              stale: run.left.map(({ stale }) => ({
                accountId: stale.accountId,
                permissionSetArn: stale.permissionSetArn,
                principalId: stale.principalId,
              })),
            },
          }
        : run.outcome;
    });
  },
};

/** The step names this fix would record, in order, for the approval card's dry run. */
export function repointActions(fix: RepointFix): string[] {
  return repointPairs(fix).flatMap(({ fresh, stale }) => [createAction(fresh), deleteAction(stale)]);
}
