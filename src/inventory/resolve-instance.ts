import { type AwsClients, collectPages, type InstanceMetadata, paginateListInstances } from '../aws';

/** The Identity Center instance the bot reads, or the reason there is none to read. */
export type InstanceResolution =
  | { kind: 'found'; instance: InstanceMetadata & { InstanceArn: string; IdentityStoreId: string } }
  | { kind: 'none'; region: string }
  | { kind: 'ambiguous'; instanceArns: string[] }
  | { kind: 'configured-missing'; configuredArn: string; instanceArns: string[] };

/** Resolves the instance: the configured ARN when set, otherwise the only ACTIVE one ListInstances returns. */
export async function resolveInstance(
  clients: Pick<AwsClients, 'ssoAdmin'>,
  region: string,
  configuredArn?: string,
): Promise<InstanceResolution> {
  const { items } = await collectPages(
    paginateListInstances,
    { client: clients.ssoAdmin },
    {},
    (page) => page.Instances,
  );
  const usable = items.filter(
    (i): i is InstanceMetadata & { InstanceArn: string; IdentityStoreId: string } =>
      Boolean(i.InstanceArn && i.IdentityStoreId) && (i.Status === undefined || i.Status === 'ACTIVE'),
  );
  if (configuredArn) {
    const match = usable.find((i) => i.InstanceArn === configuredArn);
    return match
      ? { kind: 'found', instance: match }
      : { kind: 'configured-missing', configuredArn, instanceArns: usable.map((i) => i.InstanceArn) };
  }
  if (usable.length === 0) return { kind: 'none', region };
  if (usable.length > 1) return { kind: 'ambiguous', instanceArns: usable.map((i) => i.InstanceArn) };
  return { kind: 'found', instance: usable[0]! };
}
