import type { DriftDetector } from '../types';
import { drift, groupBy, plural, psLabel } from './common';

/** permission-set-empty: an assigned permission set with no inline policy, no managed policy, no
 * customer managed policy reference and no boundary: people sign in and can do nothing. One drift per
 * permission set; the policies are for an admin to write, so no fix. */
export const permissionSetEmpty: DriftDetector = {
  kind: 'permission-set-empty',
  reads: ['permission-sets', 'assignments'],
  detect(obs) {
    const held = obs.assignments.filter((a) => obs.permissionSets[a.permissionSetArn]?.empty === true);
    return [...groupBy(held, (a) => a.permissionSetArn)].map(([arn, assignments]) => {
      const accounts = [...new Set(assignments.map((a) => a.accountId))];
      return drift(obs, 'permission-set-empty', arn, {
        accounts,
        permissionSetArn: arn,
        principal: null,
        assignments,
        summary: `${psLabel(obs, arn)} grants nothing (no policy at all) but is assigned in ${plural(accounts.length, 'account')}: people get in and can do nothing.`,
        fix: null,
      });
    });
  },
};
