import { type Audience, CAUSES, type CauseId } from '../diagnosis/causes';
import type { Finding } from '../diagnosis/types';
import {
  classifyScimFailure,
  joinList,
  num,
  records,
  safeName,
  text,
  texts,
  unique,
  capitalize as upper,
} from './evidence';
import { translateFailureReason } from './failure-reason';
import type { EmployeeExplainer, EmployeeExplanation, ExplainContext, WhoActs } from './types';

/*
 * What the person who cannot get in reads. Rules for every entry: second person, short, friendly; no
 * AWS jargon, no API or action names, no ids (account ids, ARNs, UUIDs, request ids); the account and
 * permission set names they see in their portal; never their fault when an administrator has to act.
 */

const WHO_FOR_AUDIENCE: Record<Audience, WhoActs> = {
  user: 'you',
  admin: 'admin',
  'idp-admin': 'idp-admin',
  wait: 'nobody',
};

/** Who acts, from the catalogue: the first audience listed for the cause. */
export function catalogueWhoActs(cause: CauseId): WhoActs {
  return WHO_FOR_AUDIENCE[CAUSES[cause].audience[0]];
}

const SIGN_IN_SYSTEM = "your company's sign-in system (for example Okta or Entra ID)";

const NEXT = {
  adminFix: "An administrator has been asked to approve a fix; you'll get a message here when it's done.",
  adminManual:
    "This needs an AWS administrator, and I can't change it myself. Pass this message to your IT help desk: my report tells them exactly what to look at.",
  idpAdmin: `This is set up in ${SIGN_IN_SYSTEM}, which I can't change. Ask the team that runs it (usually IT or the help desk) to take a look: my report tells them what to check.`,
  wait: "Nothing for you to do: this usually finishes within a few minutes, and I'll tell you when it has.",
  retry: "If it still doesn't work after that, ask me again and I'll take another look.",
} as const;

const NOTHING_TO_CHANGE = 'Nothing to change on your side.';

function adminNext(f: Finding): string {
  return f.fix ? NEXT.adminFix : NEXT.adminManual;
}

/** The names the person sees in their access portal, when the finding or their request has them. */
interface Names {
  account: string | undefined;
  permissionSet: string | undefined;
  application: string | undefined;
}

function namesOf(f: Finding, ctx: ExplainContext): Names {
  const c = f.context;
  // The account as the person typed it, only when the finding names no other account.
  const typedAccount = c.accountId ? undefined : safeName(ctx.request.account);
  return {
    account: safeName(c.accountName) ?? typedAccount,
    permissionSet: safeName(c.permissionSetName),
    application: safeName(c.applicationName) ?? safeName(ctx.request.application),
  };
}

/** "your ReadOnly access to staging", degrading to "your access to one of your AWS accounts". */
function accessPhrase(n: Names): string {
  const kind = n.permissionSet ? `your ${n.permissionSet} access` : 'your access';
  if (n.account) return `${kind} to ${n.account}`;
  return n.permissionSet ? kind : 'your access to one of your AWS accounts';
}

/** "the staging account", or "one of your AWS accounts". */
function accountPhrase(n: Names): string {
  return n.account ? `the ${n.account} account` : 'one of your AWS accounts';
}

/** An account name from an evidence list entry, with the permission set when it has one. */
function accessFromEntry(entry: Record<string, unknown>): string | undefined {
  const account = safeName(entry.accountName);
  if (!account) return undefined;
  const ps = safeName(entry.permissionSetName);
  return ps ? `${ps} access to ${account}` : `access to ${account}`;
}

function explanation(
  whoActs: WhoActs,
  headline: string,
  body: string,
  nextSteps: string[],
  whatHappensNext: string,
): EmployeeExplanation {
  return { headline: upper(headline), body, whoActs, nextSteps, whatHappensNext };
}

const RESET_PASSWORD =
  'Choose "Forgot password?" on the AWS sign-in page and set a new password that meets the rules shown there.';
const CLOCK_TO_AUTOMATIC =
  'On the phone (or other device) with your authenticator app, set the date and time to automatic in its settings, so its clock is exact.';
const REGISTER_AUTHENTICATOR =
  'Sign in again and follow the steps to register an authenticator app (for example Google Authenticator or Microsoft Authenticator) or a security key, and finish every step, including the first code.';

