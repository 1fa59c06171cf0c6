import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeUserCommand, ListUsersCommand } from '@aws-sdk/client-identitystore';
import { DescribeAccountCommand, ListAccountsCommand } from '@aws-sdk/client-organizations';
import {
  CreateAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribePermissionSetProvisioningStatusCommand,
  ListInstancesCommand,
  ListPermissionSetsCommand,
  ListPermissionSetsProvisionedToAccountCommand,
  ProvisionPermissionSetCommand,
} from '@aws-sdk/client-sso-admin';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { SandboxCall } from '../../src/sandbox/emulator/server';
import {
  ACCOUNT,
  buildSnapshot,
  CALLER_ARN,
  clientsFor,
  failure,
  INSTANCE_ARN,
  NOW_MS,
  PS,
  STORE_ID,
  type StartedSandbox,
  startSandbox,
  USER,
} from './fixtures';

const I = { InstanceArn: INSTANCE_ARN } as const;
const outcomes = (calls: SandboxCall[]) => calls.map((c) => [c.operation, c.outcome, c.errorCode]);

/** Runs `n` calls at once and sorts the settled results. */
async function burst<T>(n: number, call: () => Promise<T>) {
  const settled = await Promise.allSettled(Array.from({ length: n }, call));
  const ok = settled
    .filter((r): r is PromiseFulfilledResult<Awaited<T>> => r.status === 'fulfilled')
    .map((r) => r.value);
  const errors = settled
    .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    .map((r) => r.reason as Error & { $metadata?: { httpStatusCode?: number } });
  return { ok, errors };
}

describe('faults: latencyMs', () => {
  const LATENCY = 200;
  let s: StartedSandbox;
  beforeAll(async () => {
    // A clock that runs in real time, so that the call log's arrival times show the added latency.
    s = await startSandbox(
      buildSnapshot((snap) => (snap.faults = { latencyMs: LATENCY })),
      {
        clock: { now: () => NOW_MS + performance.now() },
      },
    );
  });
  afterAll(async () => {
    await s.close();
  });

  it('delays every call: a call made after another arrives at least latencyMs later (call log)', async () => {
    s.sandbox.resetCalls();
    const started = performance.now();
    await s.sso.send(new ListInstancesCommand({}));
    // Lower bound only: it cannot flake on a slow machine. 1 ms of slack for timer rounding.
    expect(performance.now() - started).toBeGreaterThanOrEqual(LATENCY - 1);
    await s.ids.send(new ListUsersCommand({ IdentityStoreId: STORE_ID }));
    await s.ct.send(new LookupEventsCommand({}));
    await s.org.send(new ListAccountsCommand({}));
    await s.sts.send(new GetCallerIdentityCommand({}));
    const calls = s.sandbox.calls();
    expect(calls.map((c) => [c.service, c.operation, c.outcome])).toEqual([
      ['sso', 'ListInstances', 'ok'],
      ['identitystore', 'ListUsers', 'ok'],
      ['cloudtrail', 'LookupEvents', 'ok'],
      ['organizations', 'ListAccounts', 'ok'],
      ['sts', 'GetCallerIdentity', 'ok'],
    ]);
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(LATENCY - 1);
    }
  });

  it('delays failing calls too', async () => {
    s.sandbox.resetCalls();
    const started = performance.now();
    const err = await failure(
      s.ids.send(
        new DescribeUserCommand({
          IdentityStoreId: STORE_ID,
          UserId: '00000000-0000-4000-8000-0000000000bd',
        }),
      ),
    );
    expect(err.name).toBe('ResourceNotFoundException');
    expect(performance.now() - started).toBeGreaterThanOrEqual(LATENCY - 1);
  });

  it('a fast sandbox answers before a slow one that was asked first', async () => {
    const fast = await startSandbox();
    const slow = await startSandbox(buildSnapshot((snap) => (snap.faults = { latencyMs: 1000 })));
    try {
      const order: string[] = [];
      await Promise.all([
        slow.sso.send(new ListInstancesCommand({})).then(() => order.push('slow')),
        fast.sso.send(new ListInstancesCommand({})).then(() => order.push('fast')),
      ]);
      expect(order).toEqual(['fast', 'slow']);
      expect(slow.sandbox.calls().map((c) => c.outcome)).toEqual(['ok']);
    } finally {
      await fast.close();
      await slow.close();
    }
  });
});

