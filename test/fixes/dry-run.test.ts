import { describeFix } from '../../src/fixes/dry-run';

const INSTANCE = 'arn:aws:sso:::instance/ssoins-1111111111111111';
const PS = 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-aaaaaaaaaaaaaaaa';

describe('the approval card dry run', () => {
  it('names the exact API action and parameters, and warns about the management account', () => {
    const dry = describeFix(
      {
        fix: 'provision-permission-set',
        instanceArn: INSTANCE,
        accountId: '111111111111',
        permissionSetArn: PS,
      },
      {},
      { accountName: 'management', permissionSetName: 'ReadOnly', managementAccountId: '111111111111' },
    );
    expect(dry.action).toMatch(/^sso:ProvisionPermissionSet/);
    expect(dry.lines).toEqual(
      expect.arrayContaining([
        { label: 'Account', value: 'management (111111111111)' },
        { label: 'Permission set', value: `ReadOnly (${PS})` },
      ]),
    );
    expect(dry.risks).toEqual([
      'This changes access in the management account, which controls the whole organization.',
    ]);
  });

  it('warns about an account whose name contains prod, and asks for picks the fix leaves open', () => {
    const dry = describeFix(
      { fix: 'grant-account-access', instanceArn: INSTANCE, principalType: 'USER', principalId: 'u-1' },
      { accountId: '222222222222', accountName: 'Prod-EU' },
      { managementAccountId: '111111111111' },
    );
    expect(dry.needs).toEqual({ permissionSet: true, account: false });
    expect(dry.risks).toEqual(['This grants or changes access to a production account.']);
  });
});
