import { createAwsClients } from '../../src/aws';
import { diagnose } from '../../src/diagnosis/diagnose';
import { DEFAULT_SETTINGS } from '../../src/diagnosis/facts/facts';
import { InMemoryPrincipalMemory } from '../../src/diagnosis/facts/principal-memory';
import { clockStartingAt } from '../../src/lib/clock';
import { SingleFlight } from '../../src/lib/single-flight';
import { SandboxAws } from '../../src/sandbox/emulator/server';
import { readSnapshot, SAMPLE_ORG } from './harness';

describe('organisation-wide reads shared between diagnoses running at once', () => {
  it('makes one CloudTrail read for several people asking together, and each still gets their own events', async () => {
    const snapshot = readSnapshot(SAMPLE_ORG);
    const clock = clockStartingAt(Date.parse(snapshot.now!));
    const sandbox = new SandboxAws(snapshot, { clock });
    const endpoint = await sandbox.listen();
    const clients = createAwsClients({
      region: snapshot.region!,
      endpoint,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      quotaShare: 1,
      rates: { sso: 1000, identitystore: 1000, cloudtrail: 1000, organizations: 1000, sts: 1000 },
    });
    const deps = {
      clients,
      clock,
      memory: new InMemoryPrincipalMemory(),
      settings: { ...DEFAULT_SETTINGS, region: snapshot.region! },
      sharedReads: new SingleFlight(clock),
    };
    try {
      const reports = await Promise.all(
        ['ben.carter@northwind.example', 'zara.ahmed@northwind.example', 'priya.raman@northwind.example'].map(
          (user) => diagnose({ user }, deps),
        ),
      );
      expect(reports.map((r) => r.primaryCause)).toEqual(['password-failures', 'mfa-code-failures', null]);
      const signinReads = sandbox.calls({ operation: 'LookupEvents' }).filter((c) => c.outcome === 'ok');
      expect(signinReads).toHaveLength(1);
    } finally {
      clients.destroy();
      await sandbox.close();
    }
  });
});
