import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeUserCommand } from '@aws-sdk/client-identitystore';
import { DescribeAccountCommand, ListAccountsCommand } from '@aws-sdk/client-organizations';
import {
  CreateAccountAssignmentCommand,
  DescribeApplicationCommand,
  DescribePermissionSetCommand,
  ListAccountAssignmentCreationStatusCommand,
  ListAccountAssignmentsForPrincipalCommand,
  ListInstancesCommand,
  ListPermissionSetsProvisionedToAccountCommand,
  ProvisionPermissionSetCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { validateInput } from '../../src/sandbox/emulator/model';
import { cloudTrailModel } from '../../src/sandbox/emulator/models/cloudtrail';
import { identityStoreModel } from '../../src/sandbox/emulator/models/identitystore';
import { organizationsModel } from '../../src/sandbox/emulator/models/organizations';
import { ssoAdminModel } from '../../src/sandbox/emulator/models/sso-admin';
import { cloudTrailService } from '../../src/sandbox/emulator/services/cloudtrail';
import { identityStoreService } from '../../src/sandbox/emulator/services/identitystore';
import { organizationsService } from '../../src/sandbox/emulator/services/organizations';
import { ssoAdminService } from '../../src/sandbox/emulator/services/sso-admin';
import {
  ACCOUNT,
  APP,
  buildSnapshot,
  failure,
  GROUP,
  INSTANCE_ARN,
  PS,
  STORE_ID,
  type StartedSandbox,
  startSandbox,
  USER,
} from './fixtures';

/** What the emulator answers to a request no SDK would send: the raw status, headers and JSON body. */
async function rawJson(url: string, target: string, body: unknown) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: res.status,
    requestId: res.headers.get('x-amzn-requestid'),
    body: (await res.json()) as Record<string, unknown>,
  };
}

const I = { InstanceArn: INSTANCE_ARN };

