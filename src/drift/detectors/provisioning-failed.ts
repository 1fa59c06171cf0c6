import { type DriftDetector, type FailedRequest, pairKey, type ScannedAssignment } from '../types';
import { drift, groupBy, plural, provisionAll, psLabel } from './common';

/** Whether a failed request still matters: its pair is not provisioned at the latest version now (a
 * provisioning), or its assignment does not exist now (a creation). */
function stillBroken(f: FailedRequest, provisioned: Record<string, string>, assigned: Set<string>): boolean {
  if (f.operation === 'provisioning')
    return provisioned[pairKey(f.accountId, f.permissionSetArn)] !== 'LATEST_PERMISSION_SET_PROVISIONED';
  return !f.principal || !assigned.has(`${pairKey(f.accountId, f.permissionSetArn)}|${f.principal.id}`);
}

/** provisioning-failed: recent FAILED provisionings (or assignment creations) whose effect is still
 * missing, with AWS's reason. One drift per permission set and operation. The fix re-provisions every
 * failed account, once the reason is removed. */
export const provisioningFailed: DriftDetector = {
  kind: 'provisioning-failed',
  reads: ['statuses', 'provisioning', 'assignments'],
  detect(obs) {
    const assigned = new Set(
      obs.assignments.map((a) => `${pairKey(a.accountId, a.permissionSetArn)}|${a.principalId}`),
    );
    const running = new Set(obs.inProgress ?? []);
    const broken = obs.failures.filter(
      (f) =>
        stillBroken(f, obs.provisioned, assigned) && !running.has(pairKey(f.accountId, f.permissionSetArn)),
    );
    return [...groupBy(broken, (f) => `${f.operation}|${f.permissionSetArn}`)].map(([key, failures]) => {
      const arn = failures[0]!.permissionSetArn;
      const pairs = [...new Map(failures.map((f) => [pairKey(f.accountId, arn), f])).values()];
      const keys = new Set(pairs.map((f) => pairKey(f.accountId, arn)));
      const assignments: ScannedAssignment[] = obs.assignments.filter((a) =>
        keys.has(pairKey(a.accountId, a.permissionSetArn)),
      );
      const since = failures
        .map((f) => f.createdDate)
        .filter((d): d is string => Boolean(d))
        .sort()[0];
      const reasons = [
        ...new Set(
          failures.flatMap((f) => (f.failureReason ? [f.failureReason.trim().replace(/\.$/, '')] : [])),
        ),
      ];
      const provisioning = failures[0]!.operation === 'provisioning';
      return drift(obs, 'provisioning-failed', key, {
        accounts: pairs.map((f) => f.accountId),
        permissionSetArn: arn,
        principal: null,
        assignments,
        people: [
          ...assignments.map((a) => ({ type: a.principalType, id: a.principalId })),
          ...failures.flatMap((f) => (f.principal ? [f.principal] : [])),
        ],
        ...(since ? { since } : {}),
        summary: `${provisioning ? 'Provisioning' : 'Assigning'} ${psLabel(obs, arn)} failed in ${plural(pairs.length, 'account')}${reasons.length > 0 ? `: ${reasons.join(' / ')}` : ''}.`,
        fix: provisioning
          ? provisionAll(
              obs,
              pairs.map((f) => ({ accountId: f.accountId, permissionSetArn: arn })),
            )
          : null,
      });
    });
  },
};
