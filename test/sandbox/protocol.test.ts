import { ListInstancesCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { INSTANCE_ARN, NOW, type StartedSandbox, startSandbox } from './fixtures';

const JSON_11 = 'application/x-amz-json-1.1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('the wire protocol, spoken with raw fetch', () => {
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(async () => {
    await s.close();
  });

  const post = (body: string, headers: Record<string, string>) =>
    fetch(s.url, { method: 'POST', body, headers: { 'content-type': JSON_11, ...headers } });

  it('answers a JSON 1.1 request with epoch-second timestamps and an x-amzn-requestid header', async () => {
    const res = await post('{}', { 'x-amz-target': 'SWBExternalService.ListInstances' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(JSON_11);
    expect(res.headers.get('x-amzn-requestid')).toMatch(UUID);
    const body = (await res.json()) as { Instances: Array<Record<string, unknown>> };
    expect(body.Instances[0]?.InstanceArn).toBe(INSTANCE_ARN);
    expect(body.Instances[0]?.CreatedDate).toBe(Date.parse('2024-01-15T09:30:00Z') / 1000);
    expect(body).not.toHaveProperty('NextToken');
  });

  it('treats an empty body as an empty input', async () => {
    const res = await post('', { 'x-amz-target': 'SWBExternalService.ListInstances' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { Instances: unknown[] }).Instances).toHaveLength(1);
  });

  it('gives every answer its own request id, errors included', async () => {
    const a = await post('{}', { 'x-amz-target': 'SWBExternalService.ListInstances' });
    const b = await post('{}', { 'x-amz-target': 'SWBExternalService.DescribeInstance' });
    expect(b.status).toBe(400);
    const ida = a.headers.get('x-amzn-requestid');
    const idb = b.headers.get('x-amzn-requestid');
    expect(ida).toMatch(UUID);
    expect(idb).toMatch(UUID);
    expect(ida).not.toBe(idb);
  });

  it('the SDK reports the x-amzn-requestid header as $metadata.requestId', async () => {
    const out = await s.sso.send(new ListInstancesCommand({}));
    expect(out.$metadata.requestId).toMatch(UUID);
  });

  it('answers 400 to a request without X-Amz-Target', async () => {
    const res = await post('{}', {});
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      __type: 'UnknownOperationException',
      Message: 'Missing X-Amz-Target header.',
    });
  });

  it('answers UnknownOperationException to an unknown operation or target prefix', async () => {
    for (const target of ['SWBExternalService.MakeCoffee', 'NoSuchService_20200101.ListInstances']) {
      const res = await post('{}', { 'x-amz-target': target });
      expect(res.status).toBe(400);
      expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
      expect(res.headers.get('x-amzn-requestid')).toMatch(UUID);
      expect(await res.json()).toEqual({
        __type: 'UnknownOperationException',
        Message: `Unknown operation ${target}.`,
      });
    }
  });

  it('answers SerializationException to a malformed JSON body, and logs it', async () => {
    s.sandbox.resetCalls();
    const res = await post('{"IdentityStoreId": ', { 'x-amz-target': 'AWSIdentityStore.ListUsers' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('SerializationException');
    expect(await res.json()).toEqual({
      __type: 'SerializationException',
      Message: 'The request body is not valid JSON.',
    });
    expect(s.sandbox.calls()).toEqual([
      {
        service: 'identitystore',
        operation: 'ListUsers',
        at: Date.parse(NOW),
        outcome: 'error',
        errorCode: 'SerializationException',
      },
    ]);
  });

  it('answers SerializationException (not a 500) to a JSON body that is not an object', async () => {
    for (const body of ['null', '42', '"text"']) {
      const res = await post(body, { 'x-amz-target': 'AWSIdentityStore.ListUsers' });
      expect([body, res.status, res.headers.get('x-amzn-errortype')]).toEqual([
        body,
        400,
        'SerializationException',
      ]);
    }
  });

  it('routes each target prefix to its service', async () => {
    const targets = {
      'SWBExternalService.ListInstances': 'sso',
      'AWSIdentityStore.ListUsers': 'identitystore',
      'CloudTrail_20131101.LookupEvents': 'cloudtrail',
      'AWSOrganizationsV20161128.ListAccounts': 'organizations',
    };
    s.sandbox.resetCalls();
    for (const target of Object.keys(targets)) {
      const body = target.startsWith('AWSIdentityStore') ? '{"IdentityStoreId":"d-1111111111"}' : '{}';
      expect((await post(body, { 'x-amz-target': target })).status).toBe(200);
    }
    expect(s.sandbox.calls().map((c) => `${c.service}:${c.operation}`)).toEqual([
      'sso:ListInstances',
      'identitystore:ListUsers',
      'cloudtrail:LookupEvents',
      'organizations:ListAccounts',
    ]);
  });

  it('speaks the Query protocol for STS, in XML', async () => {
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml');
    const requestId = res.headers.get('x-amzn-requestid');
    expect(requestId).toMatch(UUID);
    const xml = await res.text();
    expect(xml).toContain('<Account>111111111111</Account>');
    expect(xml).toContain('<Arn>arn:aws:sts::111111111111:assumed-role/cant-login/bot</Arn>');
    expect(xml).toContain(`<RequestId>${requestId}</RequestId>`);
  });

  it('answers an unknown Query action with an InvalidAction error document', async () => {
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=AssumeRole&Version=2011-06-15',
    });
    expect(res.status).toBe(400);
    const xml = await res.text();
    expect(xml).toContain('<Code>InvalidAction</Code>');
    expect(xml).toContain('<Message>Could not find operation AssumeRole for version 2011-06-15</Message>');
  });

  it('serves the control endpoints: health, the call log, and 404 for anything else', async () => {
    const health = await fetch(`${s.url}/_sandbox/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, now: new Date(NOW).toISOString() });

    s.sandbox.resetCalls();
    await s.sso.send(new ListInstancesCommand({}));
    const calls = await fetch(`${s.url}/_sandbox/calls`);
    expect(await calls.json()).toEqual({
      calls: [{ service: 'sso', operation: 'ListInstances', at: Date.parse(NOW), outcome: 'ok' }],
    });

    const missing = await fetch(`${s.url}/_sandbox/nothing`);
    expect(missing.status).toBe(404);
  });
});

describe('AWS_ENDPOINT_URL', () => {
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(async () => {
    await s.close();
  });

  it('points a client created without `endpoint` at the sandbox', async () => {
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = s.url;
    const client = new SSOAdminClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    try {
      s.sandbox.resetCalls();
      const out = await client.send(new ListInstancesCommand({}));
      expect(out.Instances?.map((i) => i.InstanceArn)).toEqual([INSTANCE_ARN]);
      expect(s.sandbox.calls().map((c) => [c.service, c.operation, c.outcome])).toEqual([
        ['sso', 'ListInstances', 'ok'],
      ]);
    } finally {
      client.destroy();
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
  });
});