describe('routing by the model’s targetPrefix', () => {
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(() => s.close());

  it('accepts the long CloudTrail target botocore sends and the short one the JS SDK sends', async () => {
    const long = await rawJson(s.url, 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents', {
      MaxResults: 1,
    });
    const short = await rawJson(s.url, 'CloudTrail_20131101.LookupEvents', { MaxResults: 1 });
    expect(long.status).toBe(200);
    expect(short.body).toEqual(long.body);
    expect((long.body.Events as unknown[]).length).toBe(1);
  });

  it('answers UnknownOperationException for an operation the service does not have', async () => {
    const out = await rawJson(s.url, 'SWBExternalService.CreateInstance', {});
    expect(out.status).toBe(400);
    expect(out.body.__type).toBe('UnknownOperationException');
  });

  it('every handler has its validation entry in the service model, and every model is consistent', () => {
    for (const service of [ssoAdminService, identityStoreService, organizationsService, cloudTrailService]) {
      for (const operation of Object.keys(service.operations)) {
        expect([service.service, operation, service.model.operations[operation]?.input]).toEqual([
          service.service,
          operation,
          expect.any(String),
        ]);
      }
    }
    for (const model of [ssoAdminModel, identityStoreModel, organizationsModel, cloudTrailModel]) {
      for (const [name, shape] of Object.entries(model.shapes)) {
        const refs =
          shape.type === 'structure'
            ? Object.values(shape.members)
            : shape.type === 'list'
              ? [shape.member]
              : shape.type === 'map'
                ? [shape.key, shape.value]
                : [];
        for (const ref of refs)
          expect([name, ref, model.shapes[ref] !== undefined]).toEqual([name, ref, true]);
      }
    }
  });

  it('the models agree with the JS SDK’s own schemas: same input members, same required ones, same scalar types', () => {
    const sdkModules: Record<string, Record<string, unknown>> = {
      sso: require('@aws-sdk/client-sso-admin'),
      identitystore: require('@aws-sdk/client-identitystore'),
      organizations: require('@aws-sdk/client-organizations'),
      cloudtrail: require('@aws-sdk/client-cloudtrail'),
    };
    // The SDK's static schemas: an operation is [9, ns, name, traits, input, output]; a structure is
    // [3, ns, name, traits, memberNames, memberSchemas, requiredCount] with its required members first.
    const scalar: Record<string, number> = { string: 0, integer: 1, long: 1, boolean: 2 };
    let checked = 0;
    for (const service of [ssoAdminService, identityStoreService, organizationsService, cloudTrailService]) {
      const sdkModule = sdkModules[service.service] as Record<string, unknown>;
      for (const [operation, { input }] of Object.entries(service.model.operations)) {
        const op = sdkModule[`${operation}$`] as unknown[] | undefined;
        if (!op) continue; // an operation this SDK version does not have yet
        const inputSchema = (op[4] as () => unknown)();
        const shape = service.model.shapes[input];
        if (shape?.type !== 'structure') throw new Error(`${operation}: input ${input} is not a structure`);
        if (!Array.isArray(inputSchema)) {
          expect([operation, Object.keys(shape.members)]).toEqual([operation, []]);
          continue;
        }
        const names = inputSchema[4] as string[];
        const types = inputSchema[5] as unknown[];
        const required = names.slice(0, (inputSchema[6] as number | undefined) ?? 0);
        expect([operation, [...names].sort()]).toEqual([operation, Object.keys(shape.members).sort()]);
        expect([operation, [...required].sort()]).toEqual([operation, [...(shape.required ?? [])].sort()]);
        names.forEach((name, i) => {
          const mine = service.model.shapes[shape.members[name] as string];
          const code = mine ? scalar[mine.type] : undefined;
          if (code !== undefined) expect([operation, name, types[i]]).toEqual([operation, name, code]);
        });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(40);
  });

  it('validates against the model alone: a well-formed request has no violations', () => {
    expect(
      validateInput(ssoAdminModel, 'CreateAccountAssignment', {
        ...I,
        TargetId: ACCOUNT.prod,
        TargetType: 'AWS_ACCOUNT',
        PermissionSetArn: PS.readOnly,
        PrincipalType: 'USER',
        PrincipalId: USER.alice,
      }),
    ).toEqual([]);
  });
});

describe('malformed ids are ValidationException, as the models’ patterns require', () => {
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(() => s.close());

  it('DescribePermissionSet with not-an-arn', async () => {
    const err = await failure(
      s.sso.send(new DescribePermissionSetCommand({ ...I, PermissionSetArn: 'not-an-arn' })),
    );
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe(
      "1 validation error detected: Value 'not-an-arn' at 'permissionSetArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws(-[a-z]{1,5}){0,3}:sso:::permissionSet/(sso)?ins-[a-zA-Z0-9-.]{16}/ps-[a-zA-Z0-9-./]{16}",
    );
  });

  it('DescribeApplication with a bad ARN', async () => {
    const err = await failure(
      s.sso.send(
        new DescribeApplicationCommand({ ApplicationArn: 'arn:aws:sso::111111111111:application/x' }),
      ),
    );
    expect(err.name).toBe('ValidationException');
    expect(err.message).toContain("at 'applicationArn' failed to satisfy constraint: Member must satisfy");
  });

  it('DescribeUser with user id bogus', async () => {
    const err = await failure(
      s.ids.send(new DescribeUserCommand({ IdentityStoreId: STORE_ID, UserId: 'bogus' })),
    );
    expect(err.name).toBe('ValidationException');
    expect(err.message).toMatch(/^1 validation error detected: Value 'bogus' at 'userId' failed to satisfy/);
  });

  it('CreateAccountAssignment with PrincipalId "x" starts nothing', async () => {
    const err = await failure(
      s.sso.send(
        new CreateAccountAssignmentCommand({
          ...I,
          TargetId: ACCOUNT.prod,
          TargetType: 'AWS_ACCOUNT',
          PermissionSetArn: PS.admin,
          PrincipalType: 'USER',
          PrincipalId: 'x',
        }),
      ),
    );
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe(
      "1 validation error detected: Value 'x' at 'principalId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}",
    );
    const statuses = await s.sso.send(
      new ListAccountAssignmentCreationStatusCommand({ ...I, Filter: { Status: 'IN_PROGRESS' } }),
    );
    expect(statuses.AccountAssignmentsCreationStatus).toEqual([]);
  });

  it('ListAccountAssignmentsForPrincipal with Filter.AccountId "abc" names the nested member', async () => {
    const err = await failure(
      s.sso.send(
        new ListAccountAssignmentsForPrincipalCommand({
          ...I,
          PrincipalType: 'USER',
          PrincipalId: USER.alice,
          Filter: { AccountId: 'abc' },
        }),
      ),
    );
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe(
      "2 validation errors detected: Value 'abc' at 'filter.accountId' failed to satisfy constraint: Member must have length greater than or equal to 12; Value 'abc' at 'filter.accountId' failed to satisfy constraint: Member must satisfy regular expression pattern: \\d{12}",
    );
  });

  it('ListUsers with Filters: [null] is a 400 ValidationException, not a 500', async () => {
    const out = await rawJson(s.url, 'AWSIdentityStore.ListUsers', {
      IdentityStoreId: STORE_ID,
      Filters: [null],
    });
    expect(out.status).toBe(400);
    expect(out.body).toEqual({
      __type: 'ValidationException',
      Message:
        "1 validation error detected: Value null at 'filters.1.member' failed to satisfy constraint: Member must not be null",
      RequestId: out.requestId,
    });
  });

  it('wrong member types are SerializationException: MaxResults "5", an ISO string for an epoch timestamp', async () => {
    const maxResults = await rawJson(s.url, 'SWBExternalService.ListPermissionSets', {
      ...I,
      MaxResults: '5',
    });
    expect([maxResults.status, maxResults.body.__type]).toEqual([400, 'SerializationException']);
    const time = await rawJson(s.url, 'CloudTrail_20131101.LookupEvents', {
      StartTime: '2026-11-23T11:00:00Z',
    });
    expect([time.status, time.body.__type]).toEqual([400, 'SerializationException']);
    const notJson = await rawJson(s.url, 'AWSIdentityStore.ListUsers', '{');
    expect([notJson.status, notJson.body.__type]).toEqual([400, 'SerializationException']);
    expect(
      s.sandbox.calls({ outcome: 'error' }).every((c) => c.errorCode !== 'InternalServerException'),
    ).toBe(true);
  });
});

describe('no bad input gets a 5xx', () => {
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(() => s.close());

  /** A well-formed value for each member name the operations use, so a request gets past validation and
   * into the handler before one member is spoiled. */
  const VALID: Record<string, unknown> = {
    InstanceArn: INSTANCE_ARN,
    IdentityStoreId: STORE_ID,
    PermissionSetArn: PS.readOnly,
    AccountId: ACCOUNT.prod,
    TargetId: ACCOUNT.prod,
    TargetType: 'AWS_ACCOUNT',
    PrincipalType: 'USER',
    PrincipalId: USER.alice,
    UserId: USER.alice,
    GroupId: GROUP.platform,
    GroupIds: [GROUP.platform],
    MemberId: { UserId: USER.alice },
    ApplicationArn: APP.grafana,
    AlternateIdentifier: {
      UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'alice@example.com' },
    },
    ProvisionPermissionSetRequestId: 'a0000001-0000-4000-8000-000000000001',
    AccountAssignmentCreationRequestId: 'c0000001-0000-4000-8000-000000000001',
    AccountAssignmentDeletionRequestId: 'd0000001-0000-4000-8000-000000000001',
    LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CredentialVerification' }],
    Filter: {},
    Filters: [{ AttributePath: 'UserName', AttributeValue: 'bob' }],
    MaxResults: 1,
  };
  const values: unknown[] = [null, 'x', '', 1, -1, 1.5, true, [], {}, [null], [{}], ['x'], { UserId: 'x' }];

  it('every operation, each member spoiled in an otherwise valid request, answers 4xx or 200', async () => {
    const answers: Array<{ target: string; member: string; value: unknown; status: number }> = [];
    for (const service of [ssoAdminService, identityStoreService, organizationsService, cloudTrailService]) {
      for (const [operation, { input }] of Object.entries(service.model.operations)) {
        if (!service.operations[operation]) continue;
        const shape = service.model.shapes[input];
        if (shape?.type !== 'structure') continue;
        const base = Object.fromEntries(
          (shape.required ?? []).filter((m) => m in VALID).map((m) => [m, VALID[m]]),
        );
        const target = `${service.model.targetPrefix}.${operation}`;
        const requests: Array<{ member: string; value: unknown; body: Record<string, unknown> }> = [
          { member: '(valid)', value: undefined, body: base },
        ];
        for (const member of Object.keys(shape.members)) {
          for (const value of [...values, VALID[member]]) {
            requests.push({ member, value, body: { ...base, [member]: value } });
          }
        }
        const outs = await Promise.all(requests.map((r) => rawJson(s.url, target, r.body)));
        outs.forEach((out, i) => {
          const r = requests[i] as { member: string; value: unknown };
          answers.push({ target, member: r.member, value: r.value, status: out.status });
        });
      }
    }
    expect(answers.length).toBeGreaterThan(1000);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    // The valid requests did reach the handlers: most answered 200.
    expect(answers.filter((a) => a.member === '(valid)' && a.status === 200).length).toBeGreaterThan(30);
  });
});

