import { type AwsClients, createAwsClients } from '../../src/aws';
import { type DiagnoseDeps, diagnose } from '../../src/diagnosis/diagnose';
import { DEFAULT_SETTINGS } from '../../src/diagnosis/facts/facts';
import { InMemoryPrincipalMemory } from '../../src/diagnosis/facts/principal-memory';
import type { DryRun } from '../../src/fixes/dry-run';
import { DEFAULT_POLL, type PollPolicy } from '../../src/fixes/types';
import { ManualClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/log/logger';
import { SandboxAws } from '../../src/sandbox/emulator/server';
import { loadSnapshotFile } from '../../src/sandbox/snapshot/load';
import type { SnapshotFaults } from '../../src/sandbox/snapshot/schema';
import { InMemoryTicketStore } from '../../src/tickets/memory-store';
import type { TicketStore } from '../../src/tickets/store';
import type { Ticket } from '../../src/tickets/types';
import { AwsFixRunner, type FixSession } from '../../src/workflow/aws-fix-runner';
import { awsWorkflowReads } from '../../src/workflow/aws-reads';
import { DEFAULT_TWO_APPROVER_PATTERN, type GuardrailSettings } from '../../src/workflow/guardrails';
import type { CardRef, CardStatus, Notifier, PersonUpdate, ResolvedNote } from '../../src/workflow/types';
import { ApprovalWorkflow } from '../../src/workflow/workflow';
import { SAMPLE_ORG } from '../slack/harness';

export const SOFIA = 'U0SOFIA';
export const IRENE = 'U0IRENE';
export const TOMAS = 'U0TOMAS';
export const PROD_US = '902716384451';
export const MANAGEMENT = '310842756190';

/** A notifier that records what the workflow asked for. */
export class RecordingNotifier implements Notifier {
  cards: Array<{ ticketId: string; status: CardStatus; dryRun: DryRun }> = [];
  person: Array<{ ticketId: string; update: PersonUpdate }> = [];
  resolved: ResolvedNote[] = [];
  stuck: string[] = [];
  reminders: string[] = [];
  private next = 1;

  async showCard(ticket: Ticket, dryRun: DryRun, status: CardStatus): Promise<CardRef | undefined> {
    this.cards.push({ ticketId: ticket.id, status, dryRun });
    return ticket.approval?.card ?? { channel: 'C0ADMINS', ts: `${this.next++}.0` };
  }
  async tellPerson(ticket: Ticket, update: PersonUpdate): Promise<void> {
    this.person.push({ ticketId: ticket.id, update });
  }
  async refreshReport(): Promise<void> {}
  async notifyResolved(note: ResolvedNote): Promise<void> {
    this.resolved.push(note);
  }
  async remindApprovers(ticket: Ticket): Promise<void> {
    this.reminders.push(ticket.id);
  }
  async reportStuck(ticket: Ticket): Promise<void> {
    this.stuck.push(ticket.id);
  }
  lastCard(ticketId: string): CardStatus | undefined {
    return this.cards.filter((c) => c.ticketId === ticketId).at(-1)?.status;
  }
}

export interface WorkflowWorld {
  sandbox: SandboxAws;
  clock: ManualClock;
  store: TicketStore;
  reader: AwsClients;
  notifier: RecordingNotifier;
  diagnosis: DiagnoseDeps;
  sessions: FixSession[];
  /** A workflow (another "process") over the same store and AWS, with its own sleep. */
  workflow(options?: {
    sleep?: (ms: number) => Promise<void>;
    guardrails?: Partial<GuardrailSettings>;
  }): ApprovalWorkflow;
  /** A diagnosed ticket for `user` (asking about `account`), with its approval requested. */
  ask(user: string, identifier: string, account: string, flow?: ApprovalWorkflow): Promise<Ticket>;
  provisions(): number;
  close(): Promise<void>;
}

export async function startWorkflowWorld(
  options: { faults?: SnapshotFaults; guardrails?: Partial<GuardrailSettings>; poll?: PollPolicy } = {},
): Promise<WorkflowWorld> {
  const snapshot = await loadSnapshotFile(SAMPLE_ORG);
  if (options.faults) snapshot.faults = { ...snapshot.faults, ...options.faults };
  const clock = new ManualClock(Date.parse(snapshot.now as string));
  const sandbox = new SandboxAws(snapshot, { clock });
  const endpoint = await sandbox.listen(0);
  const make = (maxAttempts: number) =>
    createAwsClients({
      region: 'eu-west-1',
      endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      quotaShare: 1,
      maxAttempts,
    });
  const reader = make(2);
  const writers: AwsClients[] = [];
  const store = new InMemoryTicketStore(clock);
  const notifier = new RecordingNotifier();
  const sessions: FixSession[] = [];
  const diagnosis: DiagnoseDeps = {
    clients: reader,
    clock,
    memory: new InMemoryPrincipalMemory(),
    settings: { ...DEFAULT_SETTINGS, region: 'eu-west-1' },
  };
  const approvers = { isApprover: async (id: string) => [IRENE, TOMAS].includes(id) };
  const workflow: WorkflowWorld['workflow'] = (o = {}) =>
    new ApprovalWorkflow({
      store,
      notifier,
      approvers,
      reads: awsWorkflowReads(reader),
      fixes: new AwsFixRunner({
        reader,
        writerFor: (session) => {
          sessions.push(session);
          const w = make(1);
          writers.push(w);
          return w;
        },
        clock,
        poll: options.poll ?? DEFAULT_POLL,
        logger: silentLogger(),
      }),
      verify: (request) => diagnose(request, diagnosis),
      clock,
      logger: silentLogger(),
      guardrails: {
        protectedAccountIds: [],
        twoApproverPattern: DEFAULT_TWO_APPROVER_PATTERN,
        ...options.guardrails,
        ...o.guardrails,
      },
      approvalExpiryHours: 24,
      reminderHours: 4,
      canAskApprovers: true,
      sleep:
        o.sleep ??
        (async (ms) => {
          clock.advance(ms);
        }),
    });
  const main = workflow();
  return {
    sandbox,
    clock,
    store,
    reader,
    notifier,
    diagnosis,
    sessions,
    workflow,
    async ask(user, identifier, account, flow = main) {
      const request = { user: identifier, account };
      const report = await diagnose(request, diagnosis);
      const now = new Date(clock.now()).toISOString();
      const ticket = await store.create(
        {
          id: `t-${user}-${clock.now()}`,
          version: 1,
          state: 'created',
          requesterId: user,
          subjectSlackId: user,
          identifier,
          subjectName: user,
          audience: 'employee',
          request,
          primaryCause: null,
          headline: 'Checking…',
          createdAt: now,
          updatedAt: now,
        },
        { actor: user, action: 'created' },
      );
      const diagnosed = await store.change(ticket.id, {
        from: 'created',
        to: 'diagnosed',
        expectedVersion: ticket.version,
        patch: { report, primaryCause: report.primaryCause, headline: 'x' },
        audit: { actor: user, action: 'diagnosed' },
      });
      return flow.requestApproval(diagnosed);
    },
    provisions: () => sandbox.calls({ operation: 'ProvisionPermissionSet', outcome: 'ok' }).length,
    async close() {
      reader.destroy();
      for (const w of writers) w.destroy();
      await sandbox.close();
    },
  };
}
