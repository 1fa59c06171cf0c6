import { type ConsolePlaceholder, fillConsolePath } from '../diagnosis/catalogue/schema';
import { CATALOGUE, type CauseId, SYMPTOM_POINTS_TO, type SymptomId } from '../diagnosis/causes';
import type { Finding, FixProposal } from '../diagnosis/types';
import {
  classifyScimFailure,
  clip,
  type Evidence,
  flag,
  formatTime,
  joinList,
  num,
  plural,
  records,
  type ScimProblem,
  text,
  texts,
  unique,
} from './evidence';
import { translateFailureReason } from './failure-reason';
import type { AdminExplainer, AdminExplanation, ExplainContext } from './types';

/*
 * What an Identity Center administrator reads: the ids, ARNs and names behind the finding, the times
 * and request ids, where to click in the console, the API action that shows or fixes it, and a remedy.
 * The console path, the API action and the remedy come from the cause's catalogue metadata
 * (src/diagnosis/catalogue/<cause-id>/meta.ts); an explainer here overrides them only where the
 * finding makes them more particular (an external IdP, a failed creation rather than provisioning, an
 * account's exact state).
 */

const IC = 'IAM Identity Center';

interface Parts {
  headline: string;
  /** Facts particular to this cause; the finding's context, the user and the proposed fix are added. */
  details: Array<string | undefined>;
  /** Instead of the catalogue's console path, when the finding calls for another page. */
  consolePath?: string | undefined;
  /** Names for the catalogue console path's placeholders, where the finding knows better. */
  fill?: Partial<Record<ConsolePlaceholder, string | undefined>>;
  /** Instead of the catalogue's API action. */
  apiAction?: string | undefined;
  /** Instead of the catalogue's remedy, when the finding makes it more particular. */
  remedy?: string | undefined;
}

// --- labels ---------------------------------------------------------------------------------------

/** "name (id)", "name", "id", or undefined. */
function labelled(name: unknown, id: unknown): string | undefined {
  const n = text(name);
  const i = text(id);
  if (n && i && n !== i) return `${n} (${i})`;
  return n ?? i;
}

function accountLabel(f: Finding): string | undefined {
  return labelled(f.context.accountName, f.context.accountId);
}

function permissionSetLabel(f: Finding): string | undefined {
  return labelled(f.context.permissionSetName, f.context.permissionSetArn);
}

function userLabel(ctx: ExplainContext): string {
  const s = ctx.subject;
  if (s) return labelled(s.userName ?? s.displayName ?? s.identifier, s.userId) ?? 'the user';
  return text(ctx.request.user) ?? 'the user';
}

function accountConsole(f: Finding, tail: string): string {
  const account = text(f.context.accountName) ?? text(f.context.accountId) ?? '<account>';
  return `${IC} > Multi-account permissions > AWS accounts > ${account} > ${tail}`;
}

/** What the catalogue's console paths name, as far as the finding and the person say. */
function consoleNames(f: Finding, ctx: ExplainContext): Record<ConsolePlaceholder, string | undefined> {
  return {
    account: text(f.context.accountName) ?? text(f.context.accountId),
    permissionSet: text(f.context.permissionSetName),
    user: text(ctx.subject?.userName) ?? text(ctx.request.user),
    application: text(f.context.applicationName),
    group: text(f.context.groupName),
  };
}

const IDENTITY_SOURCE_CONSOLE = `${IC} > Settings > Identity source`;

/** A list entry of {accountId, accountName} as "name (id)". */
function accountEntries(value: unknown): string[] {
  return unique(records(value).flatMap((a) => labelled(a.accountName, a.accountId) ?? []));
}

// --- the lines every explanation ends with ----------------------------------------------------------