describe('error bodies carry the members the models declare', () => {
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(() => s.close());

  it('Organizations: INVALID_NEXT_TOKEN, MAX_VALUE_EXCEEDED, INPUT_REQUIRED, INVALID_PATTERN', async () => {
    const token = await failure(s.org.send(new ListAccountsCommand({ NextToken: 'forged' })));
    expect([token.name, token.Reason]).toEqual(['InvalidInputException', 'INVALID_NEXT_TOKEN']);
    const max = await failure(s.org.send(new ListAccountsCommand({ MaxResults: 21 })));
    expect([max.name, max.Reason]).toEqual(['InvalidInputException', 'MAX_VALUE_EXCEEDED']);
    const missing = await rawJson(s.url, 'AWSOrganizationsV20161128.DescribeAccount', {});
    expect([missing.body.__type, missing.body.Reason]).toEqual(['InvalidInputException', 'INPUT_REQUIRED']);
    const pattern = await failure(s.org.send(new DescribeAccountCommand({ AccountId: 'abc' })));
    expect([pattern.name, pattern.Reason]).toEqual(['InvalidInputException', 'INVALID_PATTERN']);
  });

  it('Identity Store errors carry RequestId, the same as the x-amzn-requestid header', async () => {
    const out = await rawJson(s.url, 'AWSIdentityStore.DescribeUser', {
      IdentityStoreId: STORE_ID,
      UserId: '00000000-0000-4000-8000-0000000000bd',
    });
    expect(out.body).toEqual({
      __type: 'ResourceNotFoundException',
      Message: 'USER not found.',
      ResourceType: 'USER',
      ResourceId: '00000000-0000-4000-8000-0000000000bd',
      RequestId: out.requestId,
    });
  });

  it('Organizations’ TooManyRequestsException carries Type', async () => {
    s.sandbox.setFaults({ throttle: { organizations: 0.001 } });
    try {
      const results = [
        await rawJson(s.url, 'AWSOrganizationsV20161128.ListAccounts', {}),
        await rawJson(s.url, 'AWSOrganizationsV20161128.ListAccounts', {}),
      ];
      const throttled = results.find((r) => r.body.__type === 'TooManyRequestsException');
      expect(throttled?.body).toEqual({
        __type: 'TooManyRequestsException',
        Message: 'Rate exceeded',
        Type: 'TooManyRequestsException',
      });
    } finally {
      s.sandbox.setFaults({});
    }
  });
});

