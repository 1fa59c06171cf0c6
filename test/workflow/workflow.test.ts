import type { Ticket } from '../../src/tickets/types';
import { IRENE, MANAGEMENT, PROD_US, SOFIA, startWorkflowWorld, TOMAS, type WorkflowWorld } from './harness';

const SOFIA_EMAIL = 'sofia.brennan@northwind.example';

describe('the approval workflow (sandbox AWS, in-memory store, no Slack)', () => {
  let w: WorkflowWorld;
  afterEach(async () => {
    await w.close();
  });

  it('runs an approved fix with the approver as SourceIdentity and the ticket in the session name', async () => {
    w = await startWorkflowWorld();
    const ticket = await w.ask(SOFIA, SOFIA_EMAIL, 'prod-us');
    expect(ticket.state).toBe('awaiting-approval');
    expect(ticket.approval?.guardrails).toEqual([
      `No writes in ${MANAGEMENT} (the management account controls the whole organization).`,
      'Permission sets matching /administrator|admin|poweruser|fullaccess/i need a second approver.',
    ]);
    expect(await w.workflow().approve(ticket.id, IRENE)).toEqual({ kind: 'done' });
    expect((await w.store.get(ticket.id))?.state).toBe('resolved');
    expect(w.sessions).toEqual([{ sourceIdentity: IRENE, sessionName: `${IRENE}@${ticket.id}` }]);
    expect(w.provisions()).toBe(1);
  });

  describe('guardrails', () => {
    it('refuses a fix in a protected account before approval: the card says why and Approve is refused', async () => {
      w = await startWorkflowWorld({ guardrails: { protectedAccountIds: [PROD_US] } });
      const ticket = await w.ask(SOFIA, SOFIA_EMAIL, 'prod-us');
      const reason = `No fix may change access in account ${PROD_US}: it is a protected account in this deployment. Make this change by hand if it is really needed.`;
      expect(ticket.approval?.refusal).toBe(reason);
      expect(w.notifier.lastCard(ticket.id)).toEqual({ kind: 'refused', reason });
      // The person is not told an admin was asked to approve something nobody can approve.
      expect(w.notifier.person).toEqual([]);
      expect(await w.workflow().approve(ticket.id, IRENE)).toEqual({ kind: 'guardrail', reason });
      expect((await w.store.get(ticket.id))?.state).toBe('awaiting-approval');
      expect(w.sandbox.calls({ operation: 'ProvisionPermissionSet' })).toEqual([]);
    });

    it('a fix that passes the workflow but meets the explicit Deny at AWS fails once, never retried', async () => {
      // The workflow protects nothing extra; AWS denies the write (the fix role's Deny, modelled by faults.deny).
      w = await startWorkflowWorld({ faults: { deny: ['sso:ProvisionPermissionSet'] } });
      const ticket = await w.ask(SOFIA, SOFIA_EMAIL, 'prod-us');
      expect(await w.workflow().approve(ticket.id, IRENE)).toEqual({ kind: 'done' });
      const failed = await w.store.get(ticket.id);
      expect(failed?.state).toBe('fix-failed');
      expect(failed?.fixRun?.failureReason).toMatch(/sso:ProvisionPermissionSet failed \(access-denied/);
      expect(w.sandbox.calls({ operation: 'ProvisionPermissionSet' }).map((c) => c.outcome)).toEqual([
        'denied',
      ]);
    });

    it('refuses a permission set outside the allow-list, by name', async () => {
      w = await startWorkflowWorld({ guardrails: { allowedPermissionSetNames: ['ReadOnly'] } });
      const ticket = await w.ask(SOFIA, SOFIA_EMAIL, 'prod-us');
      expect(ticket.approval?.refusal).toBe(
        'Permission set BillingViewer is not one the bot may grant (only those named ReadOnly).',
      );
      expect(await w.workflow().approve(ticket.id, IRENE)).toMatchObject({ kind: 'guardrail' });
      expect(w.provisions()).toBe(0);
    });

    it('blocks the approval with a message naming the action when the management account cannot be read', async () => {
      w = await startWorkflowWorld();
      const ticket = await w.ask(SOFIA, SOFIA_EMAIL, 'prod-us');
      w.sandbox.setFaults({ deny: ['organizations:DescribeOrganization'] });
      const outcome = await w.workflow().approve(ticket.id, IRENE);
      expect(outcome).toEqual({
        kind: 'blocked',
        reason:
          'I could not read which account is the management account (organizations:DescribeOrganization failed: AccessDeniedException), so nothing can be approved until that read works. Nothing was changed.',
      });
      expect((await w.store.get(ticket.id))?.state).toBe('awaiting-approval');
      expect(w.provisions()).toBe(0);
    });
  });

  describe('every decision re-checked when taken', () => {
    it('an expired request cannot be approved, even before the sweeper ran', async () => {
      w = await startWorkflowWorld();
      const ticket = await w.ask(SOFIA, SOFIA_EMAIL, 'prod-us');
      w.clock.advance(25 * 3600_000);
      expect(await w.workflow().approve(ticket.id, IRENE)).toEqual({ kind: 'expired' });
      expect((await w.store.get(ticket.id))?.state).toBe('expired');
      expect(w.notifier.lastCard(ticket.id)).toEqual({ kind: 'expired' });
      expect(w.provisions()).toBe(0);
    });

    it('the person whose access changes may not approve, reject or pick', async () => {
      w = await startWorkflowWorld();
      const ticket = await w.ask(IRENE, 'irene.novak@northwind.example', 'prod-us');
      const flow = w.workflow();
      const refused = { kind: 'refused', refusal: 'own-access' };
      if (ticket.approval) {
        expect(await flow.approve(ticket.id, IRENE)).toEqual(refused);
        expect(await flow.reject(ticket.id, IRENE, 'no')).toEqual(refused);
        expect(await flow.pick(ticket.id, IRENE, 'account', PROD_US)).toEqual(refused);
      }
      expect(await flow.approve(ticket.id, 'U0PRIYA')).toEqual(
        ticket.approval ? { kind: 'refused', refusal: 'not-an-approver' } : { kind: 'not-found' },
      );
    });
  });

  describe('crash-safe fixes', () => {
    it('a worker killed mid-poll: the sweeper claims the run once its heartbeat stops, adopts the request, never writes twice', async () => {
      w = await startWorkflowWorld({ faults: { provisioningDelayMs: 4 * 60_000 } });
      const ticket = await w.ask(SOFIA, SOFIA_EMAIL, 'prod-us');
      // The first worker: its first wait on AWS never returns (the process died there).
      let wake: (() => void) | undefined;
      const frozen = w.workflow({
        sleep: () =>
          new Promise<void>((resolve) => {
            wake = resolve;
          }),
      });
      const zombie = frozen.approve(ticket.id, IRENE).then(
        (outcome) => ({ outcome }),
        (error: unknown) => ({ error }),
      );
      await waitFor(
        async () => (await w.store.get(ticket.id))?.fixRun?.steps.length === 1 && wake !== undefined,
      );
      const started = (await w.store.get(ticket.id)) as Ticket;
      expect(started.state).toBe('fixing');
      expect(started.fixRun?.steps.map((s) => s.status)).toEqual(['started']);

      // Within the heartbeat window the sweeper leaves the run alone.
      const sweeper = w.workflow();
      w.clock.advance(60_000);
      expect((await sweeper.sweep()).resumed).toBe(0);
      // Two minutes without a heartbeat: the sweeper claims it and adopts the recorded request.
      w.clock.advance(2 * 60_000);
      expect((await sweeper.sweep()).resumed).toBe(1);
      const done = await w.store.get(ticket.id);
      expect(done?.state).toBe('resolved');
      expect(w.provisions()).toBe(1);
      expect((await w.store.auditOf(ticket.id)).filter((e) => e.action === 'fix-claimed')).toHaveLength(1);
      // Another sweep has nothing to do.
      expect((await sweeper.sweep()).resumed).toBe(0);

      // The old worker wakes up (it was only frozen): it finds the run taken over and stops, writing nothing
      // (and its clicker is not sent an apology: the fix was done).
      wake?.();
      const ended = await zombie;
      expect(ended).toEqual({ outcome: { kind: 'done' } });
      expect(w.provisions()).toBe(1);
      expect((await w.store.get(ticket.id))?.state).toBe('resolved');
    });

    it('a running fix beats its heartbeat while polling, so a sweep meanwhile does not take it over', async () => {
      w = await startWorkflowWorld({ faults: { provisioningDelayMs: 4 * 60_000 } });
      const ticket = await w.ask(SOFIA, SOFIA_EMAIL, 'prod-us');
      const sweeper = w.workflow();
      const sweeps: number[] = [];
      let sleeps = 0;
      const flow = w.workflow({
        sleep: async (ms) => {
          w.clock.advance(ms);
          sleeps += 1;
          if (sleeps % 20 === 0) sweeps.push((await sweeper.sweep()).resumed);
        },
      });
      expect(await flow.approve(ticket.id, IRENE)).toEqual({ kind: 'done' });
      // Polled for four minutes (past the two-minute takeover threshold), swept several times meanwhile.
      expect(sweeps.length).toBeGreaterThanOrEqual(2);
      expect(sweeps.every((n) => n === 0)).toBe(true);
      expect((await w.store.get(ticket.id))?.state).toBe('resolved');
      expect(w.provisions()).toBe(1);
    });

    it('a fix whose polling gave up is left pending (not failed), and the sweeper adopts it later', async () => {
      w = await startWorkflowWorld({
        faults: { provisioningDelayMs: 20 * 60_000 },
        poll: { initialMs: 1000, maxIntervalMs: 5000, totalMs: 60_000 },
      });
      const ticket = await w.ask(SOFIA, SOFIA_EMAIL, 'prod-us');
      expect(await w.workflow().approve(ticket.id, IRENE)).toEqual({ kind: 'done' });
      const pending = await w.store.get(ticket.id);
      expect(pending?.state).toBe('fixing');
      expect(pending?.fixRun?.pendingSince).toEqual(expect.any(String));
      expect(w.notifier.person.map((p) => p.update.kind)).not.toContain('failed');
      // AWS finishes later; sweeps adopt the recorded request until it does.
      for (let i = 0; i < 30 && (await w.store.get(ticket.id))?.state === 'fixing'; i += 1) {
        w.clock.advance(3 * 60_000);
        await w.workflow().sweep();
      }
      expect((await w.store.get(ticket.id))?.state).toBe('resolved');
      expect(w.provisions()).toBe(1);
    });

    it('the sweeper reports a ticket whose diagnosis died, instead of leaving it "created" for ever', async () => {
      w = await startWorkflowWorld();
      const now = new Date(w.clock.now()).toISOString();
      await w.store.create(
        {
          id: 'stuck',
          version: 1,
          state: 'created',
          requesterId: SOFIA,
          subjectSlackId: SOFIA,
          identifier: SOFIA_EMAIL,
          subjectName: 'Sofia',
          audience: 'employee',
          request: { user: SOFIA_EMAIL },
          primaryCause: null,
          headline: 'Checking…',
          createdAt: now,
          updatedAt: now,
          dm: { channel: 'D0SOFIA', ts: '1.0' },
        },
        { actor: SOFIA, action: 'created' },
      );
      expect((await w.workflow().sweep()).reportedStuck).toBe(0);
      w.clock.advance(16 * 60_000);
      expect((await w.workflow().sweep()).reportedStuck).toBe(1);
      expect((await w.store.get('stuck'))?.state).toBe('closed');
      expect(w.notifier.stuck).toEqual(['stuck']);
    });

    it('expires every due request, oldest first, however many there are', async () => {
      w = await startWorkflowWorld();
      const first = await w.ask(SOFIA, SOFIA_EMAIL, 'prod-us');
      w.clock.advance(1000);
      const second = await w.ask(TOMAS, 'tomas.herrera@northwind.example', 'prod-us');
      w.clock.advance(25 * 3600_000);
      const result = await w.workflow().sweep();
      const expired = [first, second].filter((t) => t.state === 'awaiting-approval');
      expect(result.expired).toBe(expired.length);
      for (const t of expired) expect((await w.store.get(t.id))?.state).toBe('expired');
    });
  });
});

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('timed out waiting');
}

