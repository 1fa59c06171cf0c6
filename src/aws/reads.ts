import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import {
  DescribePermissionSetCommand,
  paginateListPermissionSets,
  paginateListTagsForResource,
} from '@aws-sdk/client-sso-admin';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from './clients';
import { AwsCallError, isNotFound, toAwsCallError } from './errors';
import { collectPages } from './paginate';
import type { AwsService } from './services';

// The reads the approval workflow and the fixes share (one layer, one error shape): each either answers
// in full or throws an AwsCallError naming the IAM action, so a caller can refuse instead of skipping.

/** Runs one AWS call and turns whatever it throws into an `AwsCallError` naming the IAM action. */
export async function awsCall<T>(service: AwsService, operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAwsCallError(error, service, operation);
  }
}

/** An account as Organizations describes it: its state (`State`, falling back to the `Status` AWS is
 * retiring), or not found (closed and gone, or never in the organisation). */
export type AccountInfo =
  | { found: true; id: string; name: string | undefined; state: string }
  | { found: false; id: string };

/** One account's name and state; the diagnosis and the fixes read accounts only through this. */
export async function readAccount(clients: AwsClients, accountId: string): Promise<AccountInfo> {
  try {
    const out = await clients.organizations.send(new DescribeAccountCommand({ AccountId: accountId }));
    const a = out.Account;
    return { found: true, id: accountId, name: a?.Name, state: a?.State ?? a?.Status ?? 'ACTIVE' };
  } catch (error) {
    if (isNotFound(error)) return { found: false, id: accountId };
    throw toAwsCallError(error, 'organizations', 'DescribeAccount');
  }
}

/** The organisation's management account. */
export async function readManagementAccountId(clients: AwsClients): Promise<string> {
  const out = await awsCall('organizations', 'DescribeOrganization', () =>
    clients.organizations.send(new DescribeOrganizationCommand({})),
  );
  const id = out.Organization?.MasterAccountId;
  if (!id) {
    throw new AwsCallError({
      code: 'unknown',
      action: 'organizations:DescribeOrganization',
      service: 'organizations',
      operation: 'DescribeOrganization',
      message: 'organizations:DescribeOrganization answered without a management account id',
      cause: undefined,
    });
  }
  return id;
}

/** The account whose credentials the clients use. */
export async function readCallerAccountId(clients: AwsClients): Promise<string> {
  const out = await awsCall('sts', 'GetCallerIdentity', () =>
    clients.sts.send(new GetCallerIdentityCommand({})),
  );
  if (!out.Account) {
    throw new AwsCallError({
      code: 'unknown',
      action: 'sts:GetCallerIdentity',
      service: 'sts',
      operation: 'GetCallerIdentity',
      message: 'sts:GetCallerIdentity answered without an account',
      cause: undefined,
    });
  }
  return out.Account;
}

/** A permission set's name and, when asked, its tags. */
export async function readPermissionSet(
  clients: AwsClients,
  instanceArn: string,
  arn: string,
  withTags: boolean,
): Promise<{ arn: string; name: string | undefined; tags: Record<string, string> | undefined }> {
  const out = await awsCall('sso', 'DescribePermissionSet', () =>
    clients.ssoAdmin.send(
      new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }),
    ),
  );
  let tags: Record<string, string> | undefined;
  if (withTags) {
    const { items } = await awsCall('sso', 'ListTagsForResource', () =>
      collectPages(
        paginateListTagsForResource,
        { client: clients.ssoAdmin },
        { InstanceArn: instanceArn, ResourceArn: arn },
        (p) => p.Tags,
      ),
    );
    tags = Object.fromEntries(items.filter((t) => t.Key).map((t) => [t.Key as string, t.Value ?? '']));
  }
  return { arn, name: out.PermissionSet?.Name, tags };
}

/** Every permission set of the instance with its name, sorted by name. */
export async function readPermissionSetChoices(
  clients: AwsClients,
  instanceArn: string,
): Promise<Array<{ value: string; label: string }>> {
  const { items: arns } = await awsCall('sso', 'ListPermissionSets', () =>
    collectPages(
      paginateListPermissionSets,
      { client: clients.ssoAdmin },
      { InstanceArn: instanceArn },
      (p) => p.PermissionSets,
    ),
  );
  const choices = await Promise.all(
    arns.map(async (arn) => {
      const ps = await readPermissionSet(clients, instanceArn, arn, false);
      return { value: arn, label: ps.name ?? arn };
    }),
  );
  return choices.sort((a, b) => a.label.localeCompare(b.label));
}

/** Every active account of the organisation, labelled "name (id)", sorted. */
export async function readAccountChoices(
  clients: AwsClients,
): Promise<Array<{ value: string; label: string }>> {
  const { items } = await awsCall('organizations', 'ListAccounts', () =>
    collectPages(paginateListAccounts, { client: clients.organizations }, {}, (p) => p.Accounts),
  );
  return items
    .filter((a) => a.Id && (a.State ?? a.Status ?? 'ACTIVE') === 'ACTIVE')
    .map((a) => ({ value: a.Id as string, label: a.Name ? `${a.Name} (${a.Id})` : (a.Id as string) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
