import type { DriftRecord } from '../../../src/drift/store';
import type { Drift } from '../../../src/drift/types';
import { describeFix } from '../../../src/fixes/dry-run';
import {
  buildDriftCardView,
  buildDriftDigestView,
  buildDriftHomeBlocks,
  buildDriftTargetsViews,
} from '../../../src/slack/views/drift';

const INSTANCE = 'arn:aws:sso:::instance/ssoins-1111111111111111';
const PS = 'arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-aaaaaaaaaaaaaaaa';
const account = (i: number) => String(100000000000 + i);

/** A user re-created with 47 stale assignments over 47 accounts, two of them production. */
function recreated(): Drift {
  const accounts = Array.from({ length: 47 }, (_, i) => ({
    id: account(i),
    name: i === 3 ? 'prod-eu' : i === 4 ? 'prod-us' : i === 5 ? '<!channel> sneaky' : `team-${i}`,
  }));
  return {
    id: 'principal-recreated:old',
    kind: 'principal-recreated',
    severity: 'blocking',
    accounts,
    permissionSet: null,
    principal: { type: 'USER', id: 'old', name: 'ana@example.com' },
    affectedUsers: [{ userId: 'new', userName: 'ana@example.com' }],
    since: '2026-11-01T00:00:00Z',
    summary:
      'The user ana@example.com was deleted and re-created with a new id: 47 assignments still point at the old id and no longer work.',
    fix: {
      fix: 'repoint-assignments',
      instanceArn: INSTANCE,
      principalType: 'USER',
      newPrincipalId: 'new',
      lastKnownName: 'ana@example.com',
      stale: accounts.map((a) => ({ accountId: a.id, permissionSetArn: PS, principalId: 'old' })),
    },
    assignments: [],
  };
}

const record = (drift: Drift, extra: Partial<DriftRecord> = {}): DriftRecord => ({
  id: drift.id,
  version: 1,
  state: 'open',
  drift,
  firstSeen: '2026-11-23T12:00:00.000Z',
  lastSeen: '2026-11-23T12:00:00.000Z',
  ...extra,
});

const text = (v: unknown) => JSON.stringify(v);

describe('drift views', () => {
  it('the digest gives each new drift its blast radius, production named, and escapes what AWS returned', () => {
    const view = buildDriftDigestView({ announce: [record(recreated())], stillOpen: [], resolved: [] });
    expect(view.text).toBe('Access drift: 1 new problem affecting 1 person');
    const all = text(view.blocks);
    expect(all).toContain('*1 person* locked out or affected');
    expect(all).toContain('47 accounts');
    expect(all).toContain('production: prod-eu (100000000003), prod-us (100000000004)');
    expect(all).not.toContain('<!channel>');
    expect(view.blocks.length).toBeLessThanOrEqual(50);
  });

  it('the card of a 47-target repair stays within Slack limits, names every production account, and says where the rest is', () => {
    const drift = recreated();
    const dryRun = describeFix(
      drift.fix!,
      {},
      {
        accountNames: Object.fromEntries(drift.accounts.map((a) => [a.id, a.name!])),
      },
    );
    const card = buildDriftCardView({ ticketId: 't1', drift, dryRun, status: { kind: 'pending' } });
    expect(card.blocks.length).toBeLessThanOrEqual(50);
    const all = text(card.blocks);
    expect(all).toContain('This grants or changes access to a production account.');
    expect(all).toContain('All 50 lines are in the thread below.');
    expect(all).toContain('"action_id":"drift_approve","value":"t1"');
    const thread = buildDriftTargetsViews(dryRun);
    const threadText = text(thread);
    for (const a of drift.accounts) expect(threadText).toContain(`account ${a.id}`);
    for (const v of thread) for (const b of v.blocks) expect(text(b).length).toBeLessThan(3100);
  });

  it('after a partial failure the card offers a retry of what failed, and no Approve', () => {
    const drift = recreated();
    const dryRun = describeFix(drift.fix!, {}, {});
    const card = buildDriftCardView({
      ticketId: 't1',
      drift,
      dryRun,
      status: { kind: 'failed', by: 'U1', reason: '1 of 47 targets failed', canRetry: true },
    });
    expect(text(card.blocks)).toContain('drift_retry');
    expect(text(card.blocks)).not.toContain('drift_approve');
  });

  it('App Home lists open drifts only', () => {
    const open = record(recreated());
    const gone = record({ ...recreated(), id: 'x' }, { state: 'resolved' });
    const blocks = buildDriftHomeBlocks([open, gone]);
    expect(text(blocks)).toContain('Access drift: 1 open problem');
    expect(text(buildDriftHomeBlocks([gone]))).toContain('none open');
  });
});