describe('faults: throttle', () => {
  let s: StartedSandbox;
  beforeEach(async () => {
    s = await startSandbox();
  });
  afterEach(async () => {
    await s.close();
  });

  it('{ sso: 2 }: a burst of 5 calls gets ThrottlingException for some, and the log says so', async () => {
    s.sandbox.setFaults({ throttle: { sso: 2 } });
    const { ok, errors } = await burst(5, () => s.sso.send(new ListInstancesCommand({})));
    expect(ok.length + errors.length).toBe(5);
    // The bucket holds 2 tokens and refills 2 a second: at least 2 pass, and a burst cannot all pass.
    expect(ok.length).toBeGreaterThanOrEqual(2);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    for (const e of errors) {
      expect(e.name).toBe('ThrottlingException');
      expect(e.message).toBe('Rate exceeded');
      expect(e.$metadata?.httpStatusCode).toBe(400);
    }
    expect(s.sandbox.calls({ outcome: 'throttled' })).toHaveLength(errors.length);
    expect(s.sandbox.calls({ outcome: 'ok' })).toHaveLength(ok.length);
    expect(
      s.sandbox.calls({ outcome: 'throttled' }).every((c) => c.errorCode === 'ThrottlingException'),
    ).toBe(true);
    for (const r of ok) expect(r.Instances?.[0]?.InstanceArn).toBe(INSTANCE_ARN);
  });

  it('keeps one bucket per service: throttling SSO Admin leaves Identity Store alone', async () => {
    // 0.01 a second: one token, and no refill within the test.
    s.sandbox.setFaults({ throttle: { sso: 0.01 } });
    await s.sso.send(new ListInstancesCommand({}));
    expect((await failure(s.sso.send(new ListPermissionSetsCommand(I)))).name).toBe('ThrottlingException');
    await s.ids.send(new ListUsersCommand({ IdentityStoreId: STORE_ID }));
    await s.ids.send(new ListUsersCommand({ IdentityStoreId: STORE_ID }));
    expect((await failure(s.sso.send(new ListInstancesCommand({})))).name).toBe('ThrottlingException');
    expect(outcomes(s.sandbox.calls())).toEqual([
      ['ListInstances', 'ok', undefined],
      ['ListPermissionSets', 'throttled', 'ThrottlingException'],
      ['ListUsers', 'ok', undefined],
      ['ListUsers', 'ok', undefined],
      ['ListInstances', 'throttled', 'ThrottlingException'],
    ]);
  });

  it('uses each service’s own error: ThrottlingException, TooManyRequestsException, Throttling', async () => {
    s.sandbox.setFaults({
      throttle: { identitystore: 0.01, cloudtrail: 0.01, organizations: 0.01, sts: 0.01 },
    });
    await s.ids.send(new ListUsersCommand({ IdentityStoreId: STORE_ID }));
    await s.ct.send(new LookupEventsCommand({}));
    await s.org.send(new ListAccountsCommand({}));
    await s.sts.send(new GetCallerIdentityCommand({}));
    expect((await failure(s.ids.send(new ListUsersCommand({ IdentityStoreId: STORE_ID })))).name).toBe(
      'ThrottlingException',
    );
    expect((await failure(s.ct.send(new LookupEventsCommand({})))).name).toBe('ThrottlingException');
    const org = await failure(s.org.send(new DescribeAccountCommand({ AccountId: ACCOUNT.prod })));
    expect(org.name).toBe('TooManyRequestsException');
    const sts = await failure(s.sts.send(new GetCallerIdentityCommand({})));
    expect(sts.name).toBe('Throttling');
    expect(s.sandbox.calls({ outcome: 'throttled' }).map((c) => [c.service, c.errorCode])).toEqual([
      ['identitystore', 'ThrottlingException'],
      ['cloudtrail', 'ThrottlingException'],
      ['organizations', 'TooManyRequestsException'],
      ['sts', 'Throttling'],
    ]);
  });

  it('with the SDK’s standard retries, throttling is ridden out: throttled entries, then ok', async () => {
    const retrying = clientsFor(s.url, { maxAttempts: 5, retryMode: 'standard' });
    try {
      s.sandbox.setFaults({ throttle: { sso: 2 } });
      const { ok, errors } = await burst(4, () => retrying.sso.send(new ListInstancesCommand({})));
      expect(errors).toEqual([]);
      expect(ok).toHaveLength(4);
      for (const r of ok) expect(r.Instances?.map((i) => i.InstanceArn)).toEqual([INSTANCE_ARN]);

      const calls = s.sandbox.calls({ operation: 'ListInstances' });
      const throttled = calls.filter((c) => c.outcome === 'throttled');
      expect(throttled.length).toBeGreaterThanOrEqual(1);
      // Every retry the SDK made answers one throttled entry.
      expect(ok.reduce((n, r) => n + (r.$metadata.attempts ?? 1) - 1, 0)).toBe(throttled.length);
      expect(calls.filter((c) => c.outcome === 'ok')).toHaveLength(4);
      expect(calls.at(-1)?.outcome).toBe('ok');
      const firstThrottled = calls.findIndex((c) => c.outcome === 'throttled');
      expect(calls.slice(firstThrottled).some((c) => c.outcome === 'ok')).toBe(true);
    } finally {
      for (const client of Object.values(retrying)) client.destroy();
    }
  });
});