export const EMPLOYEE_EXPLAINERS: Record<CauseId, EmployeeExplainer> = {
  // --- A. Setup ------------------------------------------------------------------------------------
  'instance-not-found': (f) =>
    explanation(
      catalogueWhoActs(f.cause),
      "I couldn't find your company's AWS sign-in setup, so I can't check your access yet.",
      "This is a problem with how I'm set up, not with your account: I'm looking in the wrong place, or I see more than one setup and can't tell which one is yours.",
      ['If you need access urgently, contact your IT help desk directly in the meantime.'],
      'My administrators need to point me at the right setup. Once they have, ask me again and I can check properly.',
    ),

  'bot-permission-missing': (f) =>
    explanation(
      catalogueWhoActs(f.cause),
      "I couldn't check everything: some of my checks weren't allowed to run.",
      "That's a gap in my own permissions, nothing to do with you. Everything I could check is in this report, but the parts I couldn't see may hide the real reason.",
      ['If nothing else in this report explains your problem, ask your IT help desk to look at it directly.'],
      'My report names what I was missing, so an administrator can give me what I need and I can check fully next time.',
    ),

  // --- B. The user record --------------------------------------------------------------------------
  'user-not-found': (f, ctx) => {
    const identifier = text(f.evidence.identifier) ?? text(ctx.request.user);
    const shown = identifier && /^[^\s@]+@[^\s@]+$/.test(identifier) ? ` under ${identifier}` : '';
    return explanation(
      catalogueWhoActs(f.cause),
      "I couldn't find you among the people who can sign in to AWS.",
      `Nobody has been set up for AWS sign-in${shown}. People are never added automatically the first time they try to sign in: someone has to add you, or ${SIGN_IN_SYSTEM} has to send your details over first.`,
      [
        'Check that you used your work email address; if not, ask me again with it.',
        'If you were only given AWS access recently, it may not have reached AWS yet.',
      ],
      "An AWS administrator, or whoever runs your company's sign-in system, needs to add you. Pass this message to your IT help desk: my report tells them what I looked for.",
    );
  },

  'user-disabled': (_f, ctx) => {
    const viaSignInSystem = ctx.subject?.externallyManaged === true;
    return explanation(
      viaSignInSystem ? 'idp-admin' : 'admin',
      'Your AWS sign-in has been switched off.',
      "You're set up for AWS, but your user is currently disabled, so every sign-in is turned away. That's often deliberate (for example after a change of team), but it can also be a mistake.",
      [
        'If you think it should be on, tell your manager or the IT help desk that your AWS sign-in is disabled.',
      ],
      viaSignInSystem
        ? `It has to be switched back on in ${SIGN_IN_SYSTEM}; I can't do that myself.`
        : "An AWS administrator has to switch it back on; I can't do that myself.",
    );
  },

  'username-mismatch': (_f, ctx) =>
    explanation(
      ctx.subject?.externallyManaged === false ? 'admin' : 'idp-admin',
      "Your company's sign-in system and AWS know you by slightly different names, so AWS turns you away.",
      `When you sign in, ${SIGN_IN_SYSTEM} tells AWS who you are. AWS only lets you in when that name matches the one it has for you exactly, capital letters included, and right now the two differ.`,
      [NOTHING_TO_CHANGE],
      ctx.subject?.externallyManaged === false ? NEXT.adminManual : NEXT.idpAdmin,
    ),

  'username-not-email': (f) =>
    explanation(
      catalogueWhoActs(f.cause),
      "Your AWS user name isn't an email address, so your company's sign-in system can't be matched to it.",
      `When you sign in through ${SIGN_IN_SYSTEM}, AWS is told your email address and looks for a user with exactly that name. Yours was set up with a different kind of name, so the two never match.`,
      [NOTHING_TO_CHANGE],
      NEXT.idpAdmin,
    ),

  'user-attributes-incomplete': (f) => {
    const labels: Record<string, string> = {
      GivenName: 'first name',
      FamilyName: 'last name',
      DisplayName: 'display name',
    };
    const missing = unique(texts(f.evidence.missing).flatMap((m) => (labels[m] ? [labels[m]] : [])));
    const what =
      missing.length > 0
        ? `Your ${joinList(missing)} ${missing.length === 1 ? 'is' : 'are'}`
        : 'Part of your name is';
    return explanation(
      catalogueWhoActs(f.cause),
      "Some of your details are missing in AWS, so updates about you aren't getting through.",
      `${what} empty. While that's the case, AWS refuses the updates ${SIGN_IN_SYSTEM} sends about you, such as new groups, so newly given access may never arrive.`,
      [
        "Check that your first name, last name and display name are filled in on your company profile; if you can't edit them, ask the help desk to.",
      ],
      NEXT.idpAdmin,
    );
  },

  'scim-sync-errors': (f) => {
    const problems = unique(records(f.evidence.failures).map((x) => classifyScimFailure(x.kind, x.message)));
    const reasons: string[] = [];
    if (problems.includes('duplicate'))
      reasons.push('someone else has the same user name or email address as you');
    if (problems.includes('multi-value'))
      reasons.push(
        'your profile has more than one value where AWS accepts only one, such as two email addresses or phone numbers',
      );
    if (problems.includes('missing-name')) reasons.push('part of your name is empty on your profile');
    const why = reasons.length > 0 ? ` It looks like ${reasons.join(', and ')}.` : '';
    const steps = problems.includes('multi-value')
      ? [
          'If your company profile lists more than one work email, phone number or address, ask the help desk which one to keep.',
        ]
      : [NOTHING_TO_CHANGE];
    return explanation(
      catalogueWhoActs(f.cause),
      "Your company's sign-in system has been failing to send your latest details to AWS.",
      `Recent updates about you were turned down, so changes such as new groups or a new email address may not have reached AWS.${why}`,
      steps,
      NEXT.idpAdmin,
    );
  },

  'principal-recreated': (f) => {
    const ev = f.evidence;
    const isGroup = text(ev.principalType) === 'GROUP';
    const name = safeName(ev.name);
    const affected = unique(records(ev.staleAssignments).flatMap((a) => accessFromEntry(a) ?? []));
    const who = isGroup
      ? `The group ${name ?? 'that gives you this access'} was deleted and created again`
      : 'Your user was deleted and created again';
    const scope = affected.length > 0 ? ` This affects your ${joinList(affected)}.` : '';
    return explanation(
      catalogueWhoActs(f.cause),
      isGroup
        ? `Your access stopped working after the ${name ? `${name} group` : 'group it comes through'} was re-created.`
        : 'Your access stopped working after your user was re-created.',
      `${who} in ${SIGN_IN_SYSTEM}. AWS treats the new one as a different ${isGroup ? 'group' : 'person'}, so the access given to the old one no longer reaches you, even though the name still looks right.${scope}`,
      [NOTHING_TO_CHANGE],
      adminNext(f),
    );
  },

  'ad-primary-group': (f) => {
    const group = safeName(f.evidence.groupName);
    const accounts = unique(records(f.evidence.accounts).flatMap((a) => safeName(a.accountName) ?? []));
    const where = accounts.length > 0 ? ` to ${joinList(accounts)}` : '';
    return explanation(
      catalogueWhoActs(f.cause),
      group
        ? `Your access${where} comes through the ${group} group, which AWS can't see into.`
        : `Your access${where} comes through a built-in directory group that AWS can't see into.`,
      `${group ?? 'That group'} is a built-in default group in your company directory, and AWS can never read who belongs to it. So access given through it never reaches anyone, you included.`,
      [NOTHING_TO_CHANGE],
      f.fix
        ? NEXT.adminFix
        : 'An AWS administrator needs to give you this access through a different group. Pass this message to your IT help desk: my report tells them exactly what to change.',
    );
  },

  // --- C. Access after sign-in ---------------------------------------------------------------------
  'no-assignments': (f, ctx) => {
    const n = namesOf(f, ctx);
    return explanation(
      catalogueWhoActs(f.cause),
      n.account
        ? `You haven't been given access to any AWS accounts yet, ${n.account} included.`
        : "You haven't been given access to any AWS accounts yet.",
      "You're set up to sign in, but neither you nor any of your groups has been given an account, so your portal has nothing to show.",
      [
        'If you know which account and which level of access you need (for example read-only), tell your manager or the help desk so the right one is given.',
      ],
      adminNext(f),
    );
  },

  'not-assigned-to-account': (f, ctx) => {
    const n = namesOf(f, ctx);
    const target = n.account ?? 'that account';
    const granting = unique(records(f.evidence.groupsWithAccess).flatMap((g) => safeName(g.groupName) ?? []));
    const body =
      granting.length > 0
        ? `People get access to ${target} through the ${joinList(granting, 'or')} ${granting.length === 1 ? 'group' : 'groups'}, and you're not a member.`
        : `Neither you nor any of your groups has been given access to ${target}.`;
    const fix = f.fix;
    const groupName = fix?.fix === 'add-to-group' ? safeName(fix.groupName) : undefined;
    return explanation(
      catalogueWhoActs(f.cause),
      n.account
        ? `You don't have access to ${n.account} yet.`
        : "You don't have access to that AWS account yet.",
      body,
      granting.length > 0
        ? [
            `If you should be in ${joinList(granting, 'or')}, ask your manager to confirm it, so the change can be approved quickly.`,
          ]
        : ['Ask your manager to confirm which access you need there, so the change can be approved quickly.'],
      groupName
        ? `An administrator has been asked to approve adding you to ${groupName}; you'll get a message here when it's done.`
        : adminNext(f),
    );
  },

  'permission-set-not-provisioned': (f, ctx) => {
    const n = namesOf(f, ctx);
    return explanation(
      catalogueWhoActs(f.cause),
      `${accessPhrase(n)} has been given to you but hasn't been set up in ${n.account ? 'that account' : 'the account'} yet.`,
      "The account itself was never prepared for this access, usually because an earlier attempt failed or was undone. Until it is, the portal can't take you in with it.",
      [NOTHING_TO_CHANGE],
      adminNext(f),
    );
  },

  'permission-set-outdated': (f, ctx) => {
    const n = namesOf(f, ctx);
    return explanation(
      catalogueWhoActs(f.cause),
      `${accessPhrase(n)} was changed, but the change hasn't reached ${n.account ? 'that account' : 'the account'} yet.`,
      "Someone updated what this access allows, but the update was never pushed out to the account, so you're still getting the old version. That's often why something you were told you could do is refused.",
      [NOTHING_TO_CHANGE],
      adminNext(f),
    );
  },

  'provisioning-in-progress': (f, ctx) => {
    const n = namesOf(f, ctx);
    const justGiven = text(f.evidence.kind) === 'assignment-creation';
    return explanation(
      catalogueWhoActs(f.cause),
      `${accessPhrase(n)} is being set up right now.`,
      justGiven
        ? 'You were just given this access, and AWS is still preparing it in the account. Until it finishes, the account may be missing from your portal.'
        : 'AWS is still applying a recent change to this access. Until it finishes, the account may be missing from your portal or refuse some actions.',
      ['Once I tell you it has finished, refresh your portal.'],
      NEXT.wait,
    );
  },

  'provisioning-failed': (f, ctx) => {
    const n = namesOf(f, ctx);
    const reason = translateFailureReason(text(f.evidence.failureReason));
    return explanation(
      catalogueWhoActs(f.cause),
      `Setting up ${accessPhrase(n)} failed.`,
      `${reason.plainForEmployee} Nothing you did caused this.`,
      [NOTHING_TO_CHANGE],
      adminNext(f),
    );
  },

  'account-not-active': (f, ctx) => {
    const n = namesOf(f, ctx);
    const state = text(f.evidence.state)?.toUpperCase();
    const why: Record<string, string> = {
      SUSPENDED: 'The account has been suspended, so nobody can get into it until it is restored.',
      CLOSED: 'The account has been closed, so nobody can get into it any more.',
      PENDING_CLOSURE: 'The account is being closed, so nobody can get into it any more.',
      PENDING_ACTIVATION: "The account is still being opened, so it can't be used yet.",
      NOT_IN_ORGANIZATION:
        "The account is no longer part of your company's AWS organisation, so access to it can't be set up.",
    };
    return explanation(
      catalogueWhoActs(f.cause),
      `${accountPhrase(n)} isn't available right now.`,
      (state && why[state]) ?? "The account isn't active at the moment, so access to it can't be set up.",
      [
        `If you still need to work in ${n.account ?? 'that account'}, ask your manager whether this was intended, or which account to use instead.`,
      ],
      f.fix
        ? NEXT.adminFix
        : "An AWS administrator needs to bring the account back or remove it from your access; I can't change this myself.",
    );
  },

  'permission-set-empty': (f, ctx) => {
    const n = namesOf(f, ctx);
    return explanation(
      catalogueWhoActs(f.cause),
      `${accessPhrase(n)} lets you in, but doesn't allow you to do anything yet.`,
      'This access was created without any permissions in it, so every action in the account is refused. Nothing is wrong with your sign-in.',
      [NOTHING_TO_CHANGE],
      adminNext(f),
    );
  },

  'permission-set-deny-only': (f, ctx) => {
    const n = namesOf(f, ctx);
    return explanation(
      catalogueWhoActs(f.cause),
      `${accessPhrase(n)} only contains rules that block actions, and none that allow them.`,
      'So you can get into the account, but everything you try there is refused. Nothing is wrong with your sign-in.',
      [NOTHING_TO_CHANGE],
      adminNext(f),
    );
  },

  'application-not-assigned': (f, ctx) => {
    const n = namesOf(f, ctx);
    const app = n.application ?? 'that application';
    return explanation(
      catalogueWhoActs(f.cause),
      `You haven't been given access to ${app}.`,
      `Neither you nor any of your groups has been given ${app}, so it doesn't appear in your portal and won't let you in.`,
      [`Ask your manager to confirm that you need ${app}, so the change can be approved quickly.`],
      adminNext(f),
    );
  },

  'management-account-restricted': (f, ctx) => {
    const n = namesOf(f, ctx);
    return explanation(
      catalogueWhoActs(f.cause),
      `The fix for ${accessPhrase(n)} has to be made from your company's main AWS account, which I'm not allowed to change.`,
      'This access lives in the account that runs your whole AWS organisation. For safety, I can only make changes in the other accounts.',
      [NOTHING_TO_CHANGE],
      'An administrator who works in that main account has to make the change by hand. Pass this message to your IT help desk: my report tells them what to change.',
    );
  },

  // --- D. Sign-in evidence -------------------------------------------------------------------------
  'password-failures': (f) => {
    const count = num(f.evidence.count);
    const times = count === undefined || count < 2 ? '' : ` ${count} times`;
    return explanation(
      catalogueWhoActs(f.cause),
      `Your password was turned down${times} recently.`,
      "The AWS sign-in page is getting a password that doesn't match. It may be an old password, or a password manager filling in the wrong one.",
      [
        RESET_PASSWORD,
        'Then sign in again and type the new password yourself rather than letting the browser fill it in.',
        'If your company has you use your usual work (for example Windows) password here, reset that one the way you normally would instead.',
      ],
      NEXT.retry,
    );
  },

  'mfa-code-failures': (f) =>
    explanation(
      catalogueWhoActs(f.cause),
      'The codes from your authenticator app are being turned down.',
      'This nearly always means the clock on the device running your app is slightly off: each code is only valid for a short, exact moment.',
      [CLOCK_TO_AUTOMATIC, 'Wait for a fresh code to appear, then sign in again and type it straight away.'],
      NEXT.retry,
    ),

  'mfa-registration-required': (f) =>
    explanation(
      catalogueWhoActs(f.cause),
      'You need to set up a second sign-in step before you can get in.',
      "After your password, AWS asks for a second check, such as a code from an app on your phone or a security key, and you haven't set one up yet (or the set-up wasn't finished).",
      [REGISTER_AUTHENTICATOR],
      NEXT.retry,
    ),

  'external-idp-login-failed': (f) =>
    explanation(
      catalogueWhoActs(f.cause),
      "AWS turned down the sign-in passed on by your company's sign-in system.",
      `You signed in with ${SIGN_IN_SYSTEM}, but AWS didn't accept what it sent, so you were sent back or shown an error. This is a set-up problem between the two systems, not your password.`,
      ["There's no need to reset your password."],
      NEXT.idpAdmin,
    ),

  'signin-works': (f) =>
    explanation(
      catalogueWhoActs(f.cause),
      'Your sign-in itself works: you signed in successfully recently.',
      'So the problem is more likely after sign-in (which accounts you see, or what you can do in them), or in your browser.',
      [
        'If the portal misbehaves, try a private (incognito) window, or clear the cookies for the AWS sign-in pages.',
      ],
      NEXT.retry,
    ),

  // --- E. Reported symptoms ------------------------------------------------------------------------
  'symptom-request-not-completed': (f) =>
    explanation(
      catalogueWhoActs(f.cause),
      '"Your request could not be completed" usually means AWS has no access set up for you yet.',
      "Despite the wording, trying again later rarely helps. It normally appears when you haven't been given any AWS account, or when you haven't been added to AWS sign-in at all.",
      [NOTHING_TO_CHANGE],
      adminNext(f),
    ),

  'symptom-no-accounts': (f, ctx) => {
    const n = namesOf(f, ctx);
    return explanation(
      catalogueWhoActs(f.cause),
      n.account
        ? `When ${n.account} is missing from your portal, the access behind it is almost always incomplete.`
        : 'A missing account in your portal almost always means the access behind it is incomplete.',
      "Either you haven't been given that account yet, or you were given it but it hasn't been set up in the account.",
      ['Sign out of the portal and back in, in case the list was from before a recent change.'],
      adminNext(f),
    );
  },

  'symptom-redirect-loop': (f) =>
    explanation(
      catalogueWhoActs(f.cause),
      "Your browser is bouncing between your company's sign-in page and AWS.",
      'That is usually the browser: blocked or stale cookies, or an old sign-in session that never ends.',
      [
        'Open a private (incognito) window and sign in from the AWS portal link your company gave you.',
        "If that works, clear the cookies for your company's sign-in page and the AWS portal in your normal window, and allow cookies for both.",
        "Sign out of your company's sign-in system completely, then try again.",
      ],
      "If it still loops in a private window, the cause is in the set-up between your company's sign-in system and AWS: ask me again and I'll point your help desk at it.",
    ),

  'symptom-mfa-not-verified': (f) =>
    explanation(
      catalogueWhoActs(f.cause),
      "Your second sign-in step couldn't be checked.",
      "With an authenticator app this nearly always means the device's clock is slightly off. Otherwise, the device may not have been registered yet.",
      [
        CLOCK_TO_AUTOMATIC,
        `If you never finished setting one up: ${REGISTER_AUTHENTICATOR.charAt(0).toLowerCase()}${REGISTER_AUTHENTICATOR.slice(1)}`,
      ],
      NEXT.retry,
    ),

  'symptom-invalid-mfa-credentials': (f) =>
    explanation(
      catalogueWhoActs(f.cause),
      '"Invalid MFA credentials" here usually means AWS hasn\'t received your details yet.',
      `When you sign in through ${SIGN_IN_SYSTEM}, AWS needs a copy of your user first, and it never makes one on the spot. Until that copy arrives, sign-in fails with this message, whatever code you enter.`,
      [
        'If you were given AWS access in the last hour or so, wait a little and try again: the copy can take a while to arrive.',
      ],
      NEXT.idpAdmin,
    ),

  'symptom-unexpected-error': (f) =>
    explanation(
      catalogueWhoActs(f.cause),
      '"An unexpected error has occurred" usually points to a set-up mismatch, not to something you did.',
      "It commonly appears when your company's sign-in system and AWS disagree about who you are, when your AWS sign-in is switched off, or, with an authenticator app, when your device's clock is off.",
      [
        `If it happened while you entered a code from an authenticator app: ${CLOCK_TO_AUTOMATIC.charAt(0).toLowerCase()}${CLOCK_TO_AUTOMATIC.slice(1)}`,
      ],
      `If it isn't the clock, the fix is on the administrators' side. ${NEXT.idpAdmin}`,
    ),

  'symptom-not-you-its-us': (f) =>
    explanation(
      catalogueWhoActs(f.cause),
      "\"It's not you, it's us\" means a set-up problem between your company's sign-in system and AWS.",
      'Typical reasons are an expired certificate or service account, details about you sent in a form AWS does not accept, or clocks that are out of step. None of them is on your side.',
      [NOTHING_TO_CHANGE],
      NEXT.idpAdmin,
    ),

  'symptom-browser-not-supported': (f) =>
    explanation(
      catalogueWhoActs(f.cause),
      "Your browser can't register this kind of sign-in device.",
      'Security keys and built-in authenticators (such as a fingerprint reader) only work in some browsers and on some systems, so some options are greyed out.',
      [
        'Try again in a current version of Chrome, Firefox, Edge or Safari.',
        'Or register an authenticator app on your phone instead: it works in any browser.',
      ],
      NEXT.retry,
    ),

  'symptom-upn-sign-in': (f) =>
    explanation(
      catalogueWhoActs(f.cause),
      'Try signing in with the short, Windows-style form of your name instead of the email-style one.',
      "With your company's directory and the extra sign-in check it uses, AWS only accepts your name as your domain, a backslash, then your user name (for example CORP\\alice), the same way you may sign in to Windows.",
      ['On the sign-in page, enter DOMAIN\\yourname instead of yourname@yourcompany.com.'],
      NEXT.retry,
    ),

  'symptom-password-reset-failed': (f) =>
    explanation(
      catalogueWhoActs(f.cause),
      "Your new password wasn't accepted.",
      'Most often the new password misses one of the password rules. Less often, a very long user name or unusual characters in it make the reset fail whatever you choose.',
      [
        'Try again with a password that meets every rule shown on the page (long enough, with upper- and lower-case letters, a number and a symbol).',
        "If it fails again with a password you're sure meets the rules, tell your IT help desk: an administrator may need to reset it for you.",
      ],
      NEXT.retry,
    ),

  'symptom-no-emails': (f) =>
    explanation(
      catalogueWhoActs(f.cause),
      "Emails from AWS sign-in aren't reaching you.",
      'Invitations and verification codes come from no-reply@signin.aws or no-reply@login.awsapps.com, and mail filters sometimes hold them back.',
      [
        'Look in your spam, junk and quarantine folders for mail from those two addresses.',
        'If nothing is there, ask your IT help desk to allow both senders, then ask for the email to be sent again.',
      ],
      NEXT.retry,
    ),

  'symptom-access-denied-in-account': (f, ctx) => {
    const n = namesOf(f, ctx);
    return explanation(
      catalogueWhoActs(f.cause),
      n.account || n.permissionSet
        ? `${accessPhrase(n)} doesn't allow what you're trying to do.`
        : "You can get into the account, but your access there doesn't allow what you're trying to do.",
      'Your sign-in is fine: the refusal comes from the permissions that come with your access. They may be missing, block everything, or be waiting for a recent change to be pushed out.',
      [
        'Copy the exact error text and note what you were doing, and share both with the help desk: it tells the administrator what is missing.',
        'If your portal offers you more than one kind of access to this account, check you picked the right one.',
      ],
      adminNext(f),
    );
  },

  'symptom-protected-role': (f) =>
    explanation(
      catalogueWhoActs(f.cause),
      'That role is managed by AWS sign-in, so it can only be changed from there.',
      'AWS created the role named in the error so that people can use their access in this account, and it refuses direct edits. The change has to be made to that access itself, which is then pushed out to every account that uses it.',
      [
        'If you were trying to change what that role allows, ask an AWS administrator to change the access it comes from instead.',
      ],
      NEXT.adminManual,
    ),

  'symptom-delegated-admin': (f) =>
    explanation(
      catalogueWhoActs(f.cause),
      "That change has to be made from your company's main AWS account.",
      'The access you tried to change was set up in the account that runs your whole AWS organisation, and only someone working in that account can change it.',
      ['Ask someone who works in the main account to make the change.'],
      NEXT.adminManual,
    ),

  'symptom-abac-enable-failed': (f) =>
    explanation(
      catalogueWhoActs(f.cause),
      "The person turning on this setting doesn't have a permission it needs.",
      'Turning on access rules based on user details needs permission to change who may use roles, and whoever tried does not have it.',
      [
        'If that was you, ask an administrator for the missing permission (my report names it), then try again.',
      ],
      NEXT.adminManual,
    ),

  'symptom-cloud-app': (f, ctx) => {
    const n = namesOf(f, ctx);
    return explanation(
      catalogueWhoActs(f.cause),
      n.application
        ? `The ${n.application} application isn't accepting your sign-in from AWS.`
        : "The application isn't accepting your sign-in from AWS.",
      `Each application connected to your AWS sign-in needs its own set-up to match exactly, and you need to have been given the application. When either is missing, it turns you away.`,
      ['Open the application from its tile in your AWS portal rather than from a bookmark.'],
      adminNext(f),
    );
  },
};
