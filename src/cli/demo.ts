import { GetCallerIdentityCommand } from '../aws';
import { readAccessSummary } from '../inventory/access-summary';
import { resolveInstance } from '../inventory/resolve-instance';
import type { CliIo } from './io';
import { SAMPLE_SNAPSHOT, startSandboxSession } from './sandbox-session';

/** `npm run demo`: the sample organisation, served by the emulator and read back through the real SDK clients. */
export async function runDemo(io: CliIo, snapshotPath = SAMPLE_SNAPSHOT): Promise<number> {
  const session = await startSandboxSession(snapshotPath);
  try {
    const { clients, snapshot } = session;
    io.out(`cant-login demo: ${snapshot.description ?? snapshotPath}`);
    io.out(
      `AWS emulator listening on ${session.sandbox.url} (region ${session.region}, clock ${snapshot.now ?? 'now'})`,
    );
    const caller = await clients.sts.send(new GetCallerIdentityCommand({}));
    io.out(`Reading as ${caller.Arn} in account ${caller.Account}`);

    const resolution = await resolveInstance(clients, session.region);
    if (resolution.kind !== 'found') {
      io.err(`No single Identity Center instance to read (${resolution.kind}).`);
      return 1;
    }
    const people = await readAccessSummary(clients, resolution.instance);
    io.out(`Identity Center instance ${resolution.instance.InstanceArn}, ${people.length} people\n`);
    io.out('Who has access to what:');
    for (const person of people.sort((a, b) => (a.userName ?? '').localeCompare(b.userName ?? ''))) {
      const status = person.status === 'DISABLED' ? ' [disabled]' : '';
      io.out(`  ${person.displayName ?? '(no name)'} <${person.userName ?? '?'}>${status}`);
      if (person.access.length === 0) io.out('      no AWS account');
      for (const row of person.access.sort((a, b) =>
        (a.accountName ?? '').localeCompare(b.accountName ?? ''),
      )) {
        const account = row.accountName
          ? `${row.accountName} (${row.accountId})`
          : `${row.accountId} (not in the organization)`;
        io.out(
          `      ${account}: ${row.permissionSetName ?? '?'}${row.viaGroup ? `, through ${row.viaGroup}` : ''}`,
        );
      }
    }
    const counts = clients.calls.countBy();
    io.out(
      `\n${clients.calls.count()} AWS calls (${Object.entries(counts)
        .map(([service, n]) => `${service} ${n}`)
        .join(', ')}), ${clients.calls.throttled()} throttled.`,
    );
    return 0;
  } finally {
    await session.close();
  }
}
