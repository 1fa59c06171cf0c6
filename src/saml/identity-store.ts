import { AwsCallError, type AwsClients } from '../aws';
import { DiagnosisFacts, type DiagnosisSettings, NoInstanceError } from '../diagnosis/facts/facts';
import { InMemoryPrincipalMemory } from '../diagnosis/facts/principal-memory';
import type { Clock } from '../lib/clock';
import type { Logger } from '../log/logger';
import type { SamlUserDirectory } from './analyse';
import type { UserCheck } from './types';

/**
 * The Identity Store behind the analyser, read exactly as a diagnosis reads the person: the same
 * instance resolution and the same lookups (GetUserId by userName, then emails.value, then the
 * lower-case spellings; DescribeUser). A read that fails is `failed` with the IAM action, never
 * "not found".
 */
export function identityStoreDirectory(deps: {
  clients: AwsClients;
  clock: Clock;
  settings: DiagnosisSettings;
  logger?: Logger;
}): SamlUserDirectory {
  return {
    async lookup(identifier: string): Promise<UserCheck> {
      const facts = new DiagnosisFacts(
        {
          clients: deps.clients,
          clock: deps.clock,
          memory: new InMemoryPrincipalMemory(),
          settings: deps.settings,
        },
        { user: identifier },
      );
      try {
        const { user, foundBy, tried } = await facts.userLookup();
        if (!user || !foundBy) return { status: 'not-found', identifier, tried };
        return {
          status: 'found',
          identifier,
          foundBy,
          tried,
          user: {
            userId: user.UserId,
            userName: user.UserName ?? null,
            displayName: user.DisplayName ?? null,
            status:
              user.UserStatus === 'DISABLED' ? 'DISABLED' : user.UserStatus === 'ENABLED' ? 'ENABLED' : null,
            emails: (user.Emails ?? []).map((e) => e.Value).filter((v): v is string => Boolean(v)),
            externallyProvisioned: (user.ExternalIds?.length ?? 0) > 0,
          },
        };
      } catch (error) {
        const failure =
          error instanceof AwsCallError
            ? { action: error.action, code: error.awsErrorName ?? error.code, message: error.message }
            : error instanceof NoInstanceError
              ? { action: 'sso:ListInstances', code: 'no-instance', message: error.message }
              : {
                  action: 'identitystore:GetUserId',
                  code: 'unknown',
                  message: error instanceof Error ? error.message : String(error),
                };
        // Only what the read was and how it failed; an unexpected error keeps its stack.
        deps.logger?.warn(
          {
            action: failure.action,
            code: failure.code,
            ...(error instanceof AwsCallError || error instanceof NoInstanceError ? {} : { err: error }),
          },
          'SAML analysis: user lookup failed',
        );
        return { status: 'failed', identifier, ...failure };
      }
    },
  };
}
