import { STSClient } from '@aws-sdk/client-sts';

/** The region the SDK would use on its own (AWS_REGION, then the shared config profile), or undefined. */
export async function resolveDefaultRegion(): Promise<string | undefined> {
  const probe = new STSClient({});
  try {
    const region = await probe.config.region();
    return region || undefined;
  } catch {
    return undefined;
  } finally {
    probe.destroy();
  }
}
