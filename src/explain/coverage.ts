import type { Coverage } from '../diagnosis/facts/coverage';

/*
 * What the person is told when the bot found no cause. "Nothing wrong" is a claim about evidence, so
 * it is only made when every check read all it needed (causes.md, "What the bot could not see");
 * otherwise the answer says what could not be checked, in plain words, and never blames the browser.
 */

/** What each check looks at, in the employee's words (no API names, no ids). */
const EMPLOYEE_TOPIC: Record<string, string> = {
  'instance-not-found': "your company's AWS sign-in set-up",
  'user-not-found': 'your AWS user',
  'user-disabled': 'your AWS user',
  'username-mismatch': 'your AWS user',
  'username-not-email': 'your AWS user',
  'user-attributes-incomplete': 'your AWS user',
  'scim-sync-errors': 'updates to your AWS user from the company directory',
  'principal-recreated': 'whether your access still points at your current user',
  'ad-primary-group': 'the groups that give you access',
  'no-assignments': 'which AWS accounts you have access to',
  'not-assigned-to-account': 'which AWS accounts you have access to',
  'account-not-active': 'whether your AWS accounts are open',
  'application-not-assigned': 'your access to the application',
  'management-account-restricted': 'which AWS accounts you have access to',
  'permission-set-not-provisioned': 'whether your access is set up inside each account',
  'permission-set-outdated': 'whether your access is set up inside each account',
  'provisioning-in-progress': 'recent changes to your access',
  'provisioning-failed': 'recent changes to your access',
  'permission-set-empty': 'what your access lets you do in the accounts',
  'permission-set-deny-only': 'what your access lets you do in the accounts',
  'password-failures': 'your recent sign-in attempts',
  'mfa-code-failures': 'your recent sign-in attempts',
  'mfa-registration-required': 'your recent sign-in attempts',
  'external-idp-login-failed': 'your recent sign-in attempts',
  'signin-works': 'your recent sign-in attempts',
};

/** The distinct things the person should know were not checked, in the order the checks ran. */
export function uncheckedTopics(coverage: Coverage): string[] {
  const topics = coverage.gaps.map((g) => EMPLOYEE_TOPIC[g.check] ?? 'part of your AWS access');
  return [...new Set(topics)];
}

/** The employee's answer when no cause was found: a plain all-clear only on a complete read. */
export function explainNothingFound(
  coverage: Coverage,
  options: { adminsTold: boolean },
): { headline: string; body: string; complete: boolean } {
  if (coverage.complete) {
    return {
      headline: "I couldn't find anything wrong with your AWS access.",
      body:
        'I read your sign-in attempts and your access in full and they look fine, so the trouble is most ' +
        'likely in the browser or in the link you use to get in.',
      complete: true,
    };
  }
  const topics = uncheckedTopics(coverage);
  return {
    headline: 'I found nothing wrong in what I could check, but I could not check everything.',
    body:
      `I could not check: ${topics.join('; ')}. ` +
      'So this is not an all-clear: the problem may be in what I could not see. ' +
      (options.adminsTold
        ? 'The administrators have been told what stopped me.'
        : 'Press “Get a human” or ask your IT help desk, and show them this message.'),
    complete: false,
  };
}

/** The admin's one line for the same case. */
export function adminNothingFound(coverage: Coverage): string {
  if (coverage.complete)
    return 'No problem found: every check read its evidence in full; sign-in and access look healthy.';
  return `No cause found in what could be read, but ${coverage.gaps.length} check${coverage.gaps.length === 1 ? '' : 's'} could not be completed: this is not an all-clear.`;
}
