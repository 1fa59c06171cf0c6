import type { SnapshotAccount } from '../../snapshot/schema';
import { AwsFault } from '../errors';
import type { Violation } from '../model';
import { organizationsModel } from '../models/organizations';
import { organizationsPaging, page } from '../paging';
import type { SandboxState } from '../state';
import { compact, epochSeconds, type JsonService, type OperationHandler } from '../wire';

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
    // The model (AccountId: ^\\d{12}$) was checked before the handler runs.
    const id = String(input.AccountId);
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

/** Organizations names what was wrong with an input in `Reason`, from its model's enum, and in prose. */
const INVALID_INPUT: Record<Violation['kind'], { reason: string; message: string }> = {
  required: { reason: 'INPUT_REQUIRED', message: 'You must include a value for all required parameters.' },
  union: { reason: 'INPUT_REQUIRED', message: 'You must include a value for all required parameters.' },
  pattern: {
    reason: 'INVALID_PATTERN',
    message: 'You provided a value that does not match the required pattern.',
  },
  minLength: {
    reason: 'MIN_LENGTH_EXCEEDED',
    message: 'You provided a string parameter that is shorter than allowed.',
  },
  maxLength: {
    reason: 'MAX_LENGTH_EXCEEDED',
    message: 'You provided a string parameter that is longer than allowed.',
  },
  minValue: {
    reason: 'MIN_VALUE_EXCEEDED',
    message: 'You provided a numeric parameter that has a smaller value than allowed.',
  },
  maxValue: {
    reason: 'MAX_VALUE_EXCEEDED',
    message: 'You provided a numeric parameter that has a larger value than allowed.',
  },
  enum: { reason: 'INVALID_ENUM', message: 'You specified an invalid value.' },
  null: {
    reason: 'INVALID_LIST_MEMBER',
    message: 'You provided a list to a parameter that contains at least one invalid value.',
  },
};

export function invalidInput(kind: Violation['kind'], detail?: string): AwsFault {
  const { reason, message } = INVALID_INPUT[kind];
  return new AwsFault('InvalidInputException', detail ? `${message} (${detail})` : message, 400, {
    Reason: reason,
  });
}

export const organizationsService: JsonService = {
  service: 'organizations',
  model: organizationsModel,
  operations: organizationsOperations,
  invalid: ([first]) => invalidInput(first?.kind ?? 'required', first ? `at '${first.path}'` : undefined),
};
