/** The AWS services the bot talks to: the key for clients, rate limits, IAM actions and the call log. */
export type AwsService = 'sso' | 'identitystore' | 'cloudtrail' | 'organizations' | 'sts';

export const AWS_SERVICES: readonly AwsService[] = [
  'sso',
  'identitystore',
  'cloudtrail',
  'organizations',
  'sts',
];

/** Requests per second each service allows one account, before the bot takes its share of it. */
export const DOCUMENTED_RATES: Readonly<Record<AwsService, number>> = {
  // IAM Identity Center (sso-admin) APIs: 20 TPS collectively (aws-facts.md §E).
  sso: 20,
  // Identity Store APIs: 20 TPS collectively (aws-facts.md §E).
  identitystore: 20,
  // LookupEvents allows 2 requests/s per account and Region. The bot only needs LookupEvents from
  // CloudTrail, so the strictest figure is applied to every CloudTrail call.
  cloudtrail: 2,
  // Organizations: NOT documented in our reference (aws-facts.md has no figure); 10/s is a
  // conservative assumption. Override it with `rates.organizations` once it is confirmed.
  organizations: 10,
  // STS: not in our reference either; GetCallerIdentity is called about once per run.
  sts: 50,
};

/** The IAM service prefix of each service's actions (sso-admin's actions are `sso:*`). */
export const IAM_PREFIX: Readonly<Record<AwsService, string>> = {
  sso: 'sso',
  identitystore: 'identitystore',
  cloudtrail: 'cloudtrail',
  organizations: 'organizations',
  sts: 'sts',
};

/** `ListInstancesCommand` → `ListInstances`: the API operation name, as IAM and CloudTrail spell it. */
export function operationName(commandName: string | undefined): string {
  if (!commandName) return 'Unknown';
  return commandName.endsWith('Command') ? commandName.slice(0, -'Command'.length) : commandName;
}
