import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProvisionPermissionSetCommand } from '../../src/aws';
import { main } from '../../src/cli/main';
import type { Ticket } from '../../src/tickets/types';
import { captureIo } from '../cli/capture-io';
import { type BotHarness, signedHeaders, startHarness } from './harness';

const textOf = (args: Record<string, unknown>) => JSON.stringify(args.blocks ?? []) + String(args.text ?? '');

const SOFIA = 'U0SOFIA';
const IRENE = 'U0IRENE';
const TOMAS = 'U0TOMAS';
const PROD_US = '902716384451';
const BILLING_VIEWER = 'arn:aws:sso:::permissionSet/ssoins-6804a1c2e7b93f15/ps-0ea222643a7af7ea';
const INSTANCE = 'arn:aws:sso:::instance/ssoins-6804a1c2e7b93f15';

/** Asks as `user`, waits until the ticket is done diagnosing (and its card, if any, is posted). */
async function ask(h: BotHarness, user: string, text = ''): Promise<Ticket> {
  await h.command(user, text);
  await h.slack.waitFor(
    'chat.update',
    (c) => textOf(c.args).includes('report_check_again') && c.args.channel === `D${user.slice(1)}`,
  );
  await h.bot.queue.drain();
  const ticket = (await h.bot.services.store.forSubject(user, 1))[0];
  if (!ticket) throw new Error(`no ticket for ${user}`);
  return ticket;
}

async function click(
  h: BotHarness,
  user: string,
  actionId: string,
  ticketId: string,
  extra: Record<string, unknown> = {},
) {
  await h.action(user, {
    actions: [{ action_id: actionId, type: 'button', value: ticketId }],
    response_url: h.slack.responseUrl(`click-${user}-${actionId}`),
    ...extra,
  });
}

const provisioned = (h: BotHarness, account: string, ps: string) =>
  h.bot.services.sandbox!.state.provisioned.get(`${account}|${ps}`);

