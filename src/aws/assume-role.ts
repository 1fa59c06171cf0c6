import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from './clients';

/** Credentials of a role the bot assumes for one purpose (the fix role, the CloudTrail role), refreshed
 * by the SDK as they expire. The base credentials are the default chain (the function's own role). */
export function assumedRole(
  roleArn: string,
  sessionName: string,
  region: string,
  /** Who the session acts for (the approver of a fix): CloudTrail shows it on every call made with it. */
  sourceIdentity?: string,
): AwsCredentialIdentityProvider {
  return fromTemporaryCredentials({
    params: {
      RoleArn: roleArn,
      RoleSessionName: sessionName,
      DurationSeconds: 900,
      ...(sourceIdentity ? { SourceIdentity: sourceIdentity } : {}),
    },
    clientConfig: { region },
  }) as AwsCredentialIdentityProvider;
}