describe('the signed region must be the snapshot’s', () => {
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(() => s.close());
  const elsewhere = (url: string) => ({
    region: 'eu-west-1',
    endpoint: url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });

  it('a JSON request signed for eu-west-1 is refused, naming both regions', async () => {
    const sso = new SSOAdminClient(elsewhere(s.url));
    const ct = new CloudTrailClient(elsewhere(s.url));
    try {
      const err = await failure(
        sso.send(new DescribePermissionSetCommand({ ...I, PermissionSetArn: PS.admin })),
      );
      expect(err.name).toBe('InvalidSignatureException');
      expect(err.message).toContain("signed for region 'eu-west-1'");
      expect(err.message).toContain("the snapshot's region 'us-east-1'");
      expect((await failure(ct.send(new LookupEventsCommand({})))).name).toBe('InvalidSignatureException');
    } finally {
      sso.destroy();
      ct.destroy();
    }
  });

  it('STS signed for eu-west-1 is refused the same way; signed for the right region it answers', async () => {
    const sts = new STSClient(elsewhere(s.url));
    try {
      const err = await failure(sts.send(new GetCallerIdentityCommand({})));
      expect(err.name).toBe('SignatureDoesNotMatch');
      expect(err.message).toContain("'eu-west-1'");
      expect(err.message).toContain("'us-east-1'");
    } finally {
      sts.destroy();
    }
    expect((await s.sts.send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNT.management);
  });

  it('STS also takes us-east-1, which its global endpoint is signed for, whatever the snapshot’s region', async () => {
    const eu = await startSandbox(
      buildSnapshot((snap) => {
        snap.region = 'eu-west-1';
      }),
    );
    const sts = new STSClient({ ...elsewhere(eu.url), region: 'us-east-1' });
    try {
      expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNT.management);
      // …but not for the other services: us-east-1 is another region's Identity Center there.
      expect((await failure(eu.sso.send(new ListInstancesCommand({})))).name).toBe(
        'InvalidSignatureException',
      );
    } finally {
      sts.destroy();
      await eu.close();
    }
  });

  it('STS answers GetCallerIdentity over GET with the parameters in the query string', async () => {
    const res = await fetch(`${s.url}/?Action=GetCallerIdentity&Version=2011-06-15`);
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toContain(`<Account>${ACCOUNT.management}</Account>`);
    expect(xml).toContain('<GetCallerIdentityResponse');
  });
});

