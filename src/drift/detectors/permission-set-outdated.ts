import { type DriftDetector, pairKey } from '../types';
import { drift, groupBy, plural, provisionAll, psLabel } from './common';

/** permission-set-outdated: a permission set edited and never pushed again: provisioned to accounts
 * where `LATEST_PERMISSION_SET_NOT_PROVISIONED`, so everyone holding it there has stale permissions.
 * One drift per permission set, covering every such account. */
export const permissionSetOutdated: DriftDetector = {
  kind: 'permission-set-outdated',
  reads: ['permission-sets', 'provisioning', 'assignments'],
  detect(obs) {
    const running = new Set(obs.inProgress ?? []);
    const stale = Object.entries(obs.provisioned)
      .filter(([key, status]) => status === 'LATEST_PERMISSION_SET_NOT_PROVISIONED' && !running.has(key))
      .map(([key]) => {
        const [accountId, permissionSetArn] = key.split('|') as [string, string];
        return { accountId, permissionSetArn };
      });
    return [...groupBy(stale, (p) => p.permissionSetArn)].map(([arn, pairs]) => {
      const keys = new Set(pairs.map((p) => pairKey(p.accountId, p.permissionSetArn)));
      const assignments = obs.assignments.filter((a) => keys.has(pairKey(a.accountId, a.permissionSetArn)));
      return drift(obs, 'permission-set-outdated', arn, {
        accounts: pairs.map((p) => p.accountId),
        permissionSetArn: arn,
        principal: null,
        assignments,
        summary: `${psLabel(obs, arn)} was edited but not provisioned again to ${plural(pairs.length, 'account')}: people there still get the old permissions.`,
        fix: provisionAll(obs, pairs),
      });
    });
  },
};
