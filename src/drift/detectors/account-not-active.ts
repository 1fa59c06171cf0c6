import type { DriftDetector } from '../types';
import { accountLabel, drift, groupBy, plural, readsComplete } from './common';

/** account-not-active: assignments into accounts that are suspended, closed, pending closure, or no
 * longer in the organisation: nobody gets in there, and provisioning fails. One drift per account; no
 * fix the bot can make (restore the account or remove the assignments). Judged only on a whole account
 * listing (an account missing from a partial one is not gone). */
export const accountNotActive: DriftDetector = {
  kind: 'account-not-active',
  reads: ['accounts', 'assignments'],
  detect(obs) {
    if (!readsComplete(obs, ['accounts'])) return [];
    const inactive = obs.assignments.filter((a) => obs.accounts[a.accountId]?.state !== 'ACTIVE');
    return [...groupBy(inactive, (a) => a.accountId)].map(([accountId, assignments]) => {
      const state = obs.accounts[accountId]?.state;
      const permissionSets = [...new Set(assignments.map((a) => a.permissionSetArn))];
      const how = state ? state.toLowerCase().replaceAll('_', ' ') : 'no longer in the organisation';
      return drift(obs, 'account-not-active', accountId, {
        accounts: [accountId],
        permissionSetArn: permissionSets.length === 1 ? permissionSets[0]! : null,
        principal: null,
        assignments,
        summary: `Account ${accountLabel(obs, accountId)} is ${how}, but ${plural(assignments.length, 'assignment')} still ${assignments.length === 1 ? 'points' : 'point'} there: nobody can get in until it is restored or they are removed.`,
        fix: null,
      });
    });
  },
};
