import { resolve } from 'node:path';
import { type AwsClients, createAwsClients } from '../aws';
import { SandboxAws } from '../sandbox/emulator/server';
import { loadSnapshotFile } from '../sandbox/snapshot/load';
import type { Snapshot } from '../sandbox/snapshot/schema';

/** The sample organisation that ships with the project. */
export const SAMPLE_SNAPSHOT = resolve(__dirname, '../../samples/sample-org.json');

/** Credentials the sandbox accepts (it does not check signatures); never real ones. */
const SANDBOX_CREDENTIALS = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };

/** An emulator started in-process on a snapshot, with the bot's AWS clients pointed at it. */
export interface SandboxSession {
  snapshot: Snapshot;
  sandbox: SandboxAws;
  clients: AwsClients;
  region: string;
  close(): Promise<void>;
}

export async function startSandboxSession(
  snapshotPath: string,
  options: { region?: string; quotaShare?: number } = {},
): Promise<SandboxSession> {
  const snapshot = await loadSnapshotFile(snapshotPath);
  const sandbox = new SandboxAws(snapshot);
  const endpoint = await sandbox.listen(0);
  const region = options.region ?? snapshot.region ?? 'us-east-1';
  const clients = createAwsClients({
    region,
    endpoint,
    credentials: SANDBOX_CREDENTIALS,
    ...(options.quotaShare === undefined ? {} : { quotaShare: options.quotaShare }),
  });
  return {
    snapshot,
    sandbox,
    clients,
    region,
    async close() {
      clients.destroy();
      await sandbox.close();
    },
  };
}
