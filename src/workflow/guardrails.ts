import type { FixProposal } from '../diagnosis/types';
import type { ApprovalPicks } from '../tickets/types';
import type { PermissionSetFacts } from './types';

/**
 * What no approved fix may do, as declarative statements (like sso-elevator's approval statements),
 * judged by one pure function that returns the reason. The same settings feed the CDK app, which adds
 * an explicit Deny for the protected accounts to the fix role: a guardrail is enforced twice.
 */
export type GuardrailStatement =
  /** No fix writes in these accounts (the management account always). */
  | { kind: 'protect-accounts'; accountIds: readonly string[]; why: string }
  /** Only these permission sets may be granted or provisioned: by name, or by a tag key=value. */
  | {
      kind: 'allow-permission-sets';
      names: readonly string[];
      tag?: { key: string; value: string } | undefined;
    }
  /** Permission sets whose name matches need a second, different approver. */
  | { kind: 'two-approvers'; namePattern: string };

/** The guardrail settings (env `PROTECTED_ACCOUNT_IDS`, `ALLOWED_PERMISSION_SETS`,
 * `ALLOWED_PERMISSION_SET_TAG`, `TWO_APPROVER_PERMISSION_SETS`; CDK context of the same meaning). */
export interface GuardrailSettings {
  protectedAccountIds: readonly string[];
  /** Unset (and no tag): every permission set may be granted. */
  allowedPermissionSetNames?: readonly string[] | undefined;
  allowedPermissionSetTag?: { key: string; value: string } | undefined;
  /** A case-insensitive regular expression on the permission set's name. */
  twoApproverPattern: string;
}

export const DEFAULT_TWO_APPROVER_PATTERN = 'administrator|admin|poweruser|fullaccess';

/** The statements in force, with the management account (read at decision time) protected too. */
export function guardrailStatements(
  settings: GuardrailSettings,
  managementAccountId: string,
): GuardrailStatement[] {
  const statements: GuardrailStatement[] = [
    {
      kind: 'protect-accounts',
      accountIds: [managementAccountId],
      why: 'the management account controls the whole organization',
    },
  ];
  const configured = settings.protectedAccountIds.filter((id) => id !== managementAccountId);
  if (configured.length > 0) {
    statements.push({
      kind: 'protect-accounts',
      accountIds: configured,
      why: 'it is a protected account in this deployment',
    });
  }
  if (settings.allowedPermissionSetNames?.length || settings.allowedPermissionSetTag) {
    statements.push({
      kind: 'allow-permission-sets',
      names: settings.allowedPermissionSetNames ?? [],
      tag: settings.allowedPermissionSetTag,
    });
  }
  if (settings.twoApproverPattern) {
    statements.push({ kind: 'two-approvers', namePattern: settings.twoApproverPattern });
  }
  return statements;
}

/** The accounts and permission sets a fix writes to (with the admin's picks). */
export function targetsOf(
  fix: FixProposal,
  picks: ApprovalPicks,
): { accountIds: string[]; permissionSetArns: string[] } {
  const unique = (xs: Array<string | undefined>) => [
    ...new Set(xs.filter((x): x is string => typeof x === 'string')),
  ];
  switch (fix.fix) {
    case 'provision-permission-set': {
      // A multi-target provisioning writes in every account of its targets.
      const all = [
        { accountId: fix.accountId, permissionSetArn: fix.permissionSetArn },
        ...(fix.targets ?? []),
      ];
      return {
        accountIds: unique(all.map((t) => t.accountId)),
        permissionSetArns: unique(all.map((t) => t.permissionSetArn)),
      };
    }
    case 'grant-account-access':
      return {
        accountIds: unique([fix.accountId ?? picks.accountId]),
        permissionSetArns: unique([fix.permissionSetArn ?? picks.permissionSetArn]),
      };
    case 'repoint-assignments':
      return {
        accountIds: unique(fix.stale.map((s) => s.accountId)),
        permissionSetArns: unique(fix.stale.map((s) => s.permissionSetArn)),
      };
    case 'add-to-group':
      // A membership writes in the identity store only; the group's own assignments were approved when
      // they were made.
      return { accountIds: [], permissionSetArns: [] };
  }
}

/** The verdict on one fix. */
export type Verdict =
  | { kind: 'allow'; secondApprover: boolean }
  | { kind: 'deny'; reason: string; statement: GuardrailStatement['kind'] };

