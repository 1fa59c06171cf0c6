import { type AwsClients, createAwsClients, DIAGNOSIS_ACTIONS, FIX_WRITE_ACTIONS } from '../../src/aws';
import { DEFAULT_POLL, type FixContext } from '../../src/fixes/types';
import { ManualClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/log/logger';
import { SandboxAws } from '../../src/sandbox/emulator/server';
import type { Snapshot, SnapshotFaults } from '../../src/sandbox/snapshot/schema';
import type { FixStep } from '../../src/tickets/types';
import { ACCOUNT, buildSnapshot, INSTANCE_ARN, NOW_MS, STORE_ID } from '../sandbox/fixtures';

export { ACCOUNT, GROUP, INSTANCE_ARN, PS, STORE_ID, USER } from '../sandbox/fixtures';

/** Thrown by a test's `sleep` to stand for the process dying while it waits on AWS. */
export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

/** The emulator on a ManualClock, the bot's real clients (a writer and a reader set), and a fix context
 * whose `sleep` moves the clock instead of waiting. */
export interface FixWorld {
  sandbox: SandboxAws;
  clock: ManualClock;
  writer: AwsClients;
  reader: AwsClients;
  /** A third set, standing for another admin, or for an earlier run that crashed before recording. */
  other: AwsClients;
  /** Every step the executors recorded, in order. */
  steps: FixStep[];
  /** Every sleep the executors asked for, in ms. */
  sleeps: number[];
  ctx: FixContext;
  /** A context like `ctx` whose first `crashAfter + 1`th sleep throws SimulatedCrash. */
  crashingCtx(crashAfter?: number): FixContext;
  /** How many calls of `operation` reached the emulator (whoever made them). */
  count(operation: string): number;
  close(): Promise<void>;
}

const FAST = { sso: 10_000, identitystore: 10_000, cloudtrail: 10_000, organizations: 10_000, sts: 10_000 };

export interface WorldOptions {
  edit?: (snapshot: Snapshot) => void;
  faults?: SnapshotFaults;
  /** Overrides of the context (callerAccountId, poll…). */
  ctx?: Partial<FixContext>;
}

export async function startFixWorld(options: WorldOptions = {}): Promise<FixWorld> {
  const snapshot = buildSnapshot((s) => {
    options.edit?.(s);
    if (options.faults) s.faults = { ...s.faults, ...options.faults };
  });
  const clock = new ManualClock(NOW_MS);
  const sandbox = new SandboxAws(snapshot, { clock });
  const endpoint = await sandbox.listen();
  const clients = () =>
    createAwsClients({
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      quotaShare: 1,
      rates: FAST,
      maxAttempts: 2,
    });
  const writer = clients();
  const reader = clients();
  const other = clients();
  const steps: FixStep[] = [];
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    clock.advance(ms);
  };
  const ctx: FixContext = {
    writer,
    reader,
    instanceArn: INSTANCE_ARN,
    identityStoreId: STORE_ID,
    managementAccountId: ACCOUNT.management,
    callerAccountId: ACCOUNT.management,
    clock,
    sleep,
    poll: DEFAULT_POLL,
    record: async (step) => {
      steps.push(step);
    },
    logger: silentLogger(),
    ...options.ctx,
  };
  return {
    sandbox,
    clock,
    writer,
    reader,
    other,
    steps,
    sleeps,
    ctx,
    crashingCtx(crashAfter = 0) {
      let slept = 0;
      return {
        ...ctx,
        sleep: async (ms) => {
          if (slept >= crashAfter) throw new SimulatedCrash('the process died while waiting');
          slept += 1;
          await sleep(ms);
        },
      };
    },
    count: (operation) => sandbox.calls({ operation }).length,
    async close() {
      for (const c of [writer, reader, other]) c.destroy();
      await sandbox.close();
    },
  };
}

/** The IAM actions a set of clients used, as `service:Operation`. */
export function actionsUsed(clients: AwsClients): string[] {
  return [...new Set(clients.calls.entries().map((c) => `${c.service}:${c.operation}`))].sort();
}

/** The reader stays within the read-only role and the writer makes only the fix writes. */
export function expectLeastPrivilege(world: FixWorld): void {
  const reads: readonly string[] = DIAGNOSIS_ACTIONS;
  const writes: readonly string[] = FIX_WRITE_ACTIONS;
  expect(actionsUsed(world.reader).filter((a) => !reads.includes(a))).toEqual([]);
  expect(actionsUsed(world.writer).filter((a) => !writes.includes(a))).toEqual([]);
}

/** Steps without their timestamps, for exact comparisons. */
export const shape = (steps: readonly FixStep[]) => steps.map(({ at: _at, ...rest }) => rest);
