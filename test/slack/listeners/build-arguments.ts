import { ManualClock } from '../../../src/lib/clock';
import { silentLogger } from '../../../src/log/logger';
import type { SlackJob } from '../../../src/slack/jobs';
import type { ListenerDeps } from '../../../src/slack/listeners';
import { PerPersonRateLimit } from '../../../src/slack/rate-limit';
import type { Ticket } from '../../../src/tickets/types';

/** Listener dependencies that record what was queued; approvers and tickets as given. */
export function fakeDeps(
  options: { approvers?: string[]; tickets?: Ticket[]; limit?: number } = {},
): ListenerDeps & { jobs: SlackJob[] } {
  const jobs: SlackJob[] = [];
  let n = 0;
  return {
    jobs,
    queue: {
      enqueue: async (job) => {
        jobs.push(job);
      },
    },
    store: { get: async (id) => options.tickets?.find((t) => t.id === id) },
    approvers: { isApprover: async (id) => (options.approvers ?? []).includes(id) },
    rateLimit: new PerPersonRateLimit(options.limit ?? 10, new ManualClock(0)),
    logger: silentLogger(),
    newRequestId: () => `req-${++n}`,
  };
}

/** Calls recorded by the fake Bolt functions. */
export interface Recorded {
  acks: unknown[];
  responds: unknown[];
  viewsOpened: unknown[];
  ephemerals: unknown[];
  nexts: number;
}

/** The arguments Bolt passes a listener (ack, respond, client, next…), with `overrides` merged in: the
 * starter template's `buildArguments`. The payload type is the listener's; the fakes record calls. */
export function buildArguments<A>(overrides: Record<string, unknown>): { args: A; calls: Recorded } {
  const calls: Recorded = { acks: [], responds: [], viewsOpened: [], ephemerals: [], nexts: 0 };
  const args = {
    ack: async (response?: unknown) => {
      calls.acks.push(response);
    },
    respond: async (message: unknown) => {
      calls.responds.push(message);
    },
    next: async () => {
      calls.nexts += 1;
    },
    client: {
      views: {
        open: async (view: unknown) => {
          calls.viewsOpened.push(view);
          return { ok: true };
        },
      },
      chat: {
        postEphemeral: async (message: unknown) => {
          calls.ephemerals.push(message);
          return { ok: true };
        },
      },
    },
    logger: silentLogger(),
    context: {},
    ...overrides,
  } as unknown as A;
  return { args, calls };
}

/** A ticket awaiting approval, with a card and choices. */
export function awaitingTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: 't-1',
    version: 3,
    state: 'awaiting-approval',
    requesterId: 'U0SOFIA',
    subjectSlackId: 'U0SOFIA',
    identifier: 'sofia@example.com',
    subjectName: 'Sofia',
    audience: 'employee',
    request: { user: 'sofia@example.com' },
    primaryCause: 'no-assignments',
    headline: 'x',
    createdAt: '2026-12-05T00:00:00.000Z',
    updatedAt: '2026-12-05T00:00:00.000Z',
    approval: {
      cause: 'no-assignments',
      fix: { fix: 'grant-account-access', instanceArn: 'i', principalType: 'USER', principalId: 'u' },
      picks: {},
      requestedAt: '2026-12-05T00:00:00.000Z',
      expiresAt: '2026-12-06T00:00:00.000Z',
      choices: {
        permissionSets: [
          { value: 'ps-ro', label: 'ReadOnly' },
          { value: 'ps-bv', label: 'BillingViewer' },
        ],
        accounts: [{ value: '111111111111', label: 'sandbox (111111111111)' }],
      },
      card: { channel: 'C0ADMINS', ts: '1.0' },
    },
    ...overrides,
  };
}

/** A card message whose Approve button carries the ticket id (as the pickers read it). */
export const cardMessage = (ticketId: string) => ({
  type: 'message',
  ts: '1.0',
  blocks: [{ type: 'actions', elements: [{ action_id: 'approval_approve', value: ticketId }] }],
});
