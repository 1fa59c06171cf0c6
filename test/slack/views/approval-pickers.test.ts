import type { DryRun } from '../../../src/fixes/dry-run';
import { buildApprovalCardView } from '../../../src/slack/views/approval';
import type { Ticket } from '../../../src/tickets/types';
import { expectNoInjection, INJECTION, report } from './fixtures';

const DRY_RUN: DryRun = {
  action: 'sso:CreateAccountAssignment',
  lines: [{ label: 'Principal', value: 'alice@example.com' }],
  needs: { permissionSet: true, account: true },
  risks: [],
};

function ticket(accounts: number, overrides: Partial<Ticket> = {}): Ticket {
  const r = report();
  return {
    id: 't-1',
    version: 2,
    state: 'awaiting-approval',
    requesterId: 'U0ALICE',
    subjectSlackId: 'U0ALICE',
    identifier: 'alice@example.com',
    subjectName: 'Alice',
    audience: 'employee',
    request: { user: 'alice@example.com' },
    primaryCause: 'not-assigned-to-account',
    headline: 'x',
    report: r,
    approval: {
      cause: 'not-assigned-to-account',
      fix: {
        fix: 'grant-account-access',
        instanceArn: 'arn:aws:sso:::instance/ssoins-1',
        principalId: 'u-1',
      },
      picks: {},
      requestedAt: '2026-03-02T10:00:00Z',
      expiresAt: '2026-03-03T10:00:00Z',
      choices: {
        permissionSets: [{ value: 'arn:ps-1', label: 'ReadOnly' }],
        accounts: Array.from({ length: accounts }, (_, i) => ({
          value: String(100000000000 + i),
          label: `acct-${String(i).padStart(3, '0')}`,
        })),
      },
    },
    createdAt: '2026-03-02T10:00:00Z',
    updatedAt: '2026-03-02T10:00:00Z',
    ...overrides,
  } as Ticket;
}

const elementsOf = (blocks: unknown[]) =>
  (blocks as Array<{ block_id?: string; elements?: Array<Record<string, unknown>> }>).find(
    (b) => b.block_id === 'approval_picks',
  )?.elements ?? [];

describe('approval card pickers', () => {
  it('uses external selects (type-ahead over every choice) by default', () => {
    const view = buildApprovalCardView({
      ticket: ticket(250),
      report: report(),
      dryRun: DRY_RUN,
      status: { kind: 'pending' },
    });
    expect(elementsOf(view.blocks).map((e) => [e.type, e.action_id])).toEqual([
      ['external_select', 'approval_pick_permission_set'],
      ['external_select', 'approval_pick_account'],
    ]);
  });

  it('degrades to static selects with the first 100 choices and a search hint when options cannot load', () => {
    const view = buildApprovalCardView({
      ticket: ticket(250),
      report: report(),
      dryRun: DRY_RUN,
      status: { kind: 'pending' },
      selects: 'static',
    });
    const [ps, account] = elementsOf(view.blocks) as Array<{
      type: string;
      options: Array<{ value: string }>;
    }>;
    expect(ps?.type).toBe('static_select');
    expect(ps?.options.map((o) => o.value)).toEqual(['arn:ps-1']);
    expect(account?.type).toBe('static_select');
    expect(account?.options).toHaveLength(100);
    expect(account?.options[0]?.value).toBe('100000000000');
    expect(account?.options[99]?.value).toBe('100000000099');
    const hint = JSON.stringify(view.blocks);
    expect(hint).toContain('Only the first 100 of 250 accounts are listed');
    expect(hint).toContain('options load URL');
    // Permission sets all fit: no hint for them.
    expect(hint).not.toContain('permission sets are listed');
  });

  it('escapes the person in the notification text too', () => {
    const view = buildApprovalCardView({
      ticket: ticket(3, { identifier: INJECTION }),
      report: report(),
      dryRun: DRY_RUN,
      status: { kind: 'pending' },
    });
    expect(view.text).toBe(
      'Approval needed for hi &lt;!channel&gt; &lt;@U123&gt; &lt;http://evil.example|click here&gt; &amp; more: permission-set-not-provisioned',
    );
    expectNoInjection({ text: view.text });
  });
});
