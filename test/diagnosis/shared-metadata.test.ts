import { createAwsClients, ProvisionPermissionSetCommand } from '../../src/aws';
import { generateOrg } from '../../src/bench/generator';
import { diagnose } from '../../src/diagnosis/diagnose';
import { DEFAULT_SETTINGS } from '../../src/diagnosis/facts/facts';
import { CACHE_KEYS } from '../../src/diagnosis/facts/ports';
import { InMemoryPrincipalMemory } from '../../src/diagnosis/facts/principal-memory';
import { SharedMetadataCache } from '../../src/diagnosis/facts/shared-metadata';
import { ManualClock } from '../../src/lib/clock';
import { TtlCache } from '../../src/lib/ttl-cache';
import { SandboxAws } from '../../src/sandbox/emulator/server';

/** Fewer calls per person: provisioning read per permission set, and reads shared while in flight. */

const org = generateOrg('S');

async function diagnoseAll(userNames: string[], provisioningReads: 'by-account' | 'cheaper') {
  const clock = new ManualClock(Date.parse(org.snapshot.now!));
  const sandbox = new SandboxAws(org.snapshot, { clock });
  const endpoint = await sandbox.listen();
  const clients = createAwsClients({
    region: org.snapshot.region!,
    endpoint,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    quotaShare: 1,
    rates: { sso: 10_000, identitystore: 10_000, cloudtrail: 10_000, organizations: 10_000, sts: 10_000 },
  });
  const cache = new SharedMetadataCache(new TtlCache(clock));
  try {
    const reports = await Promise.all(
      userNames.map((user) =>
        diagnose(
          { user },
          {
            clients,
            clock,
            cache,
            memory: new InMemoryPrincipalMemory(),
            settings: { ...DEFAULT_SETTINGS, region: org.snapshot.region!, provisioningReads },
          },
        ),
      ),
    );
    const count = (operation: string) => sandbox.calls({ operation }).length;
    return { reports, count };
  } finally {
    clients.destroy();
    await sandbox.close();
  }
}

describe('fewer calls per person', () => {
  const person = org.people[0]!;

  it('reads provisioning per permission set when the person holds fewer sets than accounts, with the same answer', async () => {
    const [byAccount, cheaper] = await Promise.all([
      diagnoseAll([person.userName], 'by-account'),
      diagnoseAll([person.userName], 'cheaper'),
    ]);
    expect(byAccount.reports[0]!.primaryCause).toBe('permission-set-not-provisioned');
    expect(cheaper.reports[0]!.primaryCause).toBe('permission-set-not-provisioned');
    expect(cheaper.reports[0]!.findings[0]!.evidence).toEqual(byAccount.reports[0]!.findings[0]!.evidence);
    // 20 accounts × 2 statuses against 6 permission sets × 2 statuses.
    expect(byAccount.count('ListPermissionSetsProvisionedToAccount')).toBe(40);
    expect(cheaper.count('ListPermissionSetsProvisionedToAccount')).toBe(0);
    expect(cheaper.count('ListAccountsForProvisionedPermissionSet')).toBe(12);
  });

  it('shares reads in flight between diagnoses running at once', async () => {
    // People 0 and 1 of size S hold the same 20 accounts (and 6 permission sets each, none shared):
    // asked together, each account and the instance are read once, not once per person.
    const { reports, count } = await diagnoseAll([person.userName, org.people[1]!.userName], 'cheaper');
    expect(reports.map((r) => r.primaryCause)).toEqual([
      'permission-set-not-provisioned',
      'permission-set-not-provisioned',
    ]);
    const accounts = new Set([...person.pairs, ...org.people[1]!.pairs].map((p) => p.accountId)).size;
    const sets = new Set([...person.pairs, ...org.people[1]!.pairs].map((p) => p.permissionSetArn)).size;
    expect({ accounts, sets }).toEqual({ accounts: 20, sets: 12 });
    expect(count('DescribeAccount')).toBe(20);
    expect(count('ListInstances')).toBe(1);
    expect(count('ListAccountsForProvisionedPermissionSet')).toBe(2 * sets);
  });

  it('sees a fix at once: the invalidation a fix makes reaches the per-permission-set listings', async () => {
    const clock = new ManualClock(Date.parse(org.snapshot.now!));
    const sandbox = new SandboxAws(org.snapshot, { clock });
    const endpoint = await sandbox.listen();
    const clients = createAwsClients({
      region: org.snapshot.region!,
      endpoint,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      quotaShare: 1,
      rates: { sso: 10_000, identitystore: 10_000, cloudtrail: 10_000, organizations: 10_000, sts: 10_000 },
    });
    const cache = new SharedMetadataCache(new TtlCache(clock));
    const deps = {
      clients,
      clock,
      cache,
      memory: new InMemoryPrincipalMemory(),
      settings: { ...DEFAULT_SETTINGS, region: org.snapshot.region!, provisioningReads: 'cheaper' as const },
    };
    try {
      const before = await diagnose({ user: person.userName }, deps);
      expect(before.primaryCause).toBe('permission-set-not-provisioned');
      const [pair] = person.unprovisioned;
      await clients.ssoAdmin.send(
        new ProvisionPermissionSetCommand({
          InstanceArn: org.snapshot.instances![0]!.InstanceArn,
          PermissionSetArn: pair!.permissionSetArn,
          TargetType: 'AWS_ACCOUNT',
          TargetId: pair!.accountId,
        }),
      );
      clock.advance(5_000);
      // What the fix flow does once provisioning has succeeded (slack/ticket-flow.ts).
      cache.invalidate(CACHE_KEYS.provisioning(pair!.accountId));
      const after = await diagnose({ user: person.userName }, deps);
      expect(after.primaryCause).toBeNull();
    } finally {
      clients.destroy();
      await sandbox.close();
    }
  });

  it('forgets every per-permission-set listing when a fix changes one account’s provisioning', () => {
    const clock = new ManualClock(0);
    const cache = new SharedMetadataCache(new TtlCache(clock));
    cache.set('provisioned-ps:arn:ps-1', [['111111111111', 'LATEST_PERMISSION_SET_PROVISIONED']], 60_000);
    cache.set('provisioned:222222222222', [], 60_000);
    cache.set('ps:arn:ps-1', { name: 'ReadOnly' }, 60_000);
    cache.invalidate('provisioned:222222222222');
    expect(cache.get('provisioned-ps:arn:ps-1')).toBeUndefined();
    expect(cache.get('provisioned:222222222222')).toBeUndefined();
    expect(cache.get('ps:arn:ps-1')).toEqual({ name: 'ReadOnly' });
  });
});
