import { FIX_SUPPORTING_ACTIONS, FIX_WRITE_ACTIONS } from '../../aws/iam-actions';
import type { DoctorCheck } from '../types';

/** May the fix role make the approved writes? A write cannot be tried without making it, so this check
 * never says `ok`: it names the role and gives the policy-simulator command that answers it. */
export const iamFixActions: DoctorCheck = {
  id: 'iam-fix-actions',
  title: 'May the fix role make the writes approved fixes need?',
  cheap: false,
  async run({ settings }) {
    const actions = [...FIX_WRITE_ACTIONS, ...FIX_SUPPORTING_ACTIONS];
    const role = settings.fixRoleArn;
    return {
      status: 'warn',
      summary: role
        ? `Not tried: ${actions.length} write actions through ${role} cannot be tested without making a change.`
        : `Not tried: fixes run with the bot's own credentials (FIX_ROLE_ARN is not set), and ${actions.length} write actions cannot be tested without making a change.`,
      fix: `Check them with the IAM policy simulator: aws iam simulate-principal-policy --policy-source-arn ${role ?? '<the role the bot runs as>'} --action-names ${actions.join(' ')}`,
    };
  },
};
