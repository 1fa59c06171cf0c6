import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Snapshot } from '../../src/sandbox/snapshot/schema';
import { type BotHarness, SAMPLE_ORG, startHarness } from './harness';

/*
 * Issue 13 point 2 over real Bolt and the fake Slack: Elena was re-created, and 45 assignments still point
 * at her old user id. One card (a summary, never a silent cut; every line in its thread), one approval,
 * every assignment repointed, one resolution note.
 */

const textOf = (args: Record<string, unknown>) => JSON.stringify(args.blocks ?? []) + String(args.text ?? '');
const OLD_ELENA = '27c09217-2414-4e64-93fc-3c544f8f116a';
const READ_ONLY = 'arn:aws:sso:::permissionSet/ssoins-6804a1c2e7b93f15/ps-a318e3b7006092b4';
const SECURITY_AUDIT = 'arn:aws:sso:::permissionSet/ssoins-6804a1c2e7b93f15/ps-1775a2e28ca4e1c7';

/** The sample with 23 more accounts and Elena's old id holding ReadOnly and SecurityAudit in them (45). */
function elenaWith45Stale(): { path: string; accounts: string[] } {
  const snapshot = JSON.parse(readFileSync(SAMPLE_ORG, 'utf8')) as Snapshot;
  const accounts = Array.from({ length: 23 }, (_, i) => `5550000000${String(i).padStart(2, '0')}`);
  snapshot.organization!.accounts = [
    ...(snapshot.organization!.accounts ?? []),
    ...accounts.map((Id, i) => ({
      Id,
      Name: `team-${i + 1}`,
      Email: `team-${i + 1}@northwind.example`,
      State: 'ACTIVE' as const,
    })),
  ];
  const stale = accounts
    .flatMap((AccountId) =>
      [READ_ONLY, SECURITY_AUDIT].map((PermissionSetArn) => ({ AccountId, PermissionSetArn })),
    )
    .slice(0, 45);
  snapshot.accountAssignments = [
    ...(snapshot.accountAssignments ?? []).filter((a) => a.PrincipalId !== OLD_ELENA),
    ...stale.map((s) => ({ ...s, PrincipalType: 'USER' as const, PrincipalId: OLD_ELENA })),
  ];
  const path = join(mkdtempSync(join(tmpdir(), 'cant-login-long-repair-')), 'org.json');
  writeFileSync(path, JSON.stringify(snapshot));
  return { path, accounts };
}

const SOFIA_ID = 'bb3eca9b-9f3d-4bd3-ac07-400e2ac41a91';
const BILLING_VIEWER = 'arn:aws:sso:::permissionSet/ssoins-6804a1c2e7b93f15/ps-0ea222643a7af7ea';
/** Sofia also holds BillingViewer, unprovisioned, in staging, sandbox and shared-services. */
const SOFIA_MORE = ['738215064932', '649120387544', '527304918263'];

function sofiaWithFourUnprovisioned(): string {
  const snapshot = JSON.parse(readFileSync(SAMPLE_ORG, 'utf8')) as Snapshot;
  snapshot.accountAssignments = [
    ...(snapshot.accountAssignments ?? []),
    ...SOFIA_MORE.map((AccountId) => ({
      AccountId,
      PermissionSetArn: BILLING_VIEWER,
      PrincipalType: 'USER' as const,
      PrincipalId: SOFIA_ID,
    })),
  ];
  const path = join(mkdtempSync(join(tmpdir(), 'cant-login-provision-all-')), 'org.json');
  writeFileSync(path, JSON.stringify(snapshot));
  return path;
}