function contextLines(f: Finding): string[] {
  const c = f.context;
  const lines: Array<string | undefined> = [];
  const account = accountLabel(f);
  if (account) lines.push(`Account: ${account}`);
  const ps = permissionSetLabel(f);
  if (ps) lines.push(`Permission set: ${ps}`);
  const group = labelled(c.groupName, c.groupId);
  if (group) lines.push(`Group: ${group}`);
  const app = text(c.applicationName);
  if (app) lines.push(`Application: ${app}`);
  return lines.filter((l): l is string => l !== undefined);
}

function subjectLines(ctx: ExplainContext): string[] {
  const s = ctx.subject;
  if (!s) return [];
  const lines = [`User: ${userLabel(ctx)}${text(s.foundBy) ? `, found by ${s.foundBy}` : ''}`];
  const status = text(s.status);
  if (status) lines.push(`User status: ${status}`);
  const store = text(s.identityStoreId);
  const instance = text(s.instanceArn);
  if (store || instance)
    lines.push(`Identity store: ${store ?? 'unknown'}${instance ? `; instance: ${instance}` : ''}`);
  if (s.externallyManaged)
    lines.push('Identity source: external IdP (the user carries ExternalIds, so SCIM owns it)');
  return lines;
}

/** The fix the bot proposes, exactly as it will run it. */
export function describeFix(fix: FixProposal | null | undefined): string | undefined {
  if (!fix || typeof fix !== 'object') return undefined;
  switch (fix.fix) {
    case 'provision-permission-set':
      return `Proposed fix (needs approval): sso:ProvisionPermissionSet of ${text(fix.permissionSetArn) ?? 'the permission set'} to account ${text(fix.accountId) ?? '(unknown)'}`;
    case 'repoint-assignments': {
      const stale = Array.isArray(fix.stale) ? fix.stale.length : 0;
      return `Proposed fix (needs approval): re-create ${plural(stale, 'assignment')} for ${text(fix.principalType) ?? 'principal'} ${text(fix.newPrincipalId) ?? '(unknown)'} ("${text(fix.lastKnownName) ?? ''}") with sso:CreateAccountAssignment, then delete the stale ones with sso:DeleteAccountAssignment`;
    }
    case 'grant-account-access': {
      const account = text(fix.accountId) ?? 'an account the approver picks';
      const ps = text(fix.permissionSetArn) ?? 'a permission set the approver picks';
      return `Proposed fix (needs approval): sso:CreateAccountAssignment for user ${text(fix.principalId) ?? '(unknown)'} in ${account} with ${ps}`;
    }
    case 'add-to-group':
      return `Proposed fix (needs approval): identitystore:CreateGroupMembership adding user ${text(fix.userId) ?? '(unknown)'} to group ${labelled(fix.groupName, fix.groupId) ?? '(unknown)'} in ${text(fix.identityStoreId) ?? 'the identity store'}`;
    default:
      return undefined;
  }
}

function build(f: Finding, ctx: ExplainContext, parts: Parts): AdminExplanation {
  const meta = CATALOGUE[f.cause];
  const template = meta.consolePath;
  const consolePath =
    parts.consolePath ??
    (template
      ? fillConsolePath(template, { ...consoleNames(f, ctx), ...definedOnly(parts.fill) })
      : undefined);
  const apiAction = parts.apiAction ?? meta.apiAction;
  const at = formatTime(f.evidenceAt);
  const details = unique(
    [
      ...parts.details,
      ...contextLines(f),
      ...subjectLines(ctx),
      describeFix(f.fix),
      at ? `Most recent evidence: ${at}` : undefined,
    ].filter((l): l is string => l !== undefined && l !== ''),
  );
  return {
    headline: parts.headline.replace(/\s+/g, ' ').trim(),
    details,
    ...(consolePath ? { consolePath } : {}),
    ...(apiAction ? { apiAction } : {}),
    remedy: parts.remedy ?? meta.remedy,
  };
}

/** The names an explainer passes, without the ones it does not know (those keep the default). */
function definedOnly<T extends string>(
  names: Partial<Record<T, string | undefined>> | undefined,
): Partial<Record<T, string>> {
  return Object.fromEntries(Object.entries(names ?? {}).filter(([, v]) => v !== undefined)) as Partial<
    Record<T, string>
  >;
}