describe('approvals and fixes, end to end (signed requests, fake Slack, sandbox AWS, dynalite)', () => {
  let h: BotHarness;

  beforeEach(async () => {
    h = await startHarness({
      NOTIFY_CHANNEL_ID: 'C0NOTIFY',
      DIAGNOSES_PER_MINUTE: '50',
      AWS_QUOTA_SHARE: '1',
    });
    h.bot.services.sandbox!.setFaults({ provisioningDelayMs: 200 });
  });

  afterEach(async () => {
    await h.close();
  });

  it('provision-permission-set: card with the exact dry run, approve, fix, verify, notify', async () => {
    const ticket = await ask(h, SOFIA, 'prod-us');
    expect(ticket.state).toBe('awaiting-approval');
    expect(ticket.approval?.fix).toEqual({
      fix: 'provision-permission-set',
      instanceArn: INSTANCE,
      accountId: PROD_US,
      permissionSetArn: BILLING_VIEWER,
    });
    const card = h.slack.calls('chat.postMessage').find((c) => c.args.channel === 'C0ADMINS')!;
    const cardText = textOf(card.args);
    for (const part of [
      'sso:ProvisionPermissionSet',
      PROD_US,
      'prod-us',
      'BillingViewer',
      BILLING_VIEWER,
      'production account',
      'approval_approve',
      'approval_reject',
    ]) {
      expect(cardText).toContain(part);
    }
    // Every button carries only the ticket id.
    const buttons = (card.args.blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>)
      .flatMap((b) => b.elements ?? [])
      .filter((e) => e.action_id?.startsWith('approval_'));
    expect(buttons.map((b) => b.value)).toEqual([ticket.id, ticket.id]);

    await click(h, IRENE, 'approval_approve', ticket.id);
    await h.bot.queue.drain();
    const done = await h.bot.services.store.get(ticket.id);
    expect(done?.state).toBe('resolved');
    expect(done?.resolution).toBe('fix-verified');
    expect(done?.approval?.decidedBy).toBe(IRENE);
    // The ticket keeps each write's latest status; the audit trail keeps every step.
    expect(done?.fixRun?.steps.map((s) => [s.action.split(' ')[0], s.status])).toEqual([
      ['sso:ProvisionPermissionSet', 'succeeded'],
    ]);
    expect(done?.fixRun?.steps[0]?.requestId).toEqual(expect.any(String));
    expect(provisioned(h, PROD_US, BILLING_VIEWER)).toBe('LATEST_PERMISSION_SET_PROVISIONED');
    const notes = h.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'C0NOTIFY');
    expect(notes).toHaveLength(1);
    expect(textOf(notes[0]!.args)).toMatch(
      /<@U0SOFIA> can get into AWS again.*permission-set-not-provisioned.*provision-permission-set.*<@U0IRENE>/,
    );
    const told = h.slack
      .calls('chat.postMessage')
      .filter((c) => c.args.channel === 'D0SOFIA' && c.args.thread_ts);
    expect(told.map((c) => String(c.args.text)).join('\n')).toMatch(/Fixed!/);
    const audit = await h.bot.services.store.auditOf(ticket.id);
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'created',
        'diagnosed',
        'approval-requested',
        'approved',
        'fix-started',
        'fix-step-started',
        'fix-step-succeeded',
        'resolved',
      ]),
    );

    // Admin App Home: nothing waiting any more, and the last 30 days by cause.
    await h.event({ type: 'app_home_opened', user: TOMAS, channel: 'D0TOMAS', tab: 'home' });
    const home = await h.slack.waitFor('views.publish', (c) => c.args.user_id === TOMAS);
    const homeText = JSON.stringify(home.args.view);
    expect(homeText).toContain('Waiting for approval');
    expect(homeText).toContain('Nothing to approve right now.');
    expect(homeText).toMatch(/█+` 1 · \*permission-set-not-provisioned\* · median time to resolve/);
  });

  it('shows approvers the fixes waiting for them on App Home', async () => {
    await ask(h, SOFIA, 'prod-us');
    await h.event({ type: 'app_home_opened', user: TOMAS, channel: 'D0TOMAS', tab: 'home' });
    const home = await h.slack.waitFor('views.publish', (c) => c.args.user_id === TOMAS);
    const homeText = JSON.stringify(home.args.view);
    expect(homeText).toContain('sofia.brennan@northwind.example');
    expect(homeText).toContain('Waiting for an approver');
  });

  it('flags a fix in the management account on the card', async () => {
    const state = h.bot.services.sandbox!.state;
    // Marcus reaches management with BillingViewer through Finance-Readonly; un-provision it there.
    const key = [...state.provisioned.keys()].find(
      (k) => k.startsWith('310842756190|') && k.endsWith(BILLING_VIEWER),
    )!;
    state.provisioned.delete(key);
    const ticket = await ask(h, 'U0MARCUS', 'management');
    expect(ticket.approval?.managementAccountId).toBe('310842756190');
    const card = h.slack.calls('chat.postMessage').find((c) => c.args.channel === 'C0ADMINS')!;
    expect(textOf(card.args)).toContain('This changes access in the management account');
  });

  it('grant-account-access: the approver picks the permission set and the account, then approves', async () => {
    const ticket = await ask(h, 'U0LENA');
    expect(ticket.approval?.fix.fix).toBe('grant-account-access');
    const readOnly = ticket.approval!.choices!.permissionSets.find((c) => c.label === 'ReadOnly')!;
    const sandbox = ticket.approval!.choices!.accounts.find((c) => c.label.startsWith('sandbox'))!;
    const card = h.slack.calls('chat.postMessage').find((c) => c.args.channel === 'C0ADMINS')!;
    await click(h, IRENE, 'approval_approve', ticket.id);
    await h.bot.queue.drain();
    const refusal = h.slack.calls('response_url').at(-1);
    expect(String(refusal?.args.text)).toMatch(/Pick a permission set and an account/);
    for (const [actionId, choice] of [
      ['approval_pick_permission_set', readOnly],
      ['approval_pick_account', sandbox],
    ] as const) {
      await h.action(IRENE, {
        actions: [
          {
            action_id: actionId,
            type: 'external_select',
            selected_option: { value: choice.value, text: { type: 'plain_text', text: choice.label } },
          },
        ],
        message: { blocks: card.args.blocks },
      });
      await h.bot.queue.drain();
    }
    await click(h, IRENE, 'approval_approve', ticket.id);
    await h.bot.queue.drain();
    const done = await h.bot.services.store.get(ticket.id);
    expect(done?.state).toBe('resolved');
    expect(h.bot.services.sandbox!.state.assignmentsOf(ticket.report!.subject!.userId)).toEqual([
      {
        AccountId: '649120387544',
        PermissionSetArn: readOnly.value,
        PrincipalType: 'USER',
        PrincipalId: ticket.report!.subject!.userId,
      },
    ]);
  });

  it('answers the type-ahead options from the stored choices, filtered by what the admin typed', async () => {
    const ticket = await ask(h, 'U0LENA');
    const card = h.slack.calls('chat.postMessage').find((c) => c.args.channel === 'C0ADMINS')!;
    const body = new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_suggestion',
        action_id: 'approval_pick_permission_set',
        block_id: 'approval_picks',
        value: 'read',
        user: { id: IRENE },
        team: { id: 'T0SANDBOX' },
        container: { type: 'message' },
        message: { blocks: card.args.blocks },
      }),
    }).toString();
    const res = await fetch(h.url, { method: 'POST', headers: signedHeaders(body), body });
    expect(res.status).toBe(200);
    const options = (await res.json()) as { options: Array<{ value: string; text: { text: string } }> };
    expect(options.options.map((o) => o.text.text)).toEqual(['ReadOnly']);
    expect(ticket.approval?.choices?.permissionSets.length).toBeGreaterThan(5);
  });

  it('repoint-assignments and add-to-group run and verify', async () => {
    const elena = await ask(h, 'U0ELENA', 'prod-eu');
    const rafael = await ask(h, 'U0RAFAEL', 'prod-eu');
    expect([elena.approval?.fix.fix, rafael.approval?.fix.fix]).toEqual([
      'repoint-assignments',
      'add-to-group',
    ]);
    await click(h, IRENE, 'approval_approve', elena.id);
    await click(h, TOMAS, 'approval_approve', rafael.id);
    await h.bot.queue.drain();
    // Elena's assignments include an admin-like permission set: one approval is not enough.
    const once = await h.bot.services.store.get(elena.id);
    expect(once?.state).toBe('awaiting-approval');
    expect(once?.approval?.firstApproval?.by).toBe(IRENE);
    expect(h.slack.calls('response_url').map((c) => String(c.args.text))).toEqual([
      'Noted. This permission set needs a second approver: another approver has to approve it too.',
    ]);
    // The same approver twice does not count.
    await click(h, IRENE, 'approval_approve', elena.id);
    await h.bot.queue.drain();
    expect((await h.bot.services.store.get(elena.id))?.state).toBe('awaiting-approval');
    await click(h, TOMAS, 'approval_approve', elena.id);
    await h.bot.queue.drain();
    expect((await h.bot.services.store.get(elena.id))?.state).toBe('resolved');
    expect((await h.bot.services.store.auditOf(elena.id)).map((e) => e.action)).toEqual(
      expect.arrayContaining(['first-approval', 'approved']),
    );
    expect((await h.bot.services.store.get(rafael.id))?.state).toBe('resolved');
    const userId = rafael.report!.subject!.userId;
    expect(h.bot.services.sandbox!.state.groupsOf(userId)).toContain(
      (rafael.approval!.fix as { groupId: string }).groupId,
    );
  });

  it('refuses self-approval and non-approvers privately, and nothing changes', async () => {
    const ticket = await ask(h, SOFIA, 'prod-us');
    await click(h, SOFIA, 'approval_approve', ticket.id);
    await click(h, 'U0PRIYA', 'approval_approve', ticket.id);
    await h.bot.queue.drain();
    const answers = h.slack.calls('response_url').map((c) => String(c.args.text));
    expect(answers).toEqual(expect.arrayContaining([expect.stringMatching(/Only configured approvers/)]));
    const after = await h.bot.services.store.get(ticket.id);
    expect(after?.state).toBe('awaiting-approval');
    expect(h.bot.services.sandbox!.calls({ operation: 'ProvisionPermissionSet' })).toHaveLength(0);
  });

  it('never lets the person who asked for the diagnosis approve it, even an approver', async () => {
    await h.command(IRENE, `<@${SOFIA}|sofia> prod-us`);
    await h.slack.waitFor(
      'chat.update',
      (c) => textOf(c.args).includes('report_check_again') && c.args.channel === 'D0IRENE',
    );
    await h.bot.queue.drain();
    const ticket = (await h.bot.services.store.open(10)).find((t) => t.requesterId === IRENE)!;
    await click(h, IRENE, 'approval_approve', ticket.id);
    await h.bot.queue.drain();
    expect(String(h.slack.calls('response_url').at(-1)?.args.text)).toMatch(/You asked for this diagnosis/);
    expect((await h.bot.services.store.get(ticket.id))?.state).toBe('awaiting-approval');
  });

  it('applies the fix exactly once when two approvers click at once, and tells the later one who was first', async () => {
    const ticket = await ask(h, SOFIA, 'prod-us');
    await Promise.all([
      click(h, IRENE, 'approval_approve', ticket.id),
      click(h, TOMAS, 'approval_approve', ticket.id),
    ]);
    await click(h, IRENE, 'approval_approve', ticket.id); // a double click after the fact
    await h.bot.queue.drain();
    expect(h.bot.services.sandbox!.calls({ operation: 'ProvisionPermissionSet' })).toHaveLength(1);
    const done = await h.bot.services.store.get(ticket.id);
    expect(done?.state).toBe('resolved');
    const first = done!.approval!.decidedBy!;
    const late = h.slack.calls('response_url').map((c) => String(c.args.text));
    expect(late.some((t) => t.includes(`<@${first}>`) && /Already (approved|resolved)/.test(t))).toBe(true);
  });

  it('reject opens a modal, and the reason reaches the person; nothing is changed in AWS', async () => {
    const ticket = await ask(h, SOFIA, 'prod-us');
    await h.action(IRENE, {
      actions: [{ action_id: 'approval_reject', type: 'button', value: ticket.id }],
      trigger_id: 'trig-1',
    });
    const modal = await h.slack.waitFor('views.open');
    expect(JSON.stringify(modal.args.view)).toContain(ticket.id);
    const body = new URLSearchParams({
      payload: JSON.stringify({
        type: 'view_submission',
        team: { id: 'T0SANDBOX' },
        user: { id: IRENE },
        view: {
          id: 'V1',
          callback_id: 'approval_reject_reason',
          private_metadata: ticket.id,
          state: {
            values: {
              reject_reason: {
                reason: {
                  type: 'plain_text_input',
                  value: 'BillingViewer is being retired; ask for ReadOnly',
                },
              },
            },
          },
        },
      }),
    }).toString();
    expect((await fetch(h.url, { method: 'POST', headers: signedHeaders(body), body })).status).toBe(200);
    await h.bot.queue.drain();
    const after = await h.bot.services.store.get(ticket.id);
    expect(after?.state).toBe('rejected');
    expect(after?.approval?.rejectReason).toBe('BillingViewer is being retired; ask for ReadOnly');
    const told = h.slack
      .calls('chat.postMessage')
      .filter((c) => c.args.channel === 'D0SOFIA' && c.args.thread_ts);
    expect(told.map((c) => String(c.args.text)).join('\n')).toMatch(
      /decided not to make this change: “BillingViewer is being retired/,
    );
    expect(h.bot.services.sandbox!.calls({ operation: 'ProvisionPermissionSet' })).toHaveLength(0);
  });

  it('attaches an approver’s lookup to the open ticket of the person who asked: one ticket, one card, "Fixed!" to the person, one note', async () => {
    const ticket = await ask(h, SOFIA, 'prod-us');
    h.slack.reset();
    await h.command(IRENE, `<@${SOFIA}|sofia>`);
    const report = await h.slack.waitFor(
      'chat.update',
      (c) => textOf(c.args).includes('report_check_again') && c.args.channel === 'D0IRENE',
    );
    await h.bot.queue.drain();
    expect(textOf(report.args)).toContain('already asked');
    expect(textOf(report.args)).toContain('attached to their open request');
    // No second ticket and no second card; the person's own message is left alone.
    expect(await h.bot.services.store.forSubject(SOFIA, 10)).toHaveLength(1);
    expect(h.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'C0ADMINS')).toHaveLength(0);
    expect(
      h.slack.calls('chat.update').filter((c) => c.args.channel === 'D0SOFIA' && c.args.ts === ticket.dm?.ts),
    ).toHaveLength(0);
    const attached = await h.bot.services.store.get(ticket.id);
    expect(attached?.requesterId).toBe(SOFIA);
    expect(attached?.request.account).toBe('prod-us');
    expect((await h.bot.services.store.auditOf(ticket.id)).some((e) => e.details?.attachedBy === IRENE)).toBe(
      true,
    );

    // Tomás approves (Irene looked into it, but Sofia asked): Sofia is told, one note names the access.
    await click(h, TOMAS, 'approval_approve', ticket.id);
    await h.bot.queue.drain();
    expect((await h.bot.services.store.get(ticket.id))?.state).toBe('resolved');
    const told = h.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'D0SOFIA');
    expect(told.map((c) => String(c.args.text)).join('\n')).toMatch(/Fixed!/);
    expect(
      h.slack
        .calls('chat.postMessage')
        .filter((c) => c.args.channel === 'D0IRENE' && /Fixed!/.test(String(c.args.text))),
    ).toHaveLength(0);
    const notes = h.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'C0NOTIFY');
    expect(notes).toHaveLength(1);
    expect(textOf(notes[0]!.args)).toMatch(
      /<@U0SOFIA> can get into AWS again \(BillingViewer on prod-us\).*<@U0TOMAS>/,
    );
  });

  it('tells the person, not the approver, when an approver’s own ticket about them is fixed', async () => {
    await h.command(IRENE, `<@${SOFIA}|sofia> prod-us`);
    await h.slack.waitFor(
      'chat.update',
      (c) => textOf(c.args).includes('report_check_again') && c.args.channel === 'D0IRENE',
    );
    await h.bot.queue.drain();
    const ticket = (await h.bot.services.store.open(10)).find((t) => t.requesterId === IRENE)!;
    await click(h, TOMAS, 'approval_approve', ticket.id);
    await h.bot.queue.drain();
    expect((await h.bot.services.store.get(ticket.id))?.state).toBe('resolved');
    const toSofia = h.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'D0SOFIA');
    expect(toSofia.map((c) => String(c.args.text)).join('\n')).toMatch(/Fixed!/);
  });

  it('refreshes the same approval card when the person asks again, never a second one', async () => {
    await ask(h, SOFIA, 'prod-us');
    await ask(h, SOFIA, 'prod-us');
    expect(h.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'C0ADMINS')).toHaveLength(1);
    const tickets = await h.bot.services.store.forSubject(SOFIA, 10);
    expect(tickets).toHaveLength(1);
    const cardTs = tickets[0]!.approval!.card!.ts;
    expect(
      h.slack.calls('chat.update').filter((c) => c.args.channel === 'C0ADMINS' && c.args.ts === cardTs)
        .length,
    ).toBeGreaterThan(0);
  });

  it('reports a provisioning failure plainly and leaves the ticket fix-failed', async () => {
    const ticket = await ask(h, SOFIA, 'prod-us');
    h.bot.services.sandbox!.setFaults({
      provisioningDelayMs: 200,
      failProvisioning: {
        [PROD_US]: 'Received a 404 status error: Policy not found billing-boundary in account 902716384451',
      },
    });
    await click(h, IRENE, 'approval_approve', ticket.id);
    await h.bot.queue.drain();
    const after = await h.bot.services.store.get(ticket.id);
    expect(after?.state).toBe('fix-failed');
    expect(after?.fixRun?.failureReason).toMatch(/Policy not found/);
    const card = h.slack
      .calls('chat.update')
      .filter((c) => c.args.channel === 'C0ADMINS')
      .at(-1)!;
    expect(textOf(card.args)).toMatch(/did not work/i);
    const told = h.slack
      .calls('chat.postMessage')
      .filter((c) => c.args.channel === 'D0SOFIA' && c.args.thread_ts);
    const words = told.map((c) => String(c.args.text)).join('\n');
    expect(words).toMatch(/The fix did not work/);
    expect(words).not.toMatch(/404|Policy not found/);
  });

  it('recovers a crash between the AWS write and the state update: the sweeper finishes it without writing twice', async () => {
    const ticket = await ask(h, SOFIA, 'prod-us');
    const store = h.bot.services.store;
    // The worker approved, moved to fixing and made the write, then died before recording anything.
    const approved = await store.change(ticket.id, {
      from: 'awaiting-approval',
      to: 'approved',
      expectedVersion: ticket.version,
      patch: { approval: { ...ticket.approval!, decidedBy: IRENE, decidedAt: new Date().toISOString() } },
      audit: { actor: IRENE, action: 'approved' },
    });
    const longAgo = new Date(h.bot.services.clock.now() - 10 * 60_000).toISOString();
    await store.change(ticket.id, {
      from: 'approved',
      to: 'fixing',
      expectedVersion: approved.version,
      patch: {
        fixRun: { fix: 'provision-permission-set', startedAt: longAgo, heartbeatAt: longAgo, steps: [] },
      },
      audit: { actor: 'bot', action: 'fix-started' },
    });
    await h.bot.services.aws.ssoAdmin.send(
      new ProvisionPermissionSetCommand({
        InstanceArn: INSTANCE,
        PermissionSetArn: BILLING_VIEWER,
        TargetType: 'AWS_ACCOUNT',
        TargetId: PROD_US,
      }),
    );
    await h.bot.queue.enqueue({ kind: 'sweep', requestId: 'sweep-1' });
    await h.bot.queue.drain();
    const after = await store.get(ticket.id);
    expect(after?.state).toBe('resolved');
    expect(h.bot.services.sandbox!.calls({ operation: 'ProvisionPermissionSet' })).toHaveLength(1);
    expect((await store.auditOf(ticket.id)).map((e) => e.actor)).toContain('sweeper');
  });
});

describe('approval expiry', () => {
  let h: BotHarness;

  afterEach(async () => {
    await h.close();
  });

  it('reminds approvers once, then expires the request and tells the person', async () => {
    h = await startHarness({
      APPROVAL_EXPIRY_HOURS: '0.0003',
      APPROVAL_REMINDER_HOURS: '1',
      DIAGNOSES_PER_MINUTE: '50',
    });
    const ticket = await ask(h, SOFIA, 'prod-us');
    await h.bot.queue.enqueue({ kind: 'sweep', requestId: 's1' });
    await h.bot.queue.drain();
    expect((await h.bot.services.store.get(ticket.id))?.approval?.remindedAt).toEqual(expect.any(String));
    const reminders = h.slack
      .calls('chat.postMessage')
      .filter((c) => c.args.channel === 'C0ADMINS' && c.args.thread_ts);
    expect(reminders).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await h.bot.queue.enqueue({ kind: 'sweep', requestId: 's2' });
    await h.bot.queue.drain();
    expect((await h.bot.services.store.get(ticket.id))?.state).toBe('expired');
    const told = h.slack
      .calls('chat.postMessage')
      .filter((c) => c.args.channel === 'D0SOFIA' && c.args.thread_ts);
    expect(told.map((c) => String(c.args.text)).join('\n')).toMatch(/expired/);
    // A click after expiry is answered, and nothing runs.
    await click(h, IRENE, 'approval_approve', ticket.id);
    await h.bot.queue.drain();
    expect(String(h.slack.calls('response_url').at(-1)?.args.text)).toMatch(/expired/);
    expect(h.bot.services.sandbox!.calls({ operation: 'ProvisionPermissionSet' })).toHaveLength(0);
  });
});

describe('the audit export', () => {
  it('prints the trail as JSON, oldest first', async () => {
    const dir = join(tmpdir(), `audit-${process.pid}`);
    const h = await startHarness({ DATA_DIR: dir, DIAGNOSES_PER_MINUTE: '50' });
    try {
      await ask(h, 'U0LENA');
    } finally {
      await h.close();
    }
    const io = captureIo({ DATA_DIR: dir });
    expect(await main(['audit', '--since', '2000-01-01', '--json'], io)).toBe(0);
    const events = JSON.parse(io.stdout.join('\n')) as Array<{
      action: string;
      actor: string;
      ticketId: string;
    }>;
    expect(events.map((e) => e.action)).toEqual(['created', 'diagnosed', 'approval-requested']);
    expect(events[0]?.actor).toBe('U0LENA');
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('static select menus (SLACK_SELECT_MENUS=static, for an HTTP app without the options load URL)', () => {
  let h: BotHarness;

  afterEach(async () => {
    await h.close();
  });

  it('posts the card with static selects carrying the stored choices, and a pick from them is applied', async () => {
    h = await startHarness({
      SLACK_SELECT_MENUS: 'static',
      DIAGNOSES_PER_MINUTE: '50',
      AWS_QUOTA_SHARE: '1',
    });
    const ticket = await ask(h, 'U0LENA');
    expect(ticket.approval?.fix.fix).toBe('grant-account-access');
    const choices = ticket.approval!.choices!;
    const card = h.slack.calls('chat.postMessage').find((c) => c.args.channel === 'C0ADMINS')!;
    const picks = (card.args.blocks as Array<{ block_id?: string; elements?: unknown[] }>).find(
      (b) => b.block_id === 'approval_picks',
    );
    const asOptions = (list: ReadonlyArray<{ value: string; label: string }>) =>
      list
        .slice(0, 100)
        .map((c) => ({ text: { type: 'plain_text', text: c.label, emoji: true }, value: c.value }));
    expect(picks?.elements).toEqual([
      {
        type: 'static_select',
        action_id: 'approval_pick_permission_set',
        placeholder: { type: 'plain_text', text: 'Pick a permission set', emoji: true },
        options: asOptions(choices.permissionSets),
      },
      {
        type: 'static_select',
        action_id: 'approval_pick_account',
        placeholder: { type: 'plain_text', text: 'Pick an account', emoji: true },
        options: asOptions(choices.accounts),
      },
    ]);
    expect(choices.permissionSets.length).toBeGreaterThan(5);
    expect(textOf(card.args)).not.toContain('external_select');

    const readOnly = choices.permissionSets.find((c) => c.label === 'ReadOnly')!;
    const sandbox = choices.accounts.find((c) => c.label.startsWith('sandbox'))!;
    for (const [actionId, choice] of [
      ['approval_pick_permission_set', readOnly],
      ['approval_pick_account', sandbox],
    ] as const) {
      await h.action(IRENE, {
        actions: [
          {
            action_id: actionId,
            type: 'static_select',
            selected_option: { value: choice.value, text: { type: 'plain_text', text: choice.label } },
          },
        ],
        message: { blocks: card.args.blocks },
      });
      await h.bot.queue.drain();
    }
    await click(h, IRENE, 'approval_approve', ticket.id);
    await h.bot.queue.drain();
    expect((await h.bot.services.store.get(ticket.id))?.state).toBe('resolved');
    expect(h.bot.services.sandbox!.state.assignmentsOf(ticket.report!.subject!.userId)).toEqual([
      {
        AccountId: '649120387544',
        PermissionSetArn: readOnly.value,
        PrincipalType: 'USER',
        PrincipalId: ticket.report!.subject!.userId,
      },
    ]);
  });

  it('keeps external selects by default', async () => {
    h = await startHarness({ DIAGNOSES_PER_MINUTE: '50' });
    await ask(h, 'U0LENA');
    const card = h.slack.calls('chat.postMessage').find((c) => c.args.channel === 'C0ADMINS')!;
    const picks = (card.args.blocks as Array<{ block_id?: string; elements?: Array<{ type: string }> }>).find(
      (b) => b.block_id === 'approval_picks',
    );
    expect(picks?.elements?.map((e) => e.type)).toEqual(['external_select', 'external_select']);
  });
});
