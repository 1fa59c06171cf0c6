import { CACHE_TTL_MS } from '../../src/diagnosis/facts/facts';
import { CACHE_KEYS, type MetadataCache } from '../../src/diagnosis/facts/ports';
import type { DiagnosisReport } from '../../src/diagnosis/types';
import { ManualClock } from '../../src/lib/clock';
import { TtlCache } from '../../src/lib/ttl-cache';
import type { SandboxAws } from '../../src/sandbox/emulator/server';
import { diagnoseIn, readSnapshot, SAMPLE_ORG } from './harness';

const TOMAS = { user: 'tomas.lindqvist@northwind.example' };

/** A TtlCache that records the keys it is asked to fill. */
class RecordingCache implements MetadataCache {
  readonly sets: string[] = [];
  constructor(readonly inner: TtlCache) {}
  get<T>(key: string): T | undefined {
    return this.inner.get<T>(key);
  }
  set<T>(key: string, value: T, ttlMs: number): void {
    this.sets.push(key);
    this.inner.set(key, value, ttlMs);
  }
  invalidate(prefix: string): void {
    this.inner.invalidate(prefix);
  }
}

/** One diagnosis of Tomás against a fresh emulator, with the calls it made counted by operation. */
async function run(
  cache?: MetadataCache,
): Promise<{ report: DiagnosisReport; count: (op: string) => number; total: number }> {
  let sandbox: SandboxAws | undefined;
  const report = await diagnoseIn(readSnapshot(SAMPLE_ORG), TOMAS, {
    onSandbox: (s) => (sandbox = s),
    ...(cache ? { cache } : {}),
  });
  const calls = sandbox!.calls();
  return {
    report,
    count: (op) => calls.filter((c) => c.operation === op).length,
    total: calls.length,
  };
}

/** What a report says, without its timings and call counts. */
function verdict(report: DiagnosisReport) {
  return { primaryCause: report.primaryCause, findings: report.findings, subject: report.subject };
}

describe('the metadata cache between diagnoses', () => {
  it('makes a second diagnosis of the same person skip the cached metadata reads, with the same result', async () => {
    const clock = new ManualClock(0);
    const cache = new RecordingCache(new TtlCache(clock));
    const uncached = await run();
    const first = await run(cache);
    const second = await run(cache);

    // The first run with a cache reads exactly what an uncached run reads.
    expect(first.total).toBe(uncached.total);
    expect(first.count('ListInstances')).toBe(1);
    expect(first.count('GetInlinePolicyForPermissionSet')).toBe(1);
    // No check reads the boundary; the attached policies are read because the inline one decides nothing.
    expect(first.count('GetPermissionsBoundaryForPermissionSet')).toBe(0);
    expect(first.count('ListManagedPoliciesInPermissionSet')).toBe(1);
    expect(first.count('DescribeAccount')).toBe(4);
    expect(first.count('ListPermissionSetsProvisionedToAccount')).toBe(8);

    expect(second.count('ListInstances')).toBe(0);
    expect(second.count('DescribePermissionSet')).toBe(0);
    expect(second.count('GetInlinePolicyForPermissionSet')).toBe(0);
    expect(second.count('ListManagedPoliciesInPermissionSet')).toBe(0);
    expect(second.count('ListCustomerManagedPolicyReferencesInPermissionSet')).toBe(0);
    expect(second.count('GetPermissionsBoundaryForPermissionSet')).toBe(0);
    expect(second.count('DescribeAccount')).toBe(0);
    expect(second.count('ListPermissionSetsProvisionedToAccount')).toBe(0);
    // What is about the person is never cached.
    expect(second.count('DescribeUser')).toBe(first.count('DescribeUser'));
    expect(second.count('ListGroupMembershipsForMember')).toBe(first.count('ListGroupMembershipsForMember'));
    expect(second.count('ListAccountAssignmentsForPrincipal')).toBe(
      first.count('ListAccountAssignmentsForPrincipal'),
    );
    expect(second.count('LookupEvents')).toBe(first.count('LookupEvents'));
    expect(second.total).toBe(first.total - 1 - 3 - 4 - 8);
    expect(second.report.stats.awsCalls).toBe(second.total);

    expect(verdict(second.report)).toEqual(verdict(first.report));
    expect(verdict(first.report)).toEqual(verdict(uncached.report));
  });

  it('reads each kind again once its TTL has passed', async () => {
    const clock = new ManualClock(0);
    const cache = new TtlCache(clock);
    await run(cache);

    clock.advance(CACHE_TTL_MS.provisioning);
    const afterProvisioningTtl = await run(cache);
    expect(afterProvisioningTtl.count('ListPermissionSetsProvisionedToAccount')).toBe(8);
    expect(afterProvisioningTtl.count('DescribeAccount')).toBe(0);
    expect(afterProvisioningTtl.count('ListInstances')).toBe(0);

    clock.set(CACHE_TTL_MS.account);
    const afterAccountTtl = await run(cache);
    expect(afterAccountTtl.count('DescribeAccount')).toBe(4);
    expect(afterAccountTtl.count('GetInlinePolicyForPermissionSet')).toBe(0);
    expect(afterAccountTtl.count('ListInstances')).toBe(0);

    clock.set(CACHE_TTL_MS.instance);
    const afterInstanceTtl = await run(cache);
    expect(afterInstanceTtl.count('ListInstances')).toBe(1);
    expect(afterInstanceTtl.count('GetInlinePolicyForPermissionSet')).toBe(1);
  });

  it('after provisioning(account) is invalidated, re-reads that account’s provisioning and no other', async () => {
    const cache = new RecordingCache(new TtlCache(new ManualClock(0)));
    await run(cache);
    const provisioned = cache.sets.filter((k) => k.startsWith('provisioned:'));
    expect(provisioned).toHaveLength(4);
    const [target] = provisioned;
    const accountId = target!.slice('provisioned:'.length);
    expect(CACHE_KEYS.provisioning(accountId)).toBe(target);

    cache.invalidate(CACHE_KEYS.provisioning(accountId));
    cache.sets.length = 0;
    const next = await run(cache);
    // Two calls: one per provisioning status, for that account alone.
    expect(next.count('ListPermissionSetsProvisionedToAccount')).toBe(2);
    expect(cache.sets).toEqual([target]);
    expect(next.count('DescribeAccount')).toBe(0);
    expect(next.count('ListInstances')).toBe(0);
  });

  it('does not cache an unusable instance', async () => {
    const cache = new RecordingCache(new TtlCache(new ManualClock(0)));
    const settings = { instanceArn: 'arn:aws:sso:::instance/ssoins-doesnotexist' };
    let sandbox: SandboxAws | undefined;
    await diagnoseIn(readSnapshot(SAMPLE_ORG), TOMAS, { cache, settings, onSandbox: (s) => (sandbox = s) });
    expect(sandbox!.calls({ operation: 'ListInstances' })).toHaveLength(1);
    expect(cache.sets.some((k) => k.startsWith('instance:'))).toBe(false);
    await diagnoseIn(readSnapshot(SAMPLE_ORG), TOMAS, { cache, settings, onSandbox: (s) => (sandbox = s) });
    expect(sandbox!.calls({ operation: 'ListInstances' })).toHaveLength(1);
  });
});