// --- shared knowledge -------------------------------------------------------------------------------

/** The SAML sign-in checklist (external IdP as identity source). */
export const SAML_CHECKLIST: readonly string[] = [
  'NameID format is email (…:nameid-format:emailAddress) and its value is an RFC 2822 address',
  'NameID equals the Identity Center username exactly, letter case included; the match is on username, never on email',
  `The ACS URL configured in the IdP equals this instance's ACS URL (${IDENTITY_SOURCE_CONSOLE}) exactly`,
  'The SAML response carries exactly one assertion, and it is not encrypted',
  'With attributes for access control enabled: at most 50 attributes, none multi-valued, no two with the same name, no structured XML values, and a SAML-specified Name format (not unspecified)',
  "The IdP certificate registered in Identity Center is the IdP's current signing certificate and has not expired",
  'Both sides keep correct time (NTP), so assertions are not outside their validity window',
];

function checklist(): string[] {
  return SAML_CHECKLIST.map((item) => `SAML check: ${item}`);
}

const SCIM_REMEDY: Record<ScimProblem, string> = {
  duplicate:
    'duplicate resource: username, primary email and externalId must each be unique in the store; find the other user holding the value and rename or remove one of them',
  'multi-value':
    'more than one value for a single-valued attribute (emails, phone numbers, addresses): map only one value (for example the work email) in the IdP, or remove the extra values',
  'missing-name':
    'given name, family name or display name empty or invalid: fill them in the IdP and make the mapping send non-empty values',
  'missing-path':
    'an update names no attribute path: usually an IdP attribute mapping sending an empty or unsupported attribute; remove or fix that mapping',
  other: 'see the message; the SCIM implementation guide lists the attributes Identity Center accepts',
};

// --- one entry per cause -------------------------------------------------------------------------------

function symptom(
  f: Finding,
  ctx: ExplainContext,
  meaning: string,
  extra: { consolePath?: string; details?: string[] } = {},
): AdminExplanation {
  const reported = text(f.evidence.reported);
  const pointsTo = SYMPTOM_POINTS_TO[f.cause as SymptomId] ?? [];
  return build(f, ctx, {
    headline: `Reported symptom: ${meaning}`,
    details: [
      reported ? `Reported: "${clip(reported, 300)}"` : undefined,
      pointsTo.length > 0 ? `Checks it points to: ${pointsTo.join(', ')}` : undefined,
      ...(extra.details ?? []),
    ],
    consolePath: extra.consolePath,
  });
}

function signinWindow(ev: Evidence): string | undefined {
  const first = formatTime(ev.firstAt);
  const last = formatTime(ev.lastAt);
  if (first && last && first !== last) return `between ${first} and ${last}`;
  if (last ?? first) return `at ${last ?? first}`;
  return undefined;
}

