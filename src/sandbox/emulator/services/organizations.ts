import type { SnapshotAccount } from '../../snapshot/schema';
import { AwsFault } from '../errors';
import { organizationsPaging, page } from '../paging';
import type { SandboxState } from '../state';
import { compact, epochSeconds, type OperationHandler } from '../wire';

/** Organizations (`AWSOrganizationsV20161128`): accounts and the organization itself. */

function requireOrganization(state: SandboxState): void {
  // A snapshot without an organization section models a bot that may not read Organizations.
  if (!state.organizationPresent) {
    throw new AwsFault('AccessDeniedException', "You don't have permissions to access this resource.");
  }
}

function wireAccount(state: SandboxState, a: SnapshotAccount) {
  return compact({
    ...a,
    Arn:
      a.Arn ??
      `arn:aws:organizations::${state.managementAccountId ?? a.Id}:account/${state.organizationId}/${a.Id}`,
    JoinedTimestamp: epochSeconds(a.JoinedTimestamp),
  });
}

export const organizationsOperations: Record<string, OperationHandler> = {
  DescribeAccount(input, { state }) {
    requireOrganization(state);
    const id = input.AccountId;
    if (typeof id !== 'string' || !/^\d{12}$/.test(id)) {
      throw new AwsFault(
        'InvalidInputException',
        'You provided a value that does not match the required pattern.',
        400,
        {
          Reason: 'INVALID_PATTERN',
        },
      );
    }
    const account = state.accounts.get(id);
    if (!account) {
      throw new AwsFault(
        'AccountNotFoundException',
        "We can't find an AWS account with the AccountId that you specified.",
      );
    }
    return { Account: wireAccount(state, account) };
  },

  ListAccounts(input, { state }) {
    requireOrganization(state);
    const { items, nextToken } = page([...state.accounts.values()], input, organizationsPaging);
    return { Accounts: items.map((a) => wireAccount(state, a)), NextToken: nextToken };
  },

  DescribeOrganization(_input, { state }) {
    requireOrganization(state);
    const master = state.managementAccountId ? state.accounts.get(state.managementAccountId) : undefined;
    return {
      Organization: compact({
        Id: state.organizationId,
        Arn: `arn:aws:organizations::${state.managementAccountId ?? '000000000000'}:organization/${state.organizationId}`,
        FeatureSet: 'ALL',
        MasterAccountId: state.managementAccountId,
        MasterAccountArn: state.managementAccountId
          ? `arn:aws:organizations::${state.managementAccountId}:account/${state.organizationId}/${state.managementAccountId}`
          : undefined,
        MasterAccountEmail: master?.Email,
      }),
    };
  },
};
