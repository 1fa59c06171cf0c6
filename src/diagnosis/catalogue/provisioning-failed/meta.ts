import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'provisioning-failed',
  section: 'C',
  severity: 'blocking',
  audience: ['admin'],
  needsUser: true,
  evidence:
    "a `FAILED` provisioning or assignment-creation status within the window for an account and permission set pair that this user holds (directly or through a group), or for the user's own assignment creation, with its `FailureReason` explained; another team's failure on the same account is not this person's problem",
  fix: {
    text: 'after the reason is removed: `approve:provision-permission-set` for a failed provisioning, `approve:grant-account-access` (the same assignment again) for a failed creation',
    approve: ['provision-permission-set', 'grant-account-access'],
  },
  consolePath: 'IAM Identity Center > Multi-account permissions > AWS accounts > {account} > Permission sets',
  apiAction: 'sso:ProvisionPermissionSet',
  remedy:
    'Remove the cause named by the FailureReason, then re-provision the permission set to the account (or, for a failed assignment creation, create the same assignment again).',
  outranks: [
    {
      cause: 'permission-set-not-provisioned',
      scope: 'same-account-and-permission-set',
      why: 'the failure says why it is not provisioned',
    },
  ],
};
