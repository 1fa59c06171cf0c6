import type { FixId, FixProposal } from '../diagnosis/types';
import type { ApprovalPicks } from '../tickets/types';
import { addToGroup, membershipAction } from './add-to-group';
import { grantAccountAccess, grantActions } from './grant-account-access';
import { provisionTargets } from './multi-target';
import { provisionAction, provisionPermissionSet } from './provision-permission-set';
import { repointActions, repointAssignments } from './repoint-assignments';
import type { FixExecutor } from './types';

export {
  applyToTargets,
  FIX_CONCURRENCY,
  type MultiTargetOutcome,
  provisionFixFor,
  provisionTargets,
  type TargetResult,
} from './multi-target';
export { MAX_POLL_INTERVAL_MS, type StatusReading, waitForStatus } from './poll';
export { unfinishedSteps } from './steps';
export {
  DEFAULT_POLL,
  type FixContext,
  type FixExecutor,
  type FixOutcome,
  type PollPolicy,
  type Precondition,
} from './types';

/** The executor of each fix id of docs/causes.md. */
export const EXECUTORS: { [K in FixId]: FixExecutor<Extract<FixProposal, { fix: K }>> } = {
  'provision-permission-set': provisionPermissionSet,
  'grant-account-access': grantAccountAccess,
  'repoint-assignments': repointAssignments,
  'add-to-group': addToGroup,
};

/** The executor for `fix`, typed for exactly that proposal. */
export function executorFor<F extends FixProposal>(fix: F): FixExecutor<F> {
  return EXECUTORS[fix.fix] as unknown as FixExecutor<F>;
}

/** The steps `fix` would record, one per AWS write, in order: the approval card's dry run. Empty for a
 * grant whose permission set or account the admin has not picked yet. */
export function plannedActions(fix: FixProposal, picks: ApprovalPicks = {}): string[] {
  switch (fix.fix) {
    case 'provision-permission-set':
      return provisionTargets(fix).map((t) => provisionAction({ ...fix, ...t }));
    case 'grant-account-access':
      return grantActions(fix, picks);
    case 'repoint-assignments':
      return repointActions(fix);
    case 'add-to-group':
      return [membershipAction(fix)];
  }
}
