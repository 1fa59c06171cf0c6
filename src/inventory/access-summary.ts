import {
  type AwsClients,
  collectPages,
  DescribeAccountCommand,
  DescribePermissionSetCommand,
  isNotFound,
  paginateListAccountAssignmentsForPrincipal,
  paginateListGroupMembershipsForMember,
  paginateListGroups,
  paginateListUsers,
} from '../aws';

/** One line of "who has access to what": a person, an account, a permission set, and how they got it. */
export interface AccessRow {
  accountId: string;
  accountName: string | undefined;
  permissionSetName: string | undefined;
  /** `undefined` for a direct assignment, otherwise the group's display name. */
  viaGroup: string | undefined;
}

/** A person in the identity store and the access their assignments give them. */
export interface PersonAccess {
  userName: string | undefined;
  displayName: string | undefined;
  status: string | undefined;
  access: AccessRow[];
}

/** Reads the whole identity store and every person's assignments (direct and through groups). Cost grows
 * with the organisation, so this is for the demo and small organisations, never for a diagnosis. */
export async function readAccessSummary(
  clients: AwsClients,
  instance: { InstanceArn: string; IdentityStoreId: string },
): Promise<PersonAccess[]> {
  const { InstanceArn, IdentityStoreId } = instance;
  const users = (
    await collectPages(
      paginateListUsers,
      { client: clients.identityStore },
      { IdentityStoreId },
      (p) => p.Users,
    )
  ).items;
  const groups = (
    await collectPages(
      paginateListGroups,
      { client: clients.identityStore },
      { IdentityStoreId },
      (p) => p.Groups,
    )
  ).items;
  const groupName = new Map(groups.map((g) => [g.GroupId, g.DisplayName]));

  const permissionSetNames = new Map<string, Promise<string | undefined>>();
  const permissionSetName = (arn: string) => {
    let name = permissionSetNames.get(arn);
    if (!name) {
      name = clients.ssoAdmin
        .send(new DescribePermissionSetCommand({ InstanceArn, PermissionSetArn: arn }))
        .then((r) => r.PermissionSet?.Name);
      permissionSetNames.set(arn, name);
    }
    return name;
  };
  const accountNames = new Map<string, Promise<string | undefined>>();
  const accountName = (id: string) => {
    let name = accountNames.get(id);
    if (!name) {
      name = clients.organizations.send(new DescribeAccountCommand({ AccountId: id })).then(
        (r) => r.Account?.Name,
        (error: unknown) => {
          if (isNotFound(error)) return undefined;
          throw error;
        },
      );
      accountNames.set(id, name);
    }
    return name;
  };
  const assignmentsOf = async (type: 'USER' | 'GROUP', id: string) =>
    (
      await collectPages(
        paginateListAccountAssignmentsForPrincipal,
        { client: clients.ssoAdmin },
        { InstanceArn, PrincipalId: id, PrincipalType: type },
        (p) => p.AccountAssignments,
      )
    ).items;

  return Promise.all(
    users.map(async (user): Promise<PersonAccess> => {
      const userId = user.UserId as string;
      const memberships = (
        await collectPages(
          paginateListGroupMembershipsForMember,
          { client: clients.identityStore },
          { IdentityStoreId, MemberId: { UserId: userId } },
          (p) => p.GroupMemberships,
        )
      ).items;
      const rows = [
        ...(await assignmentsOf('USER', userId)),
        ...(await Promise.all(memberships.map((m) => assignmentsOf('GROUP', m.GroupId as string)))).flat(),
      ];
      // The API may or may not fold group rows into the user's answer: de-duplicate on the full row.
      const unique = new Map(rows.map((r) => [`${r.AccountId}|${r.PermissionSetArn}|${r.PrincipalId}`, r]));
      const access = await Promise.all(
        [...unique.values()].map(async (r) => ({
          accountId: r.AccountId!,
          accountName: await accountName(r.AccountId!),
          permissionSetName: await permissionSetName(r.PermissionSetArn!),
          viaGroup:
            r.PrincipalType === 'GROUP' ? (groupName.get(r.PrincipalId!) ?? r.PrincipalId) : undefined,
        })),
      );
      return { userName: user.UserName, displayName: user.DisplayName, status: user.UserStatus, access };
    }),
  );
}
