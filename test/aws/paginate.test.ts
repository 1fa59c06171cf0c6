import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { mockClient } from 'aws-sdk-client-mock';
import {
  type AccountAssignmentForPrincipal,
  collect,
  collectPages,
  ListAccountAssignmentsForPrincipalCommand,
  type ListAccountAssignmentsForPrincipalCommandInput,
  type ListAccountAssignmentsForPrincipalCommandOutput,
  paginateListAccountAssignmentsForPrincipal,
} from '../../src/aws';

const assignment = (accountId: string): AccountAssignmentForPrincipal => ({
  AccountId: accountId,
  PermissionSetArn: 'arn:aws:sso:::permissionSet/ssoins-1/ps-1',
  PrincipalId: 'u-1',
  PrincipalType: 'USER',
});

// Three pages, chained by NextToken t1 → t2 → (end).
const PAGES: Record<string, ListAccountAssignmentsForPrincipalCommandOutput> = {
  start: { $metadata: {}, AccountAssignments: [assignment('111111111111')], NextToken: 't1' },
  t1: { $metadata: {}, AccountAssignments: [assignment('222222222222')], NextToken: 't2' },
  t2: { $metadata: {}, AccountAssignments: [assignment('333333333333')] },
};

const newInput = (): ListAccountAssignmentsForPrincipalCommandInput => ({
  InstanceArn: 'arn:aws:sso:::instance/ssoins-1',
  PrincipalId: 'u-1',
  PrincipalType: 'USER',
});

describe('collecting pages from an SDK paginator', () => {
  const client = new SSOAdminClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const mock = mockClient(client);
  let tokensAsked: Array<string | undefined>;

  beforeEach(() => {
    mock.reset();
    tokensAsked = [];
    mock
      .on(ListAccountAssignmentsForPrincipalCommand)
      .callsFake((input: ListAccountAssignmentsForPrincipalCommandInput) => {
        // Record at call time: the paginator reuses (and mutates) one input object across pages.
        tokensAsked.push(input.NextToken);
        return PAGES[input.NextToken ?? 'start'];
      });
  });

  afterAll(() => {
    mock.restore();
    client.destroy();
  });

  const pick = (p: ListAccountAssignmentsForPrincipalCommandOutput) => p.AccountAssignments;

  it('reads every page when there is no cap', async () => {
    const result = await collectPages(
      paginateListAccountAssignmentsForPrincipal,
      { client },
      newInput(),
      pick,
    );

    expect(result.items.map((a) => a.AccountId)).toEqual(['111111111111', '222222222222', '333333333333']);
    expect(result).toMatchObject({ truncated: false, pages: 3 });
    expect(tokensAsked).toEqual([undefined, 't1', 't2']);
  });

  it('stops at maxPages without requesting the next page, and says the list was cut short', async () => {
    const result = await collectPages(
      paginateListAccountAssignmentsForPrincipal,
      { client },
      newInput(),
      pick,
      {
        maxPages: 2,
      },
    );

    expect(result.items.map((a) => a.AccountId)).toEqual(['111111111111', '222222222222']);
    expect(result).toMatchObject({ truncated: true, pages: 2 });
    expect(tokensAsked).toEqual([undefined, 't1']);
  });

  it('is not truncated when the cap lands on the last page', async () => {
    const result = await collectPages(
      paginateListAccountAssignmentsForPrincipal,
      { client },
      newInput(),
      pick,
      {
        maxPages: 3,
      },
    );
    expect(result).toMatchObject({ truncated: false, pages: 3 });
  });

  it('leaves the caller’s input alone, so the same input lists from the start again', async () => {
    const input = newInput();
    await collectPages(paginateListAccountAssignmentsForPrincipal, { client }, input, pick, { maxPages: 2 });
    const again = await collectPages(paginateListAccountAssignmentsForPrincipal, { client }, input, pick);

    expect(input.NextToken).toBeUndefined();
    expect(again.items).toHaveLength(3);
  });

  it('(why collectPages copies) the bare paginator writes NextToken into the input it was given', async () => {
    const input = newInput();
    await collect(paginateListAccountAssignmentsForPrincipal({ client }, input), pick, { maxPages: 2 });
    expect(input.NextToken).toBe('t1');
  });

  it('treats a page without items as empty', async () => {
    mock.reset();
    mock.on(ListAccountAssignmentsForPrincipalCommand).resolves({});
    const result = await collectPages(
      paginateListAccountAssignmentsForPrincipal,
      { client },
      newInput(),
      pick,
    );
    expect(result).toEqual({ items: [], truncated: false, pages: 1 });
  });

  it.each([0, -1, 1.5])('rejects maxPages %p', async (maxPages) => {
    await expect(
      collectPages(paginateListAccountAssignmentsForPrincipal, { client }, newInput(), pick, { maxPages }),
    ).rejects.toThrow(/maxPages/);
    expect(tokensAsked).toEqual([]);
  });
});

describe('collect over any async iterable', () => {
  async function* numbered(): AsyncGenerator<{ n: number[]; more: boolean }> {
    yield { n: [1, 2], more: true };
    yield { n: [3], more: true };
    yield { n: [4], more: false };
  }

  it('uses hasMore when the pages carry no NextToken', async () => {
    const result = await collect(numbered(), (p) => p.n, { maxPages: 2, hasMore: (p) => p.more });
    expect(result).toEqual({ items: [1, 2, 3], truncated: true, pages: 2 });
  });
});