const nameOf = (ps: PermissionSetFacts) => ps.name ?? ps.arn;

function allowedByList(
  statement: Extract<GuardrailStatement, { kind: 'allow-permission-sets' }>,
  ps: PermissionSetFacts,
): boolean {
  if (ps.name && statement.names.some((n) => n.toLowerCase() === ps.name?.toLowerCase())) return true;
  const tag = statement.tag;
  return tag !== undefined && ps.tags?.[tag.key] === tag.value;
}

/** Judges a fix's targets against every statement: the first statement that forbids it gives the reason.
 * Pure: the caller reads the facts (and refuses when it cannot). */
export function judge(
  statements: readonly GuardrailStatement[],
  targets: { accountIds: readonly string[]; permissionSets: readonly PermissionSetFacts[] },
): Verdict {
  let secondApprover = false;
  for (const statement of statements) {
    switch (statement.kind) {
      case 'protect-accounts': {
        const hit = targets.accountIds.find((id) => statement.accountIds.includes(id));
        if (hit) {
          return {
            kind: 'deny',
            statement: statement.kind,
            reason: `No fix may change access in account ${hit}: ${statement.why}. Make this change by hand if it is really needed.`,
          };
        }
        break;
      }
      case 'allow-permission-sets': {
        const refused = targets.permissionSets.find((ps) => !allowedByList(statement, ps));
        if (refused) {
          const how = [
            statement.names.length > 0 ? `named ${statement.names.join(', ')}` : '',
            statement.tag ? `tagged ${statement.tag.key}=${statement.tag.value}` : '',
          ]
            .filter(Boolean)
            .join(' or ');
          return {
            kind: 'deny',
            statement: statement.kind,
            reason: `Permission set ${nameOf(refused)} is not one the bot may grant (only those ${how}).`,
          };
        }
        break;
      }
      case 'two-approvers': {
        const pattern = new RegExp(statement.namePattern, 'i');
        if (targets.permissionSets.some((ps) => pattern.test(nameOf(ps)))) secondApprover = true;
        break;
      }
      default:
        return assertNever(statement);
    }
  }
  return { kind: 'allow', secondApprover };
}

/** The guardrails in plain words, for the approval card. */
export function describeGuardrails(statements: readonly GuardrailStatement[]): string[] {
  return statements.map((s) => {
    switch (s.kind) {
      case 'protect-accounts':
        return `No writes in ${s.accountIds.join(', ')} (${s.why}).`;
      case 'allow-permission-sets':
        return `Only these permission sets may be granted: ${[
          ...s.names,
          ...(s.tag ? [`any tagged ${s.tag.key}=${s.tag.value}`] : []),
        ].join(', ')}.`;
      case 'two-approvers':
        return `Permission sets matching /${s.namePattern}/i need a second approver.`;
      default:
        return assertNever(s);
    }
  });
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}

/** Reads what the guardrails need of a fix and judges it: for flows that have no ticket report of a
 * person (the drift repairs). `blocked` when the management account or a permission set cannot be read:
 * a guard that cannot be evaluated refuses, it never lets the fix through. */
export async function judgeFixLive(
  fix: FixProposal,
  settings: GuardrailSettings,
  reads: {
    managementAccountId(): Promise<string>;
    permissionSet(instanceArn: string, arn: string, withTags: boolean): Promise<PermissionSetFacts>;
  },
): Promise<{ kind: 'allow'; secondApprover: boolean } | { kind: 'deny' | 'blocked'; reason: string }> {
  const { accountIds, permissionSetArns } = targetsOf(fix, {});
  let managementAccountId: string;
  let permissionSets: PermissionSetFacts[];
  try {
    managementAccountId = await reads.managementAccountId();
    const instanceArn = 'instanceArn' in fix ? fix.instanceArn : '';
    permissionSets = await Promise.all(
      permissionSetArns.map((arn) =>
        reads.permissionSet(instanceArn, arn, settings.allowedPermissionSetTag !== undefined),
      ),
    );
  } catch (error) {
    const what = error instanceof Error ? error.message : String(error);
    return {
      kind: 'blocked',
      reason: `The guardrails could not be checked (${what}), so the fix is blocked.`,
    };
  }
  const verdict = judge(guardrailStatements(settings, managementAccountId), { accountIds, permissionSets });
  return verdict.kind === 'allow' ? verdict : { kind: 'deny', reason: verdict.reason };
}
