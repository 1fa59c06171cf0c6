import { type AwsClients, collectPages, paginateListAccountsForProvisionedPermissionSet } from '../../aws';
import type { ProvisioningState } from './facts';

/**
 * Provisioning state read per permission set instead of per account. A person typically holds a few
 * permission sets over many accounts (the benchmark person: 6 over 20), and each per-account read is
 * two calls (one per ProvisioningStatus), so reading by permission set makes 2 × sets calls instead of
 * 2 × accounts. Used only for the person's own pairs, and only when it is the cheaper way.
 */

/** Whether reading by permission set costs fewer calls than reading by account for these pairs. */
export function cheaperByPermissionSet(
  pairs: ReadonlyArray<{ accountId: string; permissionSetArn: string }>,
): boolean {
  const accounts = new Set(pairs.map((p) => p.accountId)).size;
  const sets = new Set(pairs.map((p) => p.permissionSetArn)).size;
  return sets < accounts;
}

/** Every account the permission set is provisioned to, with whether its latest version is. Entries
 * as an array (it is cached and cloned between diagnoses). */
export async function readAccountsForPermissionSet(
  clients: Pick<AwsClients, 'ssoAdmin'>,
  instanceArn: string,
  permissionSetArn: string,
): Promise<Array<[string, ProvisioningState]>> {
  const states: ProvisioningState[] = [
    'LATEST_PERMISSION_SET_PROVISIONED',
    'LATEST_PERMISSION_SET_NOT_PROVISIONED',
  ];
  const lists = await Promise.all(
    states.map((state) =>
      collectPages(
        paginateListAccountsForProvisionedPermissionSet,
        { client: clients.ssoAdmin, pageSize: 100 },
        { InstanceArn: instanceArn, PermissionSetArn: permissionSetArn, ProvisioningStatus: state },
        (p) => p.AccountIds,
      ),
    ),
  );
  const out: Array<[string, ProvisioningState]> = [];
  lists.forEach((list, i) => {
    for (const account of list.items) out.push([account, states[i]!]);
  });
  return out;
}
