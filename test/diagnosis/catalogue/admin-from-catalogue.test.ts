import { CATALOGUE } from '../../../src/diagnosis/catalogue';
import { CAUSE_IDS } from '../../../src/diagnosis/causes';
import { ADMIN_EXPLAINERS } from '../../../src/explain/admin';
import { explainContext, findingFor, NAMES, SUBJECT } from '../../explain/fixtures';

/** What an administrator reads for each cause's representative finding (test/explain/fixtures.ts). */
const explained = (ctx = explainContext()) =>
  CAUSE_IDS.map((cause) => ({
    cause,
    meta: CATALOGUE[cause],
    admin: ADMIN_EXPLAINERS[cause](findingFor(cause), ctx),
  }));

describe("the admin explanation's static parts come from the catalogue", () => {
  it('the API action is the meta.ts one, except where the finding names another', () => {
    const other = explained()
      .filter(({ meta, admin }) => admin.apiAction !== meta.apiAction)
      .map(({ cause, admin }) => [cause, admin.apiAction]);
    // The fixture's not-assigned-to-account proposes add-to-group; bot-permission-missing names its action.
    expect(other).toEqual([
      ['bot-permission-missing', 'sso:ListAccountAssignmentsForPrincipal'],
      ['not-assigned-to-account', 'identitystore:CreateGroupMembership'],
    ]);
  });

  it('the console path is the meta.ts one, its placeholders filled from the finding, except for a group to join', () => {
    /** The template with each `{placeholder}` standing for whatever the finding names there. */
    const shape = (template: string) =>
      new RegExp(
        `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[a-zA-Z]+\}/g, '(?:<[^>]+>|[^>]+)')}$`,
      );
    const other = explained()
      .filter(({ meta, admin }) => !shape(meta.consolePath ?? '').test(admin.consolePath ?? ''))
      .map(({ cause, admin }) => [cause, admin.consolePath]);
    expect(other).toEqual([['not-assigned-to-account', `IAM Identity Center > Groups > ${NAMES.group}`]]);
    // Filled, not left as a placeholder, when the finding names it.
    const ps = ADMIN_EXPLAINERS['permission-set-empty'](findingFor('permission-set-empty'), explainContext());
    expect(ps.consolePath).toBe(
      `IAM Identity Center > Multi-account permissions > Permission sets > ${NAMES.permissionSet} > Permissions`,
    );
  });

  it('the remedy is the meta.ts one unless the finding makes it particular', () => {
    const particular = (ctx = explainContext()) =>
      explained(ctx)
        .filter(({ meta, admin }) => admin.remedy !== meta.remedy)
        .map(({ cause }) => cause);
    const dynamic = [
      'bot-permission-missing',
      'scim-sync-errors',
      'not-assigned-to-account',
      'provisioning-failed',
      'account-not-active',
    ];
    // With an external IdP, a disabled user is enabled there, not in the console.
    expect(particular()).toEqual(['bot-permission-missing', 'user-disabled', ...dynamic.slice(1)]);
    // With Identity Center's own directory, a username is changed here, not in the IdP.
    const own = explainContext({ subject: { ...SUBJECT, externallyManaged: false } });
    expect(particular(own)).toEqual(['bot-permission-missing', 'username-mismatch', ...dynamic.slice(1)]);
  });
});
