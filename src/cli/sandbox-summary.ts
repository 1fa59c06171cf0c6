import { GetCallerIdentityCommand } from '../aws';
import { readAccessSummary } from '../inventory/access-summary';
import { resolveInstance } from '../inventory/resolve-instance';
import type { CliIo } from './io';
import { startSandboxSession } from './sandbox-session';

/** `cant-login sandbox summary <snapshot>`: serves a snapshot, reads it back through the real SDK
 * clients, and prints who has access to what — a quick way to check a snapshot you wrote. */
export async function runSandboxSummary(snapshotPath: string, io: CliIo): Promise<number> {
  const session = await startSandboxSession(snapshotPath, { quotaShare: 1 });
  try {
    const { clients, snapshot } = session;
    io.out(`${snapshot.description ?? snapshotPath}`);
    const caller = await clients.sts.send(new GetCallerIdentityCommand({}));
    io.out(`Read through the AWS emulator as ${caller.Arn} (region ${session.region})`);
    const resolution = await resolveInstance(clients, session.region);
    if (resolution.kind !== 'found') {
      io.err(`cant-login: no single Identity Center instance to read (${resolution.kind})`);
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
    io.out(`\n${clients.calls.count()} AWS calls, ${clients.calls.throttled()} throttled.`);
    return 0;
  } finally {
    await session.close();
  }
}
