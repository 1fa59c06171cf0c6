import { type Audience, CAUSE_IDS, CAUSES, type CauseId } from '../../src/diagnosis/causes';
import { EMPLOYEE_EXPLAINERS, employeeHeadline, explainForEmployee, type WhoActs } from '../../src/explain';
import {
  contextFor,
  employeeText,
  explainContext,
  FIXTURES,
  findingFor,
  forbiddenIn,
  garbageFinding,
  IDS,
  NAMES,
  SUBJECT,
} from './fixtures';

const WHO: Record<Audience, WhoActs> = {
  user: 'you',
  admin: 'admin',
  'idp-admin': 'idp-admin',
  wait: 'nobody',
};
const ADMIN_FIX_NEXT =
  "An administrator has been asked to approve a fix; you'll get a message here when it's done.";
const WAIT_NEXT =
  "Nothing for you to do: this usually finishes within a few minutes, and I'll tell you when it has.";

function allowedWhoActs(cause: CauseId): WhoActs[] {
  return CAUSES[cause].audience.map((a) => WHO[a]);
}

test('there is exactly one employee explainer per catalogue cause', () => {
  expect(Object.keys(EMPLOYEE_EXPLAINERS).sort()).toEqual([...CAUSE_IDS].sort());
});

describe.each(CAUSE_IDS)('employee explanation of %s', (cause) => {
  const scope = FIXTURES[cause].scope;

  test('names the account, permission set and application the person sees', () => {
    const e = explainForEmployee(findingFor(cause), explainContext());
    const text = employeeText(e);
    if (scope === 'account' || scope === 'account+ps') expect(text).toContain(NAMES.account);
    if (scope === 'account+ps') expect(text).toContain(NAMES.permissionSet);
    if (scope === 'app') expect(text).toContain(NAMES.application);
    expect(forbiddenIn(text)).toEqual([]);
  });

  test('contains no API names, ids or jargon, with every name and id in context', () => {
    const context = {
      ...contextFor('account+ps'),
      groupId: IDS.groupId,
      groupName: NAMES.group,
      applicationName: NAMES.application,
    };
    const e = explainForEmployee(findingFor(cause, { context }), explainContext());
    expect(forbiddenIn(employeeText(e))).toEqual([]);
  });

  test('falls back gracefully when the context has ids but no names', () => {
    const context = { accountId: IDS.account, permissionSetArn: IDS.permissionSetArn, groupId: IDS.groupId };
    const e = explainForEmployee(findingFor(cause, { context }), explainContext());
    const text = employeeText(e);
    expect(forbiddenIn(text)).toEqual([]);
    expect(text).not.toMatch(/ {2}| \.|\bto \.|\( ?\)/);
  });

  test('never throws and never leaks placeholders on empty evidence, no context and no subject', () => {
    const finding = { ...findingFor(cause, { scope: 'none' }), evidence: {}, fix: null };
    const e = explainForEmployee(finding, { subject: null, request: { user: 'alice@example.com' } });
    expect(forbiddenIn(employeeText(e))).toEqual([]);
    expect(e.headline.length).toBeGreaterThan(10);
    expect(e.body.length).toBeGreaterThan(10);
    expect(e.whatHappensNext.length).toBeGreaterThan(10);
  });

  test('survives evidence of the wrong types', () => {
    const e = explainForEmployee(garbageFinding(cause), explainContext());
    expect(forbiddenIn(employeeText(e))).toEqual([]);
  });

  test('whoActs follows the catalogue audience', () => {
    for (const subject of [SUBJECT, { ...SUBJECT, externallyManaged: false }, null]) {
      const e = explainForEmployee(findingFor(cause), explainContext({ subject }));
      expect(allowedWhoActs(cause)).toContain(e.whoActs);
    }
  });

  test('reads as sentences: a capitalised headline ending in punctuation, one line each', () => {
    const e = explainForEmployee(findingFor(cause), explainContext());
    expect(e.headline).toMatch(/^["A-Z].*[.!"]$/);
    for (const line of [e.headline, e.body, e.whatHappensNext, ...e.nextSteps]) {
      expect(line).not.toContain('\n');
      expect(line.trim()).toBe(line);
    }
  });
});

