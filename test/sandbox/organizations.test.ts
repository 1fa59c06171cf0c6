import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import {
  ACCOUNT,
  buildSnapshot,
  collect,
  epoch,
  failure,
  type StartedSandbox,
  startSandbox,
} from './fixtures';

const accountArn = (id: string) => `arn:aws:organizations::111111111111:account/o-exampleorg1/${id}`;

describe('Organizations', () => {
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(async () => {
    await s.close();
  });

  it('DescribeAccount returns the account with a derived ARN and JoinedTimestamp as a Date', async () => {
    const out = await s.org.send(new DescribeAccountCommand({ AccountId: ACCOUNT.prod }));
    expect(out.Account).toEqual({
      Id: ACCOUNT.prod,
      Arn: accountArn(ACCOUNT.prod),
      Name: 'prod',
      Email: 'prod@example.com',
      State: 'ACTIVE',
      Status: 'ACTIVE',
      JoinedMethod: 'CREATED',
      JoinedTimestamp: epoch('2024-03-01T12:34:56Z'),
    });
  });

  it('DescribeAccount reports a suspended account', async () => {
    const out = await s.org.send(new DescribeAccountCommand({ AccountId: ACCOUNT.suspended }));
    expect(out.Account?.State).toBe('SUSPENDED');
    expect(out.Account?.Status).toBe('SUSPENDED');
    expect(out.Account?.Name).toBe('old-sandbox');
  });

  it('DescribeAccount of an unknown account is AccountNotFoundException', async () => {
    const err = await failure(s.org.send(new DescribeAccountCommand({ AccountId: '999999999999' })));
    expect(err.name).toBe('AccountNotFoundException');
    expect(err.message).toBe("We can't find an AWS account with the AccountId that you specified.");
    expect(s.sandbox.calls({ service: 'organizations', outcome: 'error' }).at(-1)).toMatchObject({
      operation: 'DescribeAccount',
      errorCode: 'AccountNotFoundException',
    });
  });

  it('DescribeAccount of a malformed id is InvalidInputException', async () => {
    const err = await failure(s.org.send(new DescribeAccountCommand({ AccountId: 'prod' })));
    expect(err.name).toBe('InvalidInputException');
    expect(err.Reason).toBe('INVALID_PATTERN');
  });

  it('ListAccounts lists every account in snapshot order', async () => {
    const out = await s.org.send(new ListAccountsCommand({}));
    expect(out.Accounts?.map((a) => [a.Id, a.Name, a.State, a.Arn])).toEqual([
      [ACCOUNT.management, 'management', 'ACTIVE', accountArn(ACCOUNT.management)],
      [ACCOUNT.prod, 'prod', 'ACTIVE', accountArn(ACCOUNT.prod)],
      [ACCOUNT.dev, 'dev', 'ACTIVE', accountArn(ACCOUNT.dev)],
      [ACCOUNT.suspended, 'old-sandbox', 'SUSPENDED', accountArn(ACCOUNT.suspended)],
    ]);
    expect(out.Accounts?.[1]?.JoinedTimestamp).toEqual(epoch('2024-03-01T12:34:56Z'));
    expect(out.NextToken).toBeUndefined();
  });

  it('ListAccounts accepts MaxResults 20 and rejects 21 and 0 with InvalidInputException', async () => {
    const max = await s.org.send(new ListAccountsCommand({ MaxResults: 20 }));
    expect(max.Accounts).toHaveLength(4);
    for (const MaxResults of [21, 0]) {
      const err = await failure(s.org.send(new ListAccountsCommand({ MaxResults })));
      expect(err.name).toBe('InvalidInputException');
    }
  });

  it('ListAccounts rejects a NextToken it did not issue', async () => {
    const err = await failure(s.org.send(new ListAccountsCommand({ NextToken: 'forged' })));
    expect(err.name).toBe('InvalidInputException');
    expect(err.Reason).toBe('INVALID_NEXT_TOKEN');
  });

  it('DescribeOrganization answers from the organization section', async () => {
    const out = await s.org.send(new DescribeOrganizationCommand({}));
    expect(out.Organization).toEqual({
      Id: 'o-exampleorg1',
      Arn: 'arn:aws:organizations::111111111111:organization/o-exampleorg1',
      FeatureSet: 'ALL',
      MasterAccountId: ACCOUNT.management,
      MasterAccountArn: accountArn(ACCOUNT.management),
      MasterAccountEmail: 'aws-root@example.com',
    });
  });
});

describe('Organizations paging', () => {
  const many = Array.from({ length: 21 }, (_, i) => ({
    Id: String(500000000000 + i),
    Name: `member-${i}`,
    State: 'ACTIVE' as const,
  }));
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox(buildSnapshot((snap) => snap.organization!.accounts!.push(...many)));
  });
  afterAll(async () => {
    await s.close();
  });

  it('ListAccounts answers at most 20 accounts a page by default', async () => {
    const first = await s.org.send(new ListAccountsCommand({}));
    expect(first.Accounts).toHaveLength(20);
    expect(first.NextToken).toEqual(expect.any(String));
    const second = await s.org.send(new ListAccountsCommand({ NextToken: first.NextToken }));
    expect(second.Accounts?.map((a) => a.Id)).toEqual(many.slice(16).map((a) => a.Id));
    expect(second.NextToken).toBeUndefined();
  });

  it('paginateListAccounts with pageSize 2 yields all 25 accounts exactly once', async () => {
    const { rows, pageCount } = await collect(
      paginateListAccounts({ client: s.org, pageSize: 2 }, {}),
      (p) => p.Accounts,
    );
    expect(pageCount).toBe(13);
    const ids = rows.map((a) => a.Id);
    expect(ids).toEqual([
      ACCOUNT.management,
      ACCOUNT.prod,
      ACCOUNT.dev,
      ACCOUNT.suspended,
      ...many.map((a) => a.Id),
    ]);
    expect(new Set(ids).size).toBe(25);
  });
});

describe('Organizations without an organization section', () => {
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox(
      buildSnapshot((snap) => {
        delete snap.organization;
      }),
    );
  });
  afterAll(async () => {
    await s.close();
  });

  it('answers AccessDeniedException to every operation', async () => {
    const calls = [
      () => s.org.send(new DescribeAccountCommand({ AccountId: ACCOUNT.prod })),
      () => s.org.send(new ListAccountsCommand({})),
      () => s.org.send(new DescribeOrganizationCommand({})),
    ];
    for (const call of calls) {
      const err = await failure(call());
      expect(err.name).toBe('AccessDeniedException');
      expect(err.message).toBe("You don't have permissions to access this resource.");
    }
    expect(s.sandbox.calls({ service: 'organizations' }).map((c) => [c.operation, c.errorCode])).toEqual([
      ['DescribeAccount', 'AccessDeniedException'],
      ['ListAccounts', 'AccessDeniedException'],
      ['DescribeOrganization', 'AccessDeniedException'],
    ]);
  });
});
