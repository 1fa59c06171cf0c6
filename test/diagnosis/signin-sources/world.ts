import { type AwsClients, createAwsClients } from '../../../src/aws';
import { ManualClock } from '../../../src/lib/clock';
import { SandboxAws } from '../../../src/sandbox/emulator/server';
import type { Snapshot, SnapshotCloudTrailEvent } from '../../../src/sandbox/snapshot/schema';

/** A small organisation's CloudTrail history served by the emulator, read through the real SDK clients,
 * on a manual clock that the sources' sleeps move forward. */

export const NOW_MS = Date.parse('2026-11-23T12:00:00Z');
export const WINDOW_START_MS = NOW_MS - 24 * 3600_000;
export const ANA = { userId: 'a0a00000-0000-4000-8000-00000000000a', name: 'ana@example.com' };

let counter = 0;

/** A sign-in record as CloudTrail writes it since 2025-07-14. `userId` set: an authenticated step. */
export function signInEvent(
  atMs: number,
  options: { userName?: string; userId?: string; outcome?: 'Success' | 'Failure'; name?: string } = {},
): SnapshotCloudTrailEvent {
  counter += 1;
  const name = options.name ?? 'CredentialVerification';
  const eventId = `ev-${String(counter).padStart(6, '0')}`;
  const time = new Date(atMs).toISOString();
  return {
    EventId: eventId,
    EventName: name,
    EventSource: 'signin.amazonaws.com',
    EventTime: time,
    Username: '',
    CloudTrailEvent: JSON.stringify({
      eventVersion: '1.11',
      eventID: eventId,
      eventTime: time,
      eventSource: 'signin.amazonaws.com',
      eventName: name,
      awsRegion: 'us-east-1',
      userIdentity: options.userId
        ? { type: 'IdentityCenterUser', onBehalfOf: { userId: options.userId } }
        : { type: 'Unknown' },
      additionalEventData: {
        CredentialType: 'PASSWORD',
        ...(options.userName ? { UserName: options.userName } : {}),
      },
      serviceEventDetails: { [name]: options.outcome ?? 'Failure' },
      eventType: 'AwsServiceEvent',
      recipientAccountId: '111111111111',
    }),
  };
}

export function scimEvent(atMs: number, errorCode?: string): SnapshotCloudTrailEvent {
  counter += 1;
  const eventId = `scim-${String(counter).padStart(6, '0')}`;
  const time = new Date(atMs).toISOString();
  return {
    EventId: eventId,
    EventName: 'PatchUser',
    EventSource: 'identitystore-scim.amazonaws.com',
    EventTime: time,
    Username: '',
    CloudTrailEvent: JSON.stringify({
      eventID: eventId,
      eventTime: time,
      eventSource: 'identitystore-scim.amazonaws.com',
      eventName: 'PatchUser',
      userIdentity: { type: errorCode ? 'Unknown' : 'WebIdentityUser' },
      ...(errorCode ? { errorCode, errorMessage: 'Missing path in PATCH request' } : {}),
    }),
  };
}

/** `count` failed sign-ins of other people, one a minute back from `fromMs`. */
export function othersSignIns(count: number, fromMs: number): SnapshotCloudTrailEvent[] {
  return Array.from({ length: count }, (_, i) =>
    signInEvent(fromMs - i * 60_000, { userName: `someone.${i}@example.com` }),
  );
}

export interface World {
  sandbox: SandboxAws;
  clients: AwsClients;
  clock: ManualClock;
  close(): Promise<void>;
}

export async function startWorld(
  events: SnapshotCloudTrailEvent[],
  faults: Snapshot['faults'] = {},
): Promise<World> {
  const clock = new ManualClock(NOW_MS);
  const snapshot: Snapshot = {
    schemaVersion: 1,
    now: new Date(NOW_MS).toISOString(),
    region: 'us-east-1',
    cloudTrail: { events },
    ...(faults ? { faults } : {}),
  };
  const sandbox = new SandboxAws(snapshot, { clock });
  const endpoint = await sandbox.listen();
  const clients = createAwsClients({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    quotaShare: 1,
    maxAttempts: 1,
    rates: { cloudtrail: 1000 },
  });
  return {
    sandbox,
    clients,
    clock,
    async close() {
      clients.destroy();
      await sandbox.close();
    },
  };
}
