import type { CauseMeta } from '../schema';

export const meta: CauseMeta = {
  id: 'scim-sync-errors',
  section: 'B',
  severity: 'warning',
  audience: ['idp-admin'],
  needsUser: true,
  evidence:
    "recent SCIM failures in CloudTrail (`identitystore-scim.amazonaws.com` events with an error) for this user's own record or one of their groups (the failed request names the id, e.g. `requestParameters.id`; failures that name someone else are not this person's cause, they belong to an organisation-wide view), summarised by message: duplicate resource, a list attribute with more than one value (emails, phone numbers, addresses), missing path, name constraint",
  fix: {
    text: 'per message, in plain words',
  },
  consolePath:
    'CloudTrail > Event history (in the Identity Center home Region), event source identitystore-scim.amazonaws.com',
  apiAction: 'cloudtrail:LookupEvents',
  remedy:
    'Fix each failure in the IdP according to its message: duplicate values, a list attribute with several values, an empty name, an empty attribute path.',
  outranks: [],
};
