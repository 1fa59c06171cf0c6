import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'instance-not-found',
  section: 'A',
  severity: 'blocking',
  audience: ['admin'],
  needsUser: false,
  evidence:
    '`ListInstances` in the configured region returns no ACTIVE instance; report which other regions do have one if the bot can see them',
  fix: {
    text: 'configure the right home region',
  },
  consolePath: 'IAM Identity Center > Settings > Details',
  apiAction: 'sso:ListInstances',
  remedy:
    "Run the bot in the instance's home Region (--region or AWS_REGION; the Region is shown in Settings > Details), with credentials of the account that owns the instance or its delegated administrator, or correct IDENTITY_CENTER_INSTANCE_ARN.",
  outranks: [
    {
      cause: '*',
      scope: 'always',
      why: 'without an instance nothing else can be read or trusted',
    },
  ],
};
