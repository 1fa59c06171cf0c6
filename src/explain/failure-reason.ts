import { text } from './evidence';

/** What kind of problem an AWS `FailureReason` (permission set provisioning or assignment creation) names. */
export type FailureReasonKind =
  | 'missing-policy'
  | 'account-not-active'
  | 'quota'
  | 'conflict'
  | 'protected-role'
  | 'principal-missing'
  | 'unknown';

export interface TranslatedFailureReason {
  kind: FailureReasonKind;
  /** One sentence for an administrator; for an unknown reason it quotes AWS's own text. */
  plain: string;
  /** The same for the person whose access failed: no ids, no AWS terms, never the raw text. */
  plainForEmployee: string;
  /** What an administrator should remove or change before trying again. */
  remedy: string;
}

interface Rule {
  kind: Exclude<FailureReasonKind, 'unknown'>;
  /** Any one of these in the reason is a match. Tried in the order of RULES, most specific first. */
  patterns: readonly RegExp[];
  plain: string;
  plainForEmployee: string;
  remedy: string;
}

const RULES: readonly Rule[] = [
  {
    kind: 'missing-policy',
    patterns: [
      /polic(y|ies)\b[^.]*\b(not found|does ?n[o']t exist|do not exist|no such)/i,
      /\b404\b[^.]*polic/i,
      /customer[ -]managed polic/i,
      /permissions? boundary[^.]*(not found|does ?n[o']t exist|no such)/i,
      /NoSuchEntity/i,
    ],
    plain:
      'The permission set references a customer managed policy (or a permissions boundary) that does not exist in the target account.',
    plainForEmployee:
      'It relies on a set of permission rules that is missing from that account, so it could not be set up there.',
    remedy:
      'Create the referenced policy in the target account with exactly the same name and path, or remove the reference from the permission set, then try again.',
  },
  {
    kind: 'principal-missing',
    patterns: [
      /\b(user|group|principal)\b[^.]*\b(does ?n[o']t exist|do not exist|not found|no longer exists|was deleted)/i,
      /\bprincipal\b[^.]*\b(invalid|unknown)/i,
    ],
    plain:
      'The user or group the assignment is for no longer exists in the identity store (it was deleted, or deleted and re-created with a new id).',
    plainForEmployee:
      'The access was given to a version of your user or group that no longer exists, so it could not be set up.',
    remedy:
      'Create the assignment for the principal that exists now (look the user or group up by name), and delete the assignment to the old id.',
  },
  {
    kind: 'account-not-active',
    patterns: [
      /\bsuspended\b/i,
      /\bclos(ed|ure|ing)\b/i,
      /not (a member of|in|part of) (the|your|an|this) organi[sz]ation/i,
      /\bAccountNotFound\b/i,
      /\baccount\b[^.]*\b(does ?n[o']t exist|not found|is not active|inactive)/i,
    ],
    plain:
      'The target account is suspended, closed or being closed, or no longer part of the organization, so Identity Center cannot create its role there.',
    plainForEmployee:
      'The AWS account itself is not available at the moment (it may have been suspended or closed), so the access could not be set up there.',
    remedy:
      'Restore the account (or bring it back into the organization), or remove the assignment if the account is gone for good.',
  },
  {
    kind: 'protected-role',
    patterns: [/protected role/i, /AWSReservedSSO/i, /only modifiable by AWS/i],
    plain:
      'The role Identity Center manages in the account (AWSReservedSSO_…) could not be changed: it may only be changed through Identity Center, and something in the account changed or blocks it.',
    plainForEmployee: 'A safeguard in that account stopped the access from being updated.',
    remedy:
      'Make the change through the permission set in Identity Center rather than in IAM, look for service control policies or automation in the account that touch AWSReservedSSO_ roles, then re-provision.',
  },
  {
    kind: 'quota',
    patterns: [
      /\bquota\b/i,
      /\blimit(s)? (exceeded|reached)\b/i,
      /\bLimitExceeded\b/i,
      /\bcannot exceed\b/i,
      /\btoo many\b/i,
      /\brate exceeded\b/i,
      /\bthrottl/i,
    ],
    plain:
      'AWS refused it because a limit was reached: too many requests at once, or a quota such as the number of IAM roles or policies in the account.',
    plainForEmployee:
      'AWS was handling too many changes at that moment, or hit one of its limits, so it did not go through.',
    remedy:
      'Try again in a few minutes; if it fails the same way, check the quota named in the reason (IAM roles or policies in the target account, or Identity Center limits) and raise it or clean up.',
  },
  {
    kind: 'conflict',
    patterns: [
      /\bconflict/i,
      /\bconcurrent/i,
      /\b(another|other) (operation|request|update|provisioning)/i,
      /\balready in progress\b/i,
      /\bin progress\b/i,
    ],
    plain: 'Another change to the same permission set or account was running at the same time.',
    plainForEmployee:
      'Another change to the same access was being made at the same moment, so this one was stopped.',
    remedy: 'Wait for the other operation to finish, then try again.',
  },
];

const UNKNOWN_FOR_EMPLOYEE =
  'It failed on the AWS side, for a reason an administrator will need to look into.';

/** Turns an AWS `FailureReason` into one plain sentence for the admin and a safe one for the employee. */
export function translateFailureReason(reason: string | undefined): TranslatedFailureReason {
  const raw = text(reason);
  if (!raw) {
    return {
      kind: 'unknown',
      plain: 'It failed, and AWS gave no reason.',
      plainForEmployee: UNKNOWN_FOR_EMPLOYEE,
      remedy: 'Look at the request in the Identity Center console; if nothing explains it, try again once.',
    };
  }
  const rule = RULES.find((r) => r.patterns.some((p) => p.test(raw)));
  if (rule) {
    return {
      kind: rule.kind,
      plain: rule.plain,
      plainForEmployee: rule.plainForEmployee,
      remedy: rule.remedy,
    };
  }
  return {
    kind: 'unknown',
    plain: `It failed for a reason the bot does not recognise; AWS said: "${raw}"`,
    plainForEmployee: UNKNOWN_FOR_EMPLOYEE,
    remedy: 'Read the reason AWS gave, remove its cause, then try again.',
  };
}
