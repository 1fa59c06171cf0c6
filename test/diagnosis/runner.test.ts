import { AwsCallError } from '../../src/aws';
import type { Check } from '../../src/diagnosis/check';
import type { DiagnosisFacts } from '../../src/diagnosis/facts/facts';
import { NoUserError } from '../../src/diagnosis/facts/facts';
import { type ProgressEvent, runChecks } from '../../src/diagnosis/runner';
import { systemClock } from '../../src/lib/clock';

const facts = {} as DiagnosisFacts;
const request = { user: 'alice@example.com' };

const check = (id: string, run: Check['run'], extra: Partial<Check> = {}): Check => ({
  id,
  title: `${id}?`,
  needs: [],
  run,
  ...extra,
});

const run = (
  checks: Check[],
  options: { checkTimeoutMs?: number; onProgress?: (e: ProgressEvent) => void } = {},
) => runChecks(checks, facts, request, { clock: systemClock, ...options });

describe('the check runner', () => {
  it('runs dependencies first and hands their results to the checks that need them', async () => {
    const order: string[] = [];
    const results = await run([
      check(
        'b',
        async ({ result, finding }) => {
          order.push('b');
          return result('a')?.status === 'pass' ? [] : [finding('no-assignments', { evidence: {} })];
        },
        { needs: ['a'] },
      ),
      check('a', async () => {
        order.push('a');
        return [];
      }),
    ]);
    expect(order).toEqual(['a', 'b']);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['b', 'pass'],
      ['a', 'pass'],
    ]);
  });

  it('skips, with the gate reason, what needs a failed gate; a non-gate failure skips nothing', async () => {
    const results = await run([
      check('user', async ({ finding }) => [finding('user-not-found', { evidence: {} })], {
        gate: 'no Identity Center user matches this person',
      }),
      check('assignments', async () => [], { needs: ['user'] }),
      check('disabled', async ({ finding }) => [finding('user-disabled', { evidence: {} })]),
      check('after-disabled', async () => [], { needs: ['disabled'] }),
    ]);
    expect(results.map((r) => [r.id, r.status, r.reason])).toEqual([
      ['user', 'fail', undefined],
      ['assignments', 'skipped', 'no Identity Center user matches this person'],
      ['disabled', 'fail', undefined],
      ['after-disabled', 'pass', undefined],
    ]);
  });

  it('propagates skips, and a check that reads (rather than needs) another still runs', async () => {
    const results = await run([
      check('optional', async () => ({ skip: 'the person named no account' })),
      check('needs-it', async () => [], { needs: ['optional'] }),
      check(
        'reads-it',
        async ({ result }) => (result('optional')?.status === 'skipped' ? [] : [{} as never]),
        {
          reads: ['optional'],
        },
      ),
    ]);
    expect(results.map((r) => [r.id, r.status, r.reason])).toEqual([
      ['optional', 'skipped', 'the person named no account'],
      ['needs-it', 'skipped', 'the person named no account'],
      ['reads-it', 'pass', undefined],
    ]);
  });

  it('isolates a crash: that check is an error, the others still run', async () => {
    const results = await run([
      check('crashes', async () => {
        throw new TypeError('cannot read properties of undefined');
      }),
      check('fine', async () => []),
    ]);
    expect(results[0]).toMatchObject({
      status: 'error',
      reason: 'the check crashed: cannot read properties of undefined',
    });
    expect(results[1]?.status).toBe('pass');
  });

  it('ends a check that runs too long as incomplete (never pass), and the others still finish', async () => {
    const results = await run(
      [check('slow', () => new Promise(() => undefined)), check('fast', async () => [])],
      { checkTimeoutMs: 50 },
    );
    expect(results[0]).toMatchObject({
      status: 'incomplete',
      notCovered: true,
      reason: 'did not finish within 50 ms',
    });
    expect(results[1]?.status).toBe('pass');
  });

  it('turns AccessDenied into an error naming the IAM action, with a bot-permission-missing finding', async () => {
    const denied = new AwsCallError({
      code: 'access-denied',
      action: 'cloudtrail:LookupEvents',
      service: 'cloudtrail',
      operation: 'LookupEvents',
      message: 'not authorized',
      cause: undefined,
    });
    const results = await run([
      check('events', async () => {
        throw denied;
      }),
      check('other', async () => []),
    ]);
    expect(results[0]).toMatchObject({ status: 'error', missingAction: 'cloudtrail:LookupEvents' });
    expect(results[0]?.findings.map((f) => [f.cause, f.evidence.action])).toEqual([
      ['bot-permission-missing', 'cloudtrail:LookupEvents'],
    ]);
    expect(results[1]?.status).toBe('pass');
  });

  it('treats a missing user inside a check as skipped, not as an error', async () => {
    const results = await run([
      check('needs-user', async () => {
        throw new NoUserError('no Identity Center user matches alice@example.com');
      }),
    ]);
    expect(results[0]).toMatchObject({
      status: 'skipped',
      reason: 'no Identity Center user matches alice@example.com',
    });
  });

  it('reports progress: started with the total, then one event per finished check', async () => {
    const events: ProgressEvent[] = [];
    await run([check('a', async () => []), check('b', async () => [], { needs: ['a'] })], {
      onProgress: (e) => events.push(e),
    });
    expect(
      events.map((e) =>
        e.kind === 'started' ? `started ${e.total}` : `${e.result.id} ${e.done}/${e.total}`,
      ),
    ).toEqual(['started 2', 'a 1/2', 'b 2/2']);
  });

  it('refuses an unknown dependency', async () => {
    await expect(run([check('a', async () => [], { needs: ['ghost'] })])).rejects.toThrow(
      'check a needs unknown check ghost',
    );
  });
});