describe('what happens next', () => {
  const adminFixed = CAUSE_IDS.filter(
    (c) => CAUSES[c].audience[0] === 'admin' && FIXTURES[c].fix && FIXTURES[c].fix?.fix !== 'add-to-group',
  );

  test.each(adminFixed)('%s with a proposed fix says an administrator was asked to approve it', (cause) => {
    expect(explainForEmployee(findingFor(cause), explainContext()).whatHappensNext).toBe(ADMIN_FIX_NEXT);
  });

  test('an add-to-group fix names the group', () => {
    const e = explainForEmployee(findingFor('not-assigned-to-account'), explainContext());
    expect(e.whatHappensNext).toBe(
      `An administrator has been asked to approve adding you to ${NAMES.group}; you'll get a message here when it's done.`,
    );
    expect(e.body).toContain(NAMES.group);
  });

  test('admin causes without a fix do not promise an approval', () => {
    const finding = { ...findingFor('permission-set-not-provisioned'), fix: null };
    const e = explainForEmployee(finding, explainContext());
    expect(e.whoActs).toBe('admin');
    expect(e.whatHappensNext).not.toMatch(/approve/);
    expect(e.whatHappensNext).toMatch(/administrator/);
  });

  test('provisioning in progress: nobody acts, the bot reports back', () => {
    const e = explainForEmployee(findingFor('provisioning-in-progress'), explainContext());
    expect(e.whoActs).toBe('nobody');
    expect(e.whatHappensNext).toBe(WAIT_NEXT);
    expect(e.headline).toBe(
      `Your ${NAMES.permissionSet} access to ${NAMES.account} is being set up right now.`,
    );
  });

  test("idp-admin causes send the person to whoever runs the company's sign-in system", () => {
    const e = explainForEmployee(findingFor('external-idp-login-failed'), explainContext());
    expect(e.whoActs).toBe('idp-admin');
    expect(e.whatHappensNext).toContain("your company's sign-in system (for example Okta or Entra ID)");
  });
});

describe('self-help for the person', () => {
  test('password failures: reset the password', () => {
    const e = explainForEmployee(findingFor('password-failures'), explainContext());
    expect(e.whoActs).toBe('you');
    expect(e.headline).toBe('Your password was turned down 4 times recently.');
    expect(e.nextSteps.join(' ')).toMatch(/Forgot password\?/);
  });

  test('code failures: set the phone clock to automatic', () => {
    const e = explainForEmployee(findingFor('mfa-code-failures'), explainContext());
    expect(e.whoActs).toBe('you');
    expect(e.body).toMatch(/clock/);
    expect(e.nextSteps.join(' ')).toMatch(/date and time to automatic/);
  });

  test('registration required: register an authenticator', () => {
    const e = explainForEmployee(findingFor('mfa-registration-required'), explainContext());
    expect(e.whoActs).toBe('you');
    expect(e.nextSteps.join(' ')).toMatch(/register an authenticator app .* or a security key/);
  });

  test('missing emails: names both senders to allow', () => {
    const text = employeeText(explainForEmployee(findingFor('symptom-no-emails'), explainContext()));
    expect(text).toContain('no-reply@signin.aws');
    expect(text).toContain('no-reply@login.awsapps.com');
  });

  test('down-level logon name for AD with context-aware MFA', () => {
    const text = employeeText(explainForEmployee(findingFor('symptom-upn-sign-in'), explainContext()));
    expect(text).toContain('DOMAIN\\yourname');
  });
});