describe('faults: deny', () => {
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox(
      buildSnapshot(
        (snap) =>
          (snap.faults = {
            deny: [
              'cloudtrail:LookupEvents',
              'sso:ListInstances',
              'identitystore:DescribeUser',
              'organizations:DescribeAccount',
              'sts:GetCallerIdentity',
            ],
          }),
      ),
    );
  });
  afterAll(async () => {
    await s.close();
  });

  it('answers AccessDeniedException whose message names the action', async () => {
    const err = await failure(s.ct.send(new LookupEventsCommand({})));
    expect(err.name).toBe('AccessDeniedException');
    expect(err.message).toBe(
      `User: ${CALLER_ARN} is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action`,
    );
  });

  it('denies only the listed actions of each service', async () => {
    s.sandbox.resetCalls();
    const sso = await failure(s.sso.send(new ListInstancesCommand({})));
    expect(sso.name).toBe('AccessDeniedException');
    expect(sso.message).toContain('sso:ListInstances');
    expect((await s.sso.send(new ListPermissionSetsCommand(I))).PermissionSets).toHaveLength(3);

    const ids = await failure(
      s.ids.send(new DescribeUserCommand({ IdentityStoreId: STORE_ID, UserId: USER.alice })),
    );
    expect(ids.name).toBe('AccessDeniedException');
    expect(ids.message).toContain('identitystore:DescribeUser');
    expect((await s.ids.send(new ListUsersCommand({ IdentityStoreId: STORE_ID }))).Users).toHaveLength(3);

    const org = await failure(s.org.send(new DescribeAccountCommand({ AccountId: ACCOUNT.prod })));
    expect(org.name).toBe('AccessDeniedException');
    expect(org.message).toContain('organizations:DescribeAccount');
    expect((await s.org.send(new ListAccountsCommand({}))).Accounts).toHaveLength(4);

    const sts = await failure(s.sts.send(new GetCallerIdentityCommand({})));
    expect(sts.name).toBe('AccessDenied');
    expect(sts.message).toContain('sts:GetCallerIdentity');

    expect(s.sandbox.calls().map((c) => [c.service, c.operation, c.outcome, c.errorCode])).toEqual([
      ['sso', 'ListInstances', 'denied', 'AccessDeniedException'],
      ['sso', 'ListPermissionSets', 'ok', undefined],
      ['identitystore', 'DescribeUser', 'denied', 'AccessDeniedException'],
      ['identitystore', 'ListUsers', 'ok', undefined],
      ['organizations', 'DescribeAccount', 'denied', 'AccessDeniedException'],
      ['organizations', 'ListAccounts', 'ok', undefined],
      ['sts', 'GetCallerIdentity', 'denied', 'AccessDenied'],
    ]);
  });

  it('setFaults replaces the snapshot’s faults, lifting the denial', async () => {
    expect(s.sandbox.getFaults().deny).toHaveLength(5);
    s.sandbox.setFaults({});
    try {
      expect((await s.ct.send(new LookupEventsCommand({}))).Events).toHaveLength(4);
      expect((await s.sts.send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNT.management);
    } finally {
      s.sandbox.setFaults({ deny: ['cloudtrail:LookupEvents'] });
    }
    expect((await failure(s.ct.send(new LookupEventsCommand({})))).name).toBe('AccessDeniedException');
  });
});

