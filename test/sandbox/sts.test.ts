import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  ACCOUNT,
  buildSnapshot,
  CALLER_ARN,
  failure,
  NOW,
  type StartedSandbox,
  startSandbox,
} from './fixtures';

describe('STS GetCallerIdentity', () => {
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(async () => {
    await s.close();
  });

  it('answers from `caller` in the Query protocol', async () => {
    const { $metadata, ...out } = await s.sts.send(new GetCallerIdentityCommand({}));
    expect(out).toEqual({ Account: ACCOUNT.management, Arn: CALLER_ARN, UserId: 'AROASANDBOX:bot' });
    expect($metadata.httpStatusCode).toBe(200);
    expect($metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(s.sandbox.calls({ service: 'sts' })).toEqual([
      { service: 'sts', operation: 'GetCallerIdentity', at: Date.parse(NOW), outcome: 'ok' },
    ]);
  });
});

describe('STS GetCallerIdentity with other callers', () => {
  it('uses an explicit UserId', async () => {
    const s = await startSandbox(
      buildSnapshot(
        (snap) =>
          (snap.caller = {
            Account: '555555555555',
            Arn: 'arn:aws:iam::555555555555:user/ci',
            UserId: 'AIDAEXAMPLE',
          }),
      ),
    );
    try {
      const { $metadata: _m, ...out } = await s.sts.send(new GetCallerIdentityCommand({}));
      expect(out).toEqual({
        Account: '555555555555',
        Arn: 'arn:aws:iam::555555555555:user/ci',
        UserId: 'AIDAEXAMPLE',
      });
    } finally {
      await s.close();
    }
  });

  it('falls back to the management account when the snapshot has no caller', async () => {
    const s = await startSandbox(
      buildSnapshot((snap) => {
        delete snap.caller;
      }),
    );
    try {
      const { $metadata: _m, ...out } = await s.sts.send(new GetCallerIdentityCommand({}));
      expect(out).toEqual({
        Account: ACCOUNT.management,
        Arn: 'arn:aws:sts::111111111111:assumed-role/cant-login/sandbox',
        UserId: 'AROASANDBOX:sandbox',
      });
    } finally {
      await s.close();
    }
  });

  it('escapes XML special characters in the answer', async () => {
    const arn = 'arn:aws:sts::111111111111:assumed-role/R&D<team>/bot';
    const s = await startSandbox(
      buildSnapshot((snap) => (snap.caller = { Account: ACCOUNT.management, Arn: arn })),
    );
    try {
      const out = await s.sts.send(new GetCallerIdentityCommand({}));
      expect(out.Arn).toBe(arn);
    } finally {
      await s.close();
    }
  });

  it('answers AccessDenied (the Query protocol code) when denied', async () => {
    const s = await startSandbox(
      buildSnapshot((snap) => (snap.faults = { deny: ['sts:GetCallerIdentity'] })),
    );
    try {
      const err = await failure(s.sts.send(new GetCallerIdentityCommand({})));
      expect(err.name).toBe('AccessDenied');
      expect(err.message).toContain('sts:GetCallerIdentity');
      expect(err.$metadata).toMatchObject({ httpStatusCode: 403 });
      expect(s.sandbox.calls({ service: 'sts' }).map((c) => [c.outcome, c.errorCode])).toEqual([
        ['denied', 'AccessDenied'],
      ]);
    } finally {
      await s.close();
    }
  });
});