describe('asynchronous writes without the simplifications that flatter fixes', () => {
  const provisionedTo = async (s: StartedSandbox, accountId: string, status: string) =>
    (
      await s.sso.send(
        new ListPermissionSetsProvisionedToAccountCommand({
          ...I,
          AccountId: accountId,
          ProvisioningStatus: status as 'LATEST_PERMISSION_SET_PROVISIONED',
        }),
      )
    ).PermissionSets ?? [];
  const assign = (s: StartedSandbox, principalId: string, accountId: string, arn: string) =>
    s.sso.send(
      new CreateAccountAssignmentCommand({
        ...I,
        TargetId: accountId,
        TargetType: 'AWS_ACCOUNT',
        PermissionSetArn: arn,
        PrincipalType: 'USER',
        PrincipalId: principalId,
      }),
    );

  it('CreateAccountAssignment leaves an outdated permission set outdated (only ProvisionPermissionSet updates it)', async () => {
    const s = await startSandbox();
    try {
      // ReadOnly is in dev but outdated (LATEST_PERMISSION_SET_NOT_PROVISIONED).
      const out = await assign(s, USER.carol, ACCOUNT.dev, PS.readOnly);
      s.clock.advance(5000);
      expect(await provisionedTo(s, ACCOUNT.dev, 'LATEST_PERMISSION_SET_NOT_PROVISIONED')).toEqual([
        PS.readOnly,
      ]);
      const done = await s.sso.send(
        new ListAccountAssignmentCreationStatusCommand({ ...I, Filter: { Status: 'SUCCEEDED' } }),
      );
      expect(done.AccountAssignmentsCreationStatus?.map((r) => r.RequestId)).toContain(
        out.AccountAssignmentCreationStatus?.RequestId,
      );
      // A permission set not yet in the account is provisioned there by the assignment, as in AWS.
      await assign(s, USER.carol, ACCOUNT.prod, PS.billing);
      s.clock.advance(5000);
      expect(await provisionedTo(s, ACCOUNT.prod, 'LATEST_PERMISSION_SET_PROVISIONED')).toEqual(
        expect.arrayContaining([PS.billing, PS.readOnly]),
      );
    } finally {
      await s.close();
    }
  });

  it('provisioning to several accounts fails per account: the others are updated all the same', async () => {
    const s = await startSandbox(
      buildSnapshot((snap) => {
        for (const p of snap.provisionedPermissionSets ?? []) {
          if (p.PermissionSetArn === PS.readOnly)
            p.ProvisioningStatus = 'LATEST_PERMISSION_SET_NOT_PROVISIONED';
        }
      }),
    );
    try {
      s.sandbox.setFaults({ failProvisioning: { [ACCOUNT.dev]: 'Policy team-boundary does not exist.' } });
      const started = await s.sso.send(
        new ProvisionPermissionSetCommand({
          ...I,
          PermissionSetArn: PS.readOnly,
          TargetType: 'ALL_PROVISIONED_ACCOUNTS',
        }),
      );
      s.clock.advance(5000);
      const { DescribePermissionSetProvisioningStatusCommand } = await import('@aws-sdk/client-sso-admin');
      const status = await s.sso.send(
        new DescribePermissionSetProvisioningStatusCommand({
          ...I,
          ProvisionPermissionSetRequestId: started.PermissionSetProvisioningStatus?.RequestId,
        }),
      );
      expect(status.PermissionSetProvisioningStatus?.Status).toBe('FAILED');
      expect(status.PermissionSetProvisioningStatus?.FailureReason).toBe(
        'Policy team-boundary does not exist.',
      );
      expect(await provisionedTo(s, ACCOUNT.prod, 'LATEST_PERMISSION_SET_PROVISIONED')).toEqual([
        PS.readOnly,
      ]);
      expect(await provisionedTo(s, ACCOUNT.dev, 'LATEST_PERMISSION_SET_NOT_PROVISIONED')).toEqual([
        PS.readOnly,
      ]);
    } finally {
      await s.close();
    }
  });

  it('snapshot rows stuck IN_PROGRESS do not count toward the 15 outstanding creations; live ones do', async () => {
    const stuck = Array.from({ length: 15 }, (_, i) => ({
      RequestId: `e0000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`,
      Status: 'IN_PROGRESS' as const,
      TargetId: ACCOUNT.prod,
      TargetType: 'AWS_ACCOUNT' as const,
      PermissionSetArn: PS.readOnly,
      PrincipalType: 'USER' as const,
      PrincipalId: USER.carol,
      CreatedDate: '2026-11-01T00:00:00Z',
    }));
    const s = await startSandbox(
      buildSnapshot((snap) => {
        snap.accountAssignmentCreationStatuses = [
          ...(snap.accountAssignmentCreationStatuses ?? []),
          ...stuck,
        ];
      }),
    );
    try {
      const principals = Array.from(
        { length: 16 },
        (_, i) => `0000000${i.toString(16)}-0000-4000-8000-000000000000`,
      );
      for (const p of principals.slice(0, 15)) await assign(s, p, ACCOUNT.prod, PS.admin);
      const err = await failure(assign(s, principals[15] as string, ACCOUNT.prod, PS.admin));
      expect(err.name).toBe('ThrottlingException');
    } finally {
      await s.close();
    }
  });

  it('a duplicate CreateAccountAssignment while the first is in flight is ConflictException', async () => {
    const s = await startSandbox();
    try {
      await assign(s, USER.carol, ACCOUNT.prod, PS.admin);
      const err = await failure(assign(s, USER.carol, ACCOUNT.prod, PS.admin));
      expect(err.name).toBe('ConflictException');
      // Another principal is not a duplicate.
      await assign(s, USER.alice, ACCOUNT.prod, PS.admin);
      s.clock.advance(5000);
      // Once the first has finished, the same request is accepted again (AWS treats it as idempotent).
      const again = await assign(s, USER.carol, ACCOUNT.prod, PS.admin);
      expect(again.AccountAssignmentCreationStatus?.Status).toBe('IN_PROGRESS');
    } finally {
      await s.close();
    }
  });
});
