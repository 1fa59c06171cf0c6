import { type DriftDetector, pairKey } from '../types';
import { drift, groupBy, plural, provisionAll, psLabel } from './common';

/** permission-set-not-provisioned: assignments to an account where their permission set is not
 * provisioned at all, so nobody holding them there can get in. Pairs whose provisioning recently failed
 * (provisioning-failed explains them), pairs AWS is working on now, and inactive accounts (account-not-active) are left to those kinds.
 * Only permission sets whose provisioned accounts were read whole are judged. */
export const permissionSetNotProvisioned: DriftDetector = {
  kind: 'permission-set-not-provisioned',
  reads: ['provisioning', 'assignments'],
  detect(obs) {
    const failed = new Set(obs.failures.map((f) => pairKey(f.accountId, f.permissionSetArn)));
    const running = new Set(obs.inProgress ?? []);
    const missing = obs.assignments.filter((a) => {
      const key = pairKey(a.accountId, a.permissionSetArn);
      const account = obs.accounts[a.accountId];
      return (
        obs.permissionSets[a.permissionSetArn]?.provisioningRead === true &&
        obs.provisioned[key] === undefined &&
        !failed.has(key) &&
        !running.has(key) &&
        (account === undefined || account.state === 'ACTIVE')
      );
    });
    return [...groupBy(missing, (a) => a.permissionSetArn)].map(([arn, assignments]) => {
      const accounts = [...new Set(assignments.map((a) => a.accountId))];
      return drift(obs, 'permission-set-not-provisioned', arn, {
        accounts,
        permissionSetArn: arn,
        principal: null,
        assignments,
        summary: `${psLabel(obs, arn)} is assigned in ${plural(accounts.length, 'account')} where it was never provisioned: nobody holding it there can get in.`,
        fix: provisionAll(
          obs,
          accounts.map((accountId) => ({ accountId, permissionSetArn: arn })),
        ),
      });
    });
  },
};