describe('one approval provisions every account that needs it', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startHarness(
      { NOTIFY_CHANNEL_ID: 'C0NOTIFY', AWS_QUOTA_SHARE: '1' },
      sofiaWithFourUnprovisioned(),
    );
    h.bot.services.sandbox!.setFaults({ provisioningDelayMs: 20 });
  });

  afterAll(async () => {
    await h.close();
  });

  it('proposes provisioning all four accounts in one fix, applies them on one approval, resolves once', async () => {
    await h.command('U0SOFIA', '');
    await h.slack.waitFor('chat.update', (c) => textOf(c.args).includes('report_check_again'));
    await h.bot.queue.drain();
    const ticket = (await h.bot.services.store.forSubject('U0SOFIA', 1))[0]!;
    const fix = ticket.approval!.fix;
    expect(fix.fix).toBe('provision-permission-set');
    const targets =
      fix.fix === 'provision-permission-set' ? (fix.targets ?? []).map((t) => t.accountId).sort() : [];
    expect(targets).toEqual(['902716384451', ...SOFIA_MORE].sort());
    const cards = h.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'C0ADMINS');
    expect(cards).toHaveLength(1);
    for (const account of SOFIA_MORE) expect(textOf(cards[0]!.args)).toContain(account);

    await h.action('U0IRENE', {
      actions: [{ action_id: 'approval_approve', type: 'button', value: ticket.id }],
      response_url: h.slack.responseUrl('click-irene-provision'),
    });
    await h.bot.queue.drain();
    expect((await h.bot.services.store.get(ticket.id))?.state).toBe('resolved');
    const provisioned = h.bot.services.sandbox!.calls({ operation: 'ProvisionPermissionSet' });
    expect(provisioned).toHaveLength(4);
    for (const account of ['902716384451', ...SOFIA_MORE])
      expect(h.bot.services.sandbox!.state.provisioned.get(`${account}|${BILLING_VIEWER}`)).toBe(
        'LATEST_PERMISSION_SET_PROVISIONED',
      );
    expect(h.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'C0NOTIFY')).toHaveLength(1);
  }, 60_000);
});

describe('a 45-assignment repair, approved once', () => {
  let h: BotHarness;
  let accounts: string[];

  beforeAll(async () => {
    const made = elenaWith45Stale();
    accounts = made.accounts;
    h = await startHarness({ NOTIFY_CHANNEL_ID: 'C0NOTIFY', AWS_QUOTA_SHARE: '1' }, made.path);
    h.bot.services.sandbox!.setFaults({ provisioningDelayMs: 20 });
  });

  afterAll(async () => {
    await h.close();
  });

  it('shows the whole change (summary on the card, every line in its thread), applies all 45 on one approval', async () => {
    await h.command('U0ELENA', '');
    await h.slack.waitFor('chat.update', (c) => textOf(c.args).includes('report_check_again'));
    await h.bot.queue.drain();
    const ticket = (await h.bot.services.store.forSubject('U0ELENA', 1))[0]!;
    expect(ticket.approval?.fix.fix).toBe('repoint-assignments');
    const fix = ticket.approval!.fix;
    expect(fix.fix === 'repoint-assignments' && fix.stale.length).toBe(45);

    const posted = h.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'C0ADMINS');
    const card = posted.find((c) => !c.args.thread_ts)!;
    expect(textOf(card.args)).toContain('All ');
    expect(textOf(card.args)).toContain('lines are in the thread below; Approve applies every one of them.');
    expect(JSON.stringify(card.args.blocks).length).toBeLessThan(40_000);
    const thread = posted.filter(
      (c) => Boolean(c.args.thread_ts) && /The whole change/.test(String(c.args.text)),
    );
    expect(thread.length).toBeGreaterThan(0);
    const listed = thread.map((c) => textOf(c.args)).join('\n');
    for (const account of accounts) expect(listed).toContain(account);

    await h.action('U0IRENE', {
      actions: [{ action_id: 'approval_approve', type: 'button', value: ticket.id }],
      response_url: h.slack.responseUrl('click-irene'),
    });
    await h.bot.queue.drain();
    const done = await h.bot.services.store.get(ticket.id);
    expect(done?.state).toBe('resolved');
    expect(h.bot.services.sandbox!.calls({ operation: 'CreateAccountAssignment' })).toHaveLength(45);
    expect(h.bot.services.sandbox!.calls({ operation: 'DeleteAccountAssignment' })).toHaveLength(45);
    expect(h.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'C0NOTIFY')).toHaveLength(1);
  }, 120_000);
});
