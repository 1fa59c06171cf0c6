import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'provisioning-in-progress',
  section: 'C',
  severity: 'blocking',
  audience: ['wait'],
  needsUser: true,
  evidence:
    "a recent `IN_PROGRESS` provisioning or assignment request for the user's account / permission set",
  fix: {
    text: 'none; the bot watches it and tells the user when it lands',
  },
  consolePath: 'IAM Identity Center > Multi-account permissions > AWS accounts > {account} > Permission sets',
  apiAction: 'sso:DescribePermissionSetProvisioningStatus',
  remedy:
    'Nothing yet: the bot watches the request and tells the user when it lands. If it is still in progress after about 15 minutes, look at its status.',
  outranks: [
    {
      cause: 'permission-set-not-provisioned',
      scope: 'same-account-and-permission-set',
      why: 'the provisioning is on its way',
    },
  ],
};
