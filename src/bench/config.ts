import type { AwsService } from '../aws';
import type { SandboxService } from '../sandbox/snapshot/schema';

/** The conditions of a benchmark run, as bench-results.json records them. */

/** The services the bench counts and rates. */
export type RatedService = Extract<AwsService, 'sso' | 'identitystore' | 'cloudtrail' | 'organizations'>;
export const RATED_SERVICES: readonly RatedService[] = [
  'sso',
  'identitystore',
  'cloudtrail',
  'organizations',
];

/** AWS's own quotas (requests a second per account), which the emulator enforces in full
 * (aws-facts.md §E; Organizations is an assumption, as in src/aws/services.ts). */
export const AWS_QUOTAS: Readonly<Record<RatedService, number>> = {
  sso: 20,
  identitystore: 20,
  cloudtrail: 2,
  organizations: 10,
};

export interface BenchConfig {
  /** Added by the emulator to every call; at least 50 ms (a call to AWS from a Lambda is no faster). */
  latencyMs: number;
  /** The bot's own request rates: half of AWS's quotas (the bot's default quota share). */
  rates: Record<RatedService, number>;
  /** SDK attempts per call, the first included. */
  maxAttempts: number;
}

export const DEFAULT_BENCH_CONFIG: BenchConfig = {
  latencyMs: 50,
  rates: { sso: 10, identitystore: 10, cloudtrail: 1, organizations: 5 },
  maxAttempts: 6,
};

export class BenchConfigError extends Error {
  override readonly name = 'BenchConfigError';
  readonly code = 'bad-bench-config';
}

/** Refuses conditions that would flatter the results: latency under 50 ms, or a rate above AWS's quota. */
export function validateBenchConfig(config: BenchConfig): BenchConfig {
  if (!(Number.isFinite(config.latencyMs) && config.latencyMs >= 50))
    throw new BenchConfigError(`latencyMs must be at least 50, got ${config.latencyMs}`);
  for (const service of RATED_SERVICES) {
    const rate = config.rates[service];
    if (!(Number.isFinite(rate) && rate > 0 && rate <= AWS_QUOTAS[service]))
      throw new BenchConfigError(
        `rates.${service} must be above 0 and at most AWS's ${AWS_QUOTAS[service]}/s, got ${rate}`,
      );
  }
  return config;
}

/** The emulator's throttles: AWS's full quotas. */
export function emulatorThrottles(): Partial<Record<SandboxService, number>> {
  return { ...AWS_QUOTAS };
}
