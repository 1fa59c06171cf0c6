import { SandboxAws } from '../sandbox/emulator/server';
import { loadSnapshotFile } from '../sandbox/snapshot/load';
import type { CliIo } from './io';

/** `cant-login sandbox serve <snapshot> [--port N]`: the first line printed is the endpoint URL (a contract). */
export async function runSandboxServe(snapshotPath: string, port: number, io: CliIo): Promise<number> {
  const snapshot = await loadSnapshotFile(snapshotPath);
  const sandbox = new SandboxAws(snapshot);
  const url = await sandbox.listen(port);
  io.out(url);
  io.err(
    `Serving ${snapshotPath} (region ${sandbox.state.region}) as SSO Admin, Identity Store, CloudTrail, Organizations and STS.\n` +
      `Point an AWS SDK or CLI at it with AWS_ENDPOINT_URL=${url} and any credentials. Ctrl-C stops it.`,
  );
  await io.waitForStop();
  await sandbox.close();
  return 0;
}