export const ADMIN_EXPLAINERS: Record<CauseId, AdminExplainer> = {
  // --- A. Setup ------------------------------------------------------------------------------------
  'instance-not-found': (f, ctx) => {
    const ev = f.evidence;
    const region = text(ev.region) ?? 'the configured Region';
    const seen = texts(ev.instancesSeen);
    const configured = text(ev.configuredInstanceArn);
    const ambiguous = flag(ev.ambiguous);
    const headline = ambiguous
      ? `${plural(seen.length, 'Identity Center instance')} visible in ${region} and none is configured`
      : configured
        ? `The configured instance ${configured} is not an active instance in ${region}`
        : `No active IAM Identity Center instance found in ${region}`;
    return build(f, ctx, {
      headline,
      details: [
        `Region: ${region}`,
        configured ? `Configured (IDENTITY_CENTER_INSTANCE_ARN): ${configured}` : undefined,
        seen.length > 0 ? `Instances seen: ${seen.join(', ')}` : 'Instances seen: none',
      ],
      remedy: ambiguous
        ? 'Set IDENTITY_CENTER_INSTANCE_ARN to the instance employees sign in to.'
        : undefined,
    });
  },

  'bot-permission-missing': (f, ctx) => {
    const action = text(f.evidence.action);
    const checks = texts(f.evidence.checks);
    return build(f, ctx, {
      headline: `The bot's role lacks ${action ?? 'an IAM permission'}; ${plural(checks.length, 'check')} could not run`,
      details: [
        action ? `Missing action: ${action}` : undefined,
        checks.length > 0 ? `Checks that could not run: ${checks.join(', ')}` : undefined,
        'This report is incomplete: causes those checks look for were not ruled out.',
      ],
      apiAction: action,
      remedy: `Grant ${action ?? 'the missing action'} to the bot's read-only diagnosis role, then diagnose again.`,
    });
  },

  // --- B. The user record --------------------------------------------------------------------------
  'user-not-found': (f, ctx) => {
    const identifier = text(f.evidence.identifier) ?? text(ctx.request.user) ?? 'the identifier given';
    const tried = texts(f.evidence.tried);
    return build(f, ctx, {
      headline: `No Identity Store user matches ${identifier}`,
      details: [tried.length > 0 ? `Tried: ${tried.join('; ')}` : undefined],
    });
  },

  'user-disabled': (f, ctx) => {
    const name = text(f.evidence.userName) ?? text(ctx.subject?.userName);
    const id = text(f.evidence.userId) ?? text(ctx.subject?.userId);
    const updated = formatTime(f.evidence.updatedAt);
    return build(f, ctx, {
      headline: `User ${labelled(name, id) ?? userLabel(ctx)} is disabled`,
      details: [
        id ? `User id: ${id}` : undefined,
        'UserStatus: DISABLED',
        updated ? `Last updated: ${updated}` : undefined,
      ],
      fill: { user: name },
      remedy: ctx.subject?.externallyManaged
        ? 'Set the user active in the IdP (SCIM would disable them again otherwise); a console "Enable user access" lasts only until the next sync. There is no public API to enable a user.'
        : undefined,
    });
  },

  'username-mismatch': (f, ctx) => {
    const ev = f.evidence;
    const userName = text(ev.userName) ?? text(ctx.subject?.userName);
    const expected = text(ev.expected);
    const caseOnly = userName && expected && userName.toLowerCase() === expected.toLowerCase();
    return build(f, ctx, {
      headline: `Username "${userName ?? '?'}" is not exactly the identifier the IdP sends ("${expected ?? '?'}")`,
      details: [
        userName ? `Identity Center username: ${userName}` : undefined,
        expected ? `Expected (sent as NameID): ${expected}` : undefined,
        text(ev.foundBy) ? `User found by: ${text(ev.foundBy)}` : undefined,
        caseOnly ? 'They differ only in letter case; the NameID must match the username exactly.' : undefined,
        ...checklist(),
      ],
      fill: { user: userName },
      remedy: ctx.subject?.externallyManaged
        ? undefined
        : 'Change the username in Identity Center (Users > user > Edit) to exactly the NameID the IdP sends, or change the IdP NameID mapping to send the username.',
    });
  },

  'username-not-email': (f, ctx) => {
    const userName = text(f.evidence.userName) ?? text(ctx.subject?.userName);
    return build(f, ctx, {
      headline: `Username "${userName ?? '?'}" is not an email address, but the SAML NameID must be one`,
      details: [userName ? `Identity Center username: ${userName}` : undefined, ...checklist()],
    });
  },

  'user-attributes-incomplete': (f, ctx) => {
    const missing = unique(texts(f.evidence.missing));
    return build(f, ctx, {
      headline: `User ${userLabel(ctx)} has no ${missing.length > 0 ? joinList(missing, 'or') : 'given, family or display name'}; SCIM updates for them are rejected`,
      details: [missing.length > 0 ? `Empty attributes: ${missing.join(', ')}` : undefined],
    });
  },

  'scim-sync-errors': (f, ctx) => {
    const failures = records(f.evidence.failures);
    const total = failures.reduce((sum, x) => sum + (num(x.count) ?? 1), 0);
    const lines = failures.map((x) => {
      const kind = text(x.kind);
      const message = text(x.message);
      const count = num(x.count);
      const last = formatTime(x.lastAt);
      return `SCIM failure${kind ? ` (${kind})` : ''}: ${message ? `"${clip(message, 300)}"` : 'no message'}${count !== undefined ? `, ${plural(count, 'time')}` : ''}${last ? `, last at ${last}` : ''}`;
    });
    const problems = unique(failures.map((x) => classifyScimFailure(x.kind, x.message)));
    return build(f, ctx, {
      headline: `${plural(total, 'SCIM provisioning failure')} for ${userLabel(ctx)} in the diagnosis window`,
      details: [
        ...lines,
        flag(f.evidence.truncated)
          ? 'More events exist than were read; the list may be incomplete.'
          : undefined,
        'Source: CloudTrail events from identitystore-scim.amazonaws.com with an error code',
      ],
      remedy: `Fix in the IdP, per message: ${(problems.length > 0 ? problems : (['other'] as ScimProblem[])).map((p) => SCIM_REMEDY[p]).join('; ')}.`,
    });
  },

  'principal-recreated': (f, ctx) => {
    const ev = f.evidence;
    const type = text(ev.principalType) ?? 'Principal';
    const name = text(ev.name) ?? '?';
    const stale = records(ev.staleAssignments);
    const lines = stale.map(
      (a) =>
        `Stale assignment: account ${labelled(a.accountName, a.accountId) ?? '?'}, permission set ${labelled(a.permissionSetName, a.permissionSetArn) ?? '?'}`,
    );
    const lastSeen = formatTime(ev.lastSeen);
    return build(f, ctx, {
      headline: `${type} "${name}" was re-created (new id ${text(ev.newPrincipalId) ?? '?'}); ${plural(stale.length, 'assignment')} still point at the old id ${text(ev.oldPrincipalId) ?? '?'}`,
      details: [
        text(ev.oldPrincipalId) ? `Old principal id (deleted): ${text(ev.oldPrincipalId)}` : undefined,
        text(ev.newPrincipalId) ? `New principal id: ${text(ev.newPrincipalId)}` : undefined,
        lastSeen ? `Old id last seen: ${lastSeen}` : undefined,
        ...lines,
      ],
    });
  },

  'ad-primary-group': (f, ctx) => {
    const group = text(f.evidence.groupName) ?? 'a primary group';
    const accounts = accountEntries(f.evidence.accounts);
    return build(f, ctx, {
      headline: `Access goes through "${group}", an Active Directory primary group Identity Center cannot read`,
      details: [accounts.length > 0 ? `Accounts assigned to it: ${accounts.join(', ')}` : undefined],
    });
  },

  // --- C. Access after sign-in ---------------------------------------------------------------------
  'no-assignments': (f, ctx) => {
    const groups = texts(f.evidence.groupsChecked);
    return build(f, ctx, {
      headline: `${userLabel(ctx)} has no account assignment, directly or through ${plural(groups.length, 'group')}${accountLabel(f) ? `; asked about ${accountLabel(f)}` : ''}`,
      details: [
        text(f.evidence.userId) ? `User id: ${text(f.evidence.userId)}` : undefined,
        groups.length > 0
          ? `Groups checked: ${groups.join(', ')}`
          : 'Groups checked: none (the user is in no group)',
      ],
    });
  },

  'not-assigned-to-account': (f, ctx) => {
    const mine = texts(f.evidence.yourGroups);
    const granting = records(f.evidence.groupsWithAccess).map(
      (g) =>
        `${labelled(g.groupName, g.groupId) ?? '?'}${text(g.permissionSetName) ? ` with ${text(g.permissionSetName)}` : ''}`,
    );
    const account = accountLabel(f) ?? 'the named account';
    const fix = f.fix;
    const addToGroup = fix?.fix === 'add-to-group';
    const group = (addToGroup ? text(fix.groupName) : undefined) ?? text(f.context.groupName) ?? '<group>';
    return build(f, ctx, {
      headline: `${userLabel(ctx)} has no assignment in ${account}`,
      details: [
        mine.length > 0 ? `User's groups: ${mine.join(', ')}` : "User's groups: none",
        granting.length > 0
          ? `Groups with access there: ${granting.join(', ')}`
          : 'No group has access there',
      ],
      consolePath: addToGroup ? `${IC} > Groups > ${group}` : undefined,
      apiAction: addToGroup ? 'identitystore:CreateGroupMembership' : undefined,
      remedy:
        granting.length > 0
          ? 'Add the user to one of the groups with access (in the IdP when users and groups are synced by SCIM, which would undo a change made here), or assign the account to the user or one of their groups.'
          : undefined,
    });
  },

  'permission-set-not-provisioned': (f, ctx) => {
    const via = text(f.evidence.via);
    return build(f, ctx, {
      headline: `${permissionSetLabel(f) ?? 'The permission set'} is assigned in ${accountLabel(f) ?? 'the account'} but not provisioned there`,
      details: [via ? `Assigned via: ${via}` : undefined],
    });
  },

  'permission-set-outdated': (f, ctx) => {
    const via = text(f.evidence.via);
    return build(f, ctx, {
      headline: `${permissionSetLabel(f) ?? 'The permission set'} in ${accountLabel(f) ?? 'the account'} is LATEST_PERMISSION_SET_NOT_PROVISIONED: edits were never pushed`,
      details: [via ? `Assigned via: ${via}` : undefined],
    });
  },

  'provisioning-in-progress': (f, ctx) => {
    const ev = f.evidence;
    const creation = text(ev.kind) === 'assignment-creation';
    const requestId = text(ev.requestId);
    const created = formatTime(ev.createdDate);
    return build(f, ctx, {
      headline: `${creation ? 'Assignment creation' : 'Provisioning'} ${requestId ?? ''} for ${permissionSetLabel(f) ?? 'the permission set'} in ${accountLabel(f) ?? 'the account'} is IN_PROGRESS${created ? ` since ${created}` : ''}`,
      details: [
        requestId ? `Request id: ${requestId}` : undefined,
        created ? `Started: ${created}` : undefined,
      ],
      apiAction: creation ? 'sso:DescribeAccountAssignmentCreationStatus' : undefined,
    });
  },

  'provisioning-failed': (f, ctx) => {
    const ev = f.evidence;
    const creation = text(ev.kind) === 'assignment-creation';
    const requestId = text(ev.requestId);
    const created = formatTime(ev.createdDate);
    const raw = text(ev.failureReason);
    const reason = translateFailureReason(raw);
    return build(f, ctx, {
      headline: `${creation ? 'Assignment creation' : 'Provisioning'} ${requestId ?? ''} for ${permissionSetLabel(f) ?? 'the permission set'} in ${accountLabel(f) ?? 'the account'} FAILED: ${reason.plain}`,
      details: [
        requestId ? `Request id: ${requestId}` : undefined,
        created ? `Started: ${created}` : undefined,
        raw ? `FailureReason: "${clip(raw, 500)}"` : 'FailureReason: none given',
        `Reason kind: ${reason.kind}`,
      ],
      apiAction: creation ? 'sso:CreateAccountAssignment' : undefined,
      remedy: `${reason.remedy} Then ${creation ? 'create the same assignment again' : 're-provision the permission set to the account'}${f.fix ? ' (approve the proposed fix once the cause is gone)' : ''}.`,
    });
  },

  'account-not-active': (f, ctx) => {
    const state = text(f.evidence.state)?.toUpperCase() ?? 'not ACTIVE';
    const remedies: Record<string, string> = {
      SUSPENDED: 'Restore the account (reopen it within the post-closure period), or remove the assignment.',
      PENDING_CLOSURE: 'Reopen the account if it is still needed, or remove the assignment.',
      CLOSED:
        'Reopen the account within the post-closure period if it is still needed, or remove the assignment.',
      PENDING_ACTIVATION: 'Wait for the account to finish activating, then provision again.',
      NOT_IN_ORGANIZATION: 'Invite the account back into the organization, or remove the assignment.',
    };
    return build(f, ctx, {
      headline: `Account ${accountLabel(f) ?? '(unknown)'} is ${state}; provisioning there fails`,
      details: [`Account state: ${state}`],
      remedy: remedies[state],
    });
  },

  'permission-set-empty': (f, ctx) => {
    const accounts = accountEntries(f.evidence.accounts);
    return build(f, ctx, {
      headline: `Permission set ${permissionSetLabel(f) ?? '(unknown)'} has no policy at all (no inline, AWS managed or customer managed policy)`,
      details: [accounts.length > 0 ? `Provisioned to: ${accounts.join(', ')}` : undefined],
    });
  },

  'permission-set-deny-only': (f, ctx) => {
    const denied = texts(f.evidence.deniedActions);
    return build(f, ctx, {
      headline: `Permission set ${permissionSetLabel(f) ?? '(unknown)'} contains only Deny statements`,
      details: [denied.length > 0 ? `Denied actions: ${clip(denied.join(', '), 400)}` : undefined],
    });
  },

  'application-not-assigned': (f, ctx) => {
    const arn = text(f.evidence.applicationArn);
    const app =
      labelled(f.context.applicationName, arn) ?? text(ctx.request.application) ?? 'the application';
    return build(f, ctx, {
      headline: `${userLabel(ctx)} is not assigned to application ${app}`,
      details: [arn ? `Application ARN: ${arn}` : undefined],
    });
  },

  'management-account-restricted': (f, ctx) => {
    const ev = f.evidence;
    const management = text(ev.managementAccountId);
    const caller = text(ev.callerAccount);
    const fixes = texts(ev.fixes);
    return build(f, ctx, {
      headline: `The fix targets the management account${management ? ` ${management}` : ''}, which the delegated administrator${caller ? ` (${caller})` : ''} may not change`,
      details: [
        management ? `Management account: ${management}` : undefined,
        caller ? `Bot runs in: ${caller} (delegated administrator)` : undefined,
        fixes.length > 0 ? `Fixes that need the management account: ${fixes.join(', ')}` : undefined,
      ],
    });
  },

  // --- D. Sign-in evidence -------------------------------------------------------------------------
  'password-failures': (f, ctx) => {
    const count = num(f.evidence.count);
    const when = signinWindow(f.evidence);
    return build(f, ctx, {
      headline: `${count !== undefined ? plural(count, 'failed password verification') : 'Failed password verifications'} for ${userLabel(ctx)}${when ? ` ${when}` : ''}`,
      details: [
        'CloudTrail: CredentialVerification failures with CredentialType PASSWORD',
        count !== undefined ? `Failures: ${count}` : undefined,
      ],
    });
  },

  'mfa-code-failures': (f, ctx) => {
    const count = num(f.evidence.count);
    const type = text(f.evidence.credentialType) ?? 'TOTP';
    const when = signinWindow(f.evidence);
    return build(f, ctx, {
      headline: `${count !== undefined ? plural(count, `failed ${type} verification`) : `Failed ${type} verifications`} for ${userLabel(ctx)}${when ? ` ${when}` : ''}`,
      details: [`CloudTrail: CredentialVerification failures with CredentialType ${type}`],
    });
  },

  'mfa-registration-required': (f, ctx) => {
    const step = text(f.evidence.step);
    const last = formatTime(f.evidence.lastAt);
    return build(f, ctx, {
      headline: `${userLabel(ctx)} was asked to register an MFA device${last ? ` at ${last}` : ''} and never completed sign-in`,
      details: [step ? `Last step: ${step}` : undefined],
    });
  },

  'external-idp-login-failed': (f, ctx) => {
    const count = num(f.evidence.count);
    const last = formatTime(f.evidence.lastAt);
    const messages = unique(texts(f.evidence.errorMessages));
    return build(f, ctx, {
      headline: `${count !== undefined ? plural(count, 'failed ExternalIdPDirectoryLogin event') : 'Failed ExternalIdPDirectoryLogin events'} for ${userLabel(ctx)}${last ? `, last at ${last}` : ''}`,
      details: [...messages.map((m) => `Error message: "${clip(m, 300)}"`), ...checklist()],
    });
  },

  'signin-works': (f, ctx) => {
    const last = formatTime(f.evidence.lastSuccessAt);
    const types = texts(f.evidence.credentialTypes);
    return build(f, ctx, {
      headline: `${userLabel(ctx)} signed in successfully${last ? ` at ${last}` : ' in the window'}${types.length > 0 ? ` (${types.join(', ')})` : ''}`,
      details: ['CloudTrail: successful UserAuthentication'],
    });
  },

  // --- E. Reported symptoms: the remedy, console path and API action are the catalogue's ------------
  'symptom-request-not-completed': (f, ctx) =>
    symptom(
      f,
      ctx,
      '"Your request could not be completed": usually no account assignment, or no Identity Store user',
    ),

  'symptom-no-accounts': (f, ctx) =>
    symptom(f, ctx, 'no accounts (or a missing account) in the access portal'),

  'symptom-redirect-loop': (f, ctx) =>
    symptom(f, ctx, 'the browser loops between the IdP and the access portal'),

  'symptom-mfa-not-verified': (f, ctx) => symptom(f, ctx, '"Your MFA device could not be verified"'),

  'symptom-invalid-mfa-credentials': (f, ctx) =>
    symptom(
      f,
      ctx,
      '"Invalid MFA credentials" with an external IdP: the user is usually not provisioned yet',
    ),

  'symptom-unexpected-error': (f, ctx) =>
    symptom(f, ctx, '"An unexpected error has occurred"', { details: checklist() }),

  'symptom-not-you-its-us': (f, ctx) =>
    symptom(f, ctx, '"It\'s not you, it\'s us"', { details: checklist() }),

  'symptom-browser-not-supported': (f, ctx) =>
    symptom(f, ctx, '"Browser not supported" while registering an MFA device'),

  'symptom-upn-sign-in': (f, ctx) => symptom(f, ctx, 'an AD user cannot sign in with user@domain'),

  'symptom-password-reset-failed': (f, ctx) => symptom(f, ctx, '"We couldn\'t update your password"'),

  'symptom-no-emails': (f, ctx) => symptom(f, ctx, 'invitation or verification emails never arrive'),

  'symptom-access-denied-in-account': (f, ctx) =>
    symptom(f, ctx, 'signed in to the account, but actions are denied', {
      // Without a permission set to name, the account's permission sets are the place to start.
      ...(f.context.permissionSetName ? {} : { consolePath: accountConsole(f, 'Permission sets') }),
    }),

  'symptom-protected-role': (f, ctx) =>
    symptom(f, ctx, 'editing an AWSReservedSSO_ role in IAM failed (protected role)'),

  'symptom-delegated-admin': (f, ctx) =>
    symptom(
      f,
      ctx,
      'a delegated administrator tried to change permission sets provisioned in the management account',
    ),

  'symptom-abac-enable-failed': (f, ctx) =>
    symptom(f, ctx, '"Attributes for access control failed to enable"'),

  'symptom-cloud-app': (f, ctx) =>
    symptom(
      f,
      ctx,
      `the SAML application ${text(f.context.applicationName) ?? text(ctx.request.application) ?? ''} rejects the sign-in`,
      { details: checklist() },
    ),
};
