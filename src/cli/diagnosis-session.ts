import { type AwsClients, createAwsClients, resolveDefaultRegion } from '../aws';
import type { AppConfig } from '../config/env';
import { DEFAULT_SETTINGS, type DiagnosisSettings } from '../diagnosis/facts/facts';
import { InMemoryPrincipalMemory, type PrincipalMemory } from '../diagnosis/facts/principal-memory';
import { type Clock, systemClock } from '../lib/clock';
import { knownPrincipalsOf } from '../sandbox/snapshot/known-principals';
import { UsageError } from './io';
import { startSandboxSession } from './sandbox-session';

/** Everything a diagnosis needs, wired for the CLI: real AWS, or the emulator on a snapshot. */
export interface DiagnosisSession {
  clients: AwsClients;
  clock: Clock;
  memory: PrincipalMemory;
  settings: DiagnosisSettings;
  close(): Promise<void>;
}

/** Region: `--region`, else the snapshot's (sandbox), else AWS_REGION / the SDK's own configuration. */
export async function openDiagnosisSession(
  config: AppConfig,
  options: { sandbox?: string; region?: string },
): Promise<DiagnosisSession> {
  const base = { ...DEFAULT_SETTINGS, windowHours: config.DIAGNOSIS_WINDOW_HOURS };
  const instanceArn = config.IDENTITY_CENTER_INSTANCE_ARN;
  if (options.sandbox) {
    const session = await startSandboxSession(options.sandbox, {
      ...(options.region ? { region: options.region } : {}),
      quotaShare: config.AWS_QUOTA_SHARE,
    });
    return {
      clients: session.clients,
      clock: session.sandbox.clock,
      memory: new InMemoryPrincipalMemory(knownPrincipalsOf(session.snapshot)),
      settings: { ...base, region: session.region, ...(instanceArn ? { instanceArn } : {}) },
      close: () => session.close(),
    };
  }
  const region = options.region ?? config.AWS_REGION ?? (await resolveDefaultRegion());
  if (!region) {
    throw new UsageError(
      'no AWS region: pass --region, or set AWS_REGION to the region of your Identity Center instance',
    );
  }
  const clients = createAwsClients({ region, quotaShare: config.AWS_QUOTA_SHARE });
  return {
    clients,
    clock: systemClock,
    // Without the ticket store the CLI has no memory of earlier principals.
    memory: new InMemoryPrincipalMemory(),
    settings: { ...base, region, ...(instanceArn ? { instanceArn } : {}) },
    close: async () => clients.destroy(),
  };
}