describe('faults: provisioningDelayMs and failProvisioning', () => {
  let s: StartedSandbox;
  afterEach(async () => {
    await s.close();
  });

  const provision = (PermissionSetArn: string, TargetId: string) =>
    s.sso.send(
      new ProvisionPermissionSetCommand({ ...I, PermissionSetArn, TargetType: 'AWS_ACCOUNT', TargetId }),
    );
  const provisionStatus = async (id: string) =>
    (
      await s.sso.send(
        new DescribePermissionSetProvisioningStatusCommand({ ...I, ProvisionPermissionSetRequestId: id }),
      )
    ).PermissionSetProvisioningStatus;
  const assign = (TargetId: string) =>
    s.sso.send(
      new CreateAccountAssignmentCommand({
        ...I,
        TargetId,
        TargetType: 'AWS_ACCOUNT',
        PermissionSetArn: PS.admin,
        PrincipalType: 'USER',
        PrincipalId: USER.carol,
      }),
    );
  const assignStatus = async (id: string) =>
    (
      await s.sso.send(
        new DescribeAccountAssignmentCreationStatusCommand({ ...I, AccountAssignmentCreationRequestId: id }),
      )
    ).AccountAssignmentCreationStatus;

  it('provisioningDelayMs from the snapshot sets how long requests stay IN_PROGRESS', async () => {
    s = await startSandbox(buildSnapshot((snap) => (snap.faults = { provisioningDelayMs: 10_000 })));
    const p = (await provision(PS.admin, ACCOUNT.prod)).PermissionSetProvisioningStatus!.RequestId!;
    const a = (await assign(ACCOUNT.dev)).AccountAssignmentCreationStatus!.RequestId!;
    s.clock.advance(9_999);
    expect((await provisionStatus(p))?.Status).toBe('IN_PROGRESS');
    expect((await assignStatus(a))?.Status).toBe('IN_PROGRESS');
    s.clock.advance(1);
    expect((await provisionStatus(p))?.Status).toBe('SUCCEEDED');
    expect((await assignStatus(a))?.Status).toBe('SUCCEEDED');
  });

  it('provisioningDelayMs 0 completes a request by the next call', async () => {
    s = await startSandbox();
    s.sandbox.setFaults({ provisioningDelayMs: 0 });
    const out = await provision(PS.admin, ACCOUNT.prod);
    expect(out.PermissionSetProvisioningStatus?.Status).toBe('IN_PROGRESS');
    expect((await provisionStatus(out.PermissionSetProvisioningStatus!.RequestId!))?.Status).toBe(
      'SUCCEEDED',
    );
  });

  it('a request keeps the delay it was accepted with', async () => {
    s = await startSandbox();
    const id = (await provision(PS.admin, ACCOUNT.prod)).PermissionSetProvisioningStatus!.RequestId!;
    s.sandbox.setFaults({ provisioningDelayMs: 60_000 });
    s.clock.advance(2_000);
    expect((await provisionStatus(id))?.Status).toBe('SUCCEEDED');
  });

  it('failProvisioning fails provisioning and assignment to the named account only, with its reason', async () => {
    s = await startSandbox(
      buildSnapshot(
        (snap) => (snap.faults = { failProvisioning: { [ACCOUNT.prod]: 'Account is suspended' } }),
      ),
    );
    const failedP = (await provision(PS.admin, ACCOUNT.prod)).PermissionSetProvisioningStatus!.RequestId!;
    const okP = (await provision(PS.admin, ACCOUNT.management)).PermissionSetProvisioningStatus!.RequestId!;
    const failedA = (await assign(ACCOUNT.prod)).AccountAssignmentCreationStatus!.RequestId!;
    s.clock.advance(2_000);
    expect(await provisionStatus(failedP)).toMatchObject({
      Status: 'FAILED',
      FailureReason: 'Account is suspended',
    });
    expect(await provisionStatus(okP)).toMatchObject({ Status: 'SUCCEEDED' });
    expect((await provisionStatus(okP))?.FailureReason).toBeUndefined();
    expect(await assignStatus(failedA)).toMatchObject({
      Status: 'FAILED',
      FailureReason: 'Account is suspended',
    });
    const onProd = await s.sso.send(
      new ListPermissionSetsProvisionedToAccountCommand({ ...I, AccountId: ACCOUNT.prod }),
    );
    expect(onProd.PermissionSets).toEqual([PS.readOnly]);
  });
});

describe('the call log', () => {
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(async () => {
    await s.close();
  });

  it('records service, operation, time on the sandbox clock and outcome, and tells listeners', async () => {
    const heard: SandboxCall[] = [];
    const stop = s.sandbox.onCall((c) => heard.push(c));
    await s.sso.send(new ListInstancesCommand({}));
    s.clock.advance(1_500);
    await failure(
      s.ids.send(
        new DescribeUserCommand({
          IdentityStoreId: STORE_ID,
          UserId: '00000000-0000-4000-8000-0000000000bd',
        }),
      ),
    );
    s.clock.advance(500);
    await s.sts.send(new GetCallerIdentityCommand({}));
    stop();
    await s.org.send(new ListAccountsCommand({}));

    const expected: SandboxCall[] = [
      { service: 'sso', operation: 'ListInstances', at: NOW_MS, outcome: 'ok' },
      {
        service: 'identitystore',
        operation: 'DescribeUser',
        at: NOW_MS + 1_500,
        outcome: 'error',
        errorCode: 'ResourceNotFoundException',
      },
      { service: 'sts', operation: 'GetCallerIdentity', at: NOW_MS + 2_000, outcome: 'ok' },
    ];
    expect(heard).toEqual(expected);
    expect(s.sandbox.calls()).toEqual([
      ...expected,
      { service: 'organizations', operation: 'ListAccounts', at: NOW_MS + 2_000, outcome: 'ok' },
    ]);
    expect(s.sandbox.calls({ service: 'identitystore' })).toEqual([expected[1]]);
    expect(s.sandbox.calls({ outcome: 'error' })).toEqual([expected[1]]);
    expect(s.sandbox.calls({ operation: 'GetCallerIdentity' })).toEqual([expected[2]]);

    s.sandbox.resetCalls();
    expect(s.sandbox.calls()).toEqual([]);
  });
});
