import type { SandboxAws } from '../../src/sandbox/emulator/server';
import { diagnoseIn, readSnapshot, SAMPLE_ORG } from './harness';

describe('the facts layer', () => {
  it('fetches each AWS datum at most once per diagnosis, however many checks read it', async () => {
    let sandbox: SandboxAws | undefined;
    const report = await diagnoseIn(
      readSnapshot(SAMPLE_ORG),
      { user: 'tomas.lindqvist@northwind.example' },
      { onSandbox: (s) => (sandbox = s) },
    );
    expect(report.primaryCause).toBeNull();
    const calls = sandbox!.calls();
    const count = (operation: string) => calls.filter((c) => c.operation === operation).length;
    expect(count('ListInstances')).toBe(1);
    expect(count('DescribeUser')).toBe(1);
    expect(count('ListGroupMembershipsForMember')).toBe(1);
    // Tomás reaches four accounts with one permission set through one group: its policies are read once
    // though two checks read them, and its name is never needed because nothing is wrong with it.
    expect(count('GetInlinePolicyForPermissionSet')).toBe(1);
    expect(count('DescribePermissionSet')).toBe(0);
    expect(count('DescribeAccount')).toBe(4);
    expect(count('ListPermissionSetsProvisionedToAccount')).toBe(8);
    expect(count('LookupEvents')).toBe(1);
    expect(report.stats.awsCalls).toBe(calls.length);
  });

  it('reads only what the person needs: no listing of users, groups, accounts or permission sets', async () => {
    let sandbox: SandboxAws | undefined;
    await diagnoseIn(
      readSnapshot(SAMPLE_ORG),
      { user: 'sofia.brennan@northwind.example' },
      { onSandbox: (s) => (sandbox = s) },
    );
    const operations = new Set(sandbox!.calls().map((c) => c.operation));
    for (const wide of [
      'ListUsers',
      'ListGroups',
      'ListAccounts',
      'ListPermissionSets',
      'ListAccountsForProvisionedPermissionSet',
    ]) {
      expect(operations.has(wide)).toBe(false);
    }
  });
});
