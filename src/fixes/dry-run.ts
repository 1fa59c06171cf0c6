import type { FixProposal } from '../diagnosis/types';
import type { ApprovalPicks } from '../tickets/types';

/** Names the card shows next to ids; whatever is unknown is left out. */
export interface DryRunNames {
  accountName?: string;
  permissionSetName?: string;
  principalName?: string;
  groupName?: string;
  managementAccountId?: string;
  /** Account id → name for every account a multi-target fix touches (the risk note looks at all). */
  accountNames?: Record<string, string>;
  /** Permission set ARN → name, for the targets of a multi-target fix. */
  permissionSetNames?: Record<string, string>;
}

/** Exactly what a fix will do, for the approval card: the API action and every parameter. */
export interface DryRun {
  action: string;
  lines: Array<{ label: string; value: string }>;
  /** What the approving admin must still choose before Approve does anything. */
  needs: { permissionSet: boolean; account: boolean };
  risks: string[];
}

const named = (id: string, name?: string) => (name ? `${name} (${id})` : id);

function risksFor(
  accountIds: readonly string[],
  accountNames: readonly (string | undefined)[],
  names: DryRunNames,
): string[] {
  const risks: string[] = [];
  if (names.managementAccountId && accountIds.includes(names.managementAccountId)) {
    risks.push('This changes access in the management account, which controls the whole organization.');
  }
  if (accountNames.some((n) => n && /prod/i.test(n))) {
    risks.push('This grants or changes access to a production account.');
  }
  return risks;
}

export function describeFix(fix: FixProposal, picks: ApprovalPicks, names: DryRunNames): DryRun {
  switch (fix.fix) {
    case 'provision-permission-set':
      if (fix.targets && fix.targets.length > 1) {
        const accountName = (id: string) => names.accountNames?.[id];
        return {
          action: `sso:ProvisionPermissionSet to each of ${fix.targets.length} accounts (a few at a time), then sso:DescribePermissionSetProvisioningStatus for each until it finishes`,
          lines: [
            ...fix.targets.map((t, i) => ({
              label: `Target ${i + 1}`,
              value: `${named(t.accountId, accountName(t.accountId))}, ${named(t.permissionSetArn, names.permissionSetNames?.[t.permissionSetArn] ?? names.permissionSetName)}`,
            })),
            { label: 'Target type', value: 'AWS_ACCOUNT (each account above only)' },
            { label: 'Instance', value: fix.instanceArn },
          ],
          needs: { permissionSet: false, account: false },
          risks: risksFor(
            fix.targets.map((t) => t.accountId),
            fix.targets.map((t) => accountName(t.accountId)),
            names,
          ),
        };
      }
      return {
        action:
          'sso:ProvisionPermissionSet, then sso:DescribePermissionSetProvisioningStatus until it finishes',
        lines: [
          { label: 'Account', value: named(fix.accountId, names.accountName) },
          { label: 'Permission set', value: named(fix.permissionSetArn, names.permissionSetName) },
          { label: 'Target type', value: 'AWS_ACCOUNT (this account only)' },
          { label: 'Instance', value: fix.instanceArn },
        ],
        needs: { permissionSet: false, account: false },
        risks: risksFor([fix.accountId], [names.accountName], names),
      };
    case 'grant-account-access': {
      const accountId = fix.accountId ?? picks.accountId;
      const permissionSetArn = fix.permissionSetArn ?? picks.permissionSetArn;
      const accountName = fix.accountId ? names.accountName : (picks.accountName ?? names.accountName);
      const permissionSetName = fix.permissionSetArn
        ? names.permissionSetName
        : (picks.permissionSetName ?? names.permissionSetName);
      return {
        action:
          'sso:CreateAccountAssignment, then sso:DescribeAccountAssignmentCreationStatus until it finishes',
        lines: [
          { label: 'Principal', value: `USER ${named(fix.principalId, names.principalName)}` },
          { label: 'Account', value: accountId ? named(accountId, accountName) : 'to be picked below' },
          {
            label: 'Permission set',
            value: permissionSetArn ? named(permissionSetArn, permissionSetName) : 'to be picked below',
          },
          { label: 'Instance', value: fix.instanceArn },
        ],
        needs: { permissionSet: !permissionSetArn, account: !accountId },
        risks: risksFor(accountId ? [accountId] : [], [accountName], names),
      };
    }
    case 'repoint-assignments':
      return {
        action:
          'for each stale assignment: sso:CreateAccountAssignment for the current principal, wait, then sso:DeleteAccountAssignment of the stale one, wait',
        lines: [
          {
            label: 'Current principal',
            value: `${fix.principalType} ${named(fix.newPrincipalId, names.principalName ?? fix.lastKnownName)}`,
          },
          {
            label: 'Stale principal(s)',
            value: [...new Set(fix.stale.map((s) => s.principalId))].join(', '),
          },
          ...fix.stale.map((s, i) => ({
            label: `Assignment ${i + 1}`,
            value: `account ${s.accountId}, permission set ${s.permissionSetArn}`,
          })),
          { label: 'Instance', value: fix.instanceArn },
        ],
        needs: { permissionSet: false, account: false },
        risks: risksFor(
          fix.stale.map((s) => s.accountId),
          [names.accountName, ...fix.stale.map((s) => names.accountNames?.[s.accountId])],
          names,
        ),
      };
    case 'add-to-group':
      return {
        action: 'identitystore:CreateGroupMembership',
        lines: [
          { label: 'User', value: named(fix.userId, names.principalName) },
          { label: 'Group', value: named(fix.groupId, fix.groupName ?? names.groupName) },
          { label: 'Identity store', value: fix.identityStoreId },
          ...(fix.accountId
            ? [{ label: 'Gives access to', value: named(fix.accountId, names.accountName) }]
            : []),
        ],
        needs: { permissionSet: false, account: false },
        risks: risksFor(fix.accountId ? [fix.accountId] : [], [names.accountName], names),
      };
  }
}