describe('races on a ticket are retried against fresh state', () => {
  let w: WorkflowWorld;
  afterEach(async () => {
    await w.close();
  });

  it('two picks at once both land (neither is lost), and the card shows both', async () => {
    w = await startWorkflowWorld();
    const ticket = await w.ask('U0LENA', 'lena.fischer@northwind.example', '');
    if (ticket.approval?.fix.fix !== 'grant-account-access') throw new Error('expected a grant for Lena');
    const ps = ticket.approval.choices?.permissionSets.find((c) => c.label === 'ReadOnly');
    const account = ticket.approval.choices?.accounts[0];
    const flow = w.workflow();
    const outcomes = await Promise.all([
      flow.pick(ticket.id, IRENE, 'permission-set', ps!.value),
      flow.pick(ticket.id, TOMAS, 'account', account!.value),
    ]);
    expect(outcomes).toEqual([{ kind: 'done' }, { kind: 'done' }]);
    const picks = (await w.store.get(ticket.id))?.approval?.picks;
    expect(picks).toMatchObject({ permissionSetArn: ps!.value, accountId: account!.value });
  });

  it('a change made while the card is being posted (Get a human) never leaves the card unrecorded', async () => {
    w = await startWorkflowWorld();
    // Diagnose without asking for approval yet, then race the card against an escalation.
    const asked = await w.ask(SOFIA, SOFIA_EMAIL, 'prod-us');
    const store = w.store;
    const reset = await store.change(asked.id, {
      from: 'awaiting-approval',
      to: 'diagnosed',
      expectedVersion: asked.version,
      patch: { approval: undefined },
      audit: { actor: 'test', action: 'reset' },
    });
    const showCard = w.notifier.showCard.bind(w.notifier);
    w.notifier.showCard = async (t, dryRun, status) => {
      const ref = await showCard(t, dryRun, status);
      const now = (await store.get(t.id)) as Ticket;
      await store.change(t.id, {
        from: now.state,
        to: now.state,
        expectedVersion: now.version,
        patch: { escalatedAt: new Date(w.clock.now()).toISOString() },
        audit: { actor: SOFIA, action: 'escalated' },
      });
      return ref;
    };
    const after = await w.workflow().requestApproval(reset);
    expect(after.state).toBe('awaiting-approval');
    const stored = await store.get(asked.id);
    expect(stored?.approval?.card).toEqual(expect.objectContaining({ channel: 'C0ADMINS' }));
    expect(stored?.escalatedAt).toEqual(expect.any(String));
  });
});