describe('names and fallbacks', () => {
  test('the portal names make the headline', () => {
    expect(employeeHeadline(findingFor('permission-set-not-provisioned'), explainContext())).toBe(
      `Your ${NAMES.permissionSet} access to ${NAMES.account} has been given to you but hasn't been set up in that account yet.`,
    );
  });

  test('without names it speaks of "one of your AWS accounts"', () => {
    const e = explainForEmployee(findingFor('provisioning-failed', { scope: 'none' }), explainContext());
    expect(e.headline).toBe('Setting up your access to one of your AWS accounts failed.');
  });

  test('an account name the person typed is used when the finding names no account', () => {
    const finding = findingFor('symptom-no-accounts', { scope: 'none' });
    const e = explainForEmployee(finding, explainContext({ request: { user: 'alice', account: 'sandbox' } }));
    expect(e.headline).toContain('sandbox');
  });

  test('an account id typed by the person is never echoed', () => {
    const finding = findingFor('symptom-no-accounts', { scope: 'none' });
    const e = explainForEmployee(
      finding,
      explainContext({ request: { user: 'alice', account: IDS.account } }),
    );
    expect(forbiddenIn(employeeText(e))).toEqual([]);
  });

  test('an id sitting where a name should be is not shown', () => {
    const context = {
      accountId: IDS.account,
      accountName: IDS.account,
      permissionSetName: IDS.permissionSetArn,
    };
    const e = explainForEmployee(findingFor('permission-set-outdated', { context }), explainContext());
    expect(forbiddenIn(employeeText(e))).toEqual([]);
    expect(e.headline).toMatch(/^Your access to one of your AWS accounts was changed/);
  });

  test('a re-created group lists the access it affected by name', () => {
    const e = explainForEmployee(findingFor('principal-recreated'), explainContext());
    expect(e.body).toContain(`${NAMES.permissionSet} access to ${NAMES.account}`);
    expect(e.body).toContain(`${NAMES.otherPermissionSet} access to ${NAMES.otherAccount}`);
    expect(e.headline).toContain(NAMES.group);
  });

  test('the AD primary group is named', () => {
    const e = explainForEmployee(findingFor('ad-primary-group'), explainContext());
    expect(e.headline).toContain('Domain Users');
  });

  test('a failed provisioning explains the reason in plain words', () => {
    const e = explainForEmployee(findingFor('provisioning-failed'), explainContext());
    expect(e.body).toMatch(/missing from that account/);
    expect(e.body).not.toMatch(/404|Policy not found/);
  });

  test('incomplete attributes are named in plain words', () => {
    const e = explainForEmployee(findingFor('user-attributes-incomplete'), explainContext());
    expect(e.body).toMatch(/^Your last name and display name are empty\./);
  });

  test('the reported error text is never repeated back with its ids', () => {
    const e = explainForEmployee(findingFor('symptom-protected-role'), explainContext());
    expect(employeeText(e)).not.toMatch(/AWSReservedSSO|0123456789abcdef/);
  });
});

describe('whose job it is', () => {
  test('the bot lacking a permission is never the person to act', () => {
    const e = explainForEmployee(findingFor('bot-permission-missing'), explainContext());
    expect(e.whoActs).toBe('admin');
    expect(e.headline).toMatch(/^I couldn't check everything/);
    expect(e.body).toMatch(/nothing to do with you/);
  });

  test('a disabled user fed by the sign-in system is for the sign-in system team; otherwise for AWS admins', () => {
    const external = explainForEmployee(findingFor('user-disabled'), explainContext());
    expect(external.whoActs).toBe('idp-admin');
    const local = explainForEmployee(
      findingFor('user-disabled'),
      explainContext({ subject: { ...SUBJECT, externallyManaged: false } }),
    );
    expect(local.whoActs).toBe('admin');
  });

  test('a finding with a cause this build does not know is explained without crashing', () => {
    const finding = { ...findingFor('no-assignments'), cause: 'brand-new-cause' as CauseId };
    const e = explainForEmployee(finding, explainContext());
    expect(e.whoActs).toBe('admin');
    expect(forbiddenIn(employeeText(e))).toEqual([]);
  });

  test('evidence that is not an object is treated as empty', () => {
    const finding = {
      ...findingFor('scim-sync-errors'),
      evidence: null as unknown as Record<string, unknown>,
    };
    expect(forbiddenIn(employeeText(explainForEmployee(finding, explainContext())))).toEqual([]);
  });
});
