import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  DescribeGroupCommand,
  DescribeUserCommand,
  GetGroupIdCommand,
  GetUserIdCommand,
  IdentitystoreClient,
  IsMemberInGroupsCommand,
  ListGroupMembershipsCommand,
  ListGroupMembershipsForMemberCommand,
  ListGroupsCommand,
  ListUsersCommand,
} from '@aws-sdk/client-identitystore';
import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeApplicationCommand,
  DescribeInstanceCommand,
  DescribePermissionSetCommand,
  DescribePermissionSetProvisioningStatusCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  ListAccountAssignmentCreationStatusCommand,
  ListAccountAssignmentDeletionStatusCommand,
  ListAccountAssignmentsCommand,
  ListAccountAssignmentsForPrincipalCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListApplicationAssignmentsForPrincipalCommand,
  ListApplicationsCommand,
  ListCustomerManagedPolicyReferencesInPermissionSetCommand,
  ListInstancesCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetProvisioningStatusCommand,
  ListPermissionSetsCommand,
  ListPermissionSetsProvisionedToAccountCommand,
  paginateListAccountAssignmentsForPrincipal,
  paginateListApplicationAssignmentsForPrincipal,
  paginateListApplications,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { SandboxCall } from '../../src/sandbox/emulator/server';
import { SandboxAws } from '../../src/sandbox/emulator/server';
import { validateSnapshot } from '../../src/sandbox/snapshot/load';
import type { Snapshot } from '../../src/sandbox/snapshot/schema';
import {
  type CliResult,
  CliWorkers,
  cliEnv,
  findTools,
  normalise,
  pool,
  run,
  type Served,
  serve,
} from './awscli';

/**
 * The sandbox driven by clients nobody here wrote: the AWS CLI v2 (botocore's own models, long
 * `X-Amz-Target`s, client-side paging) and curl's SigV4 for the operations CLI 2.9 lacks. Every supported
 * read runs with automatic paging at page size 1, every write with its status polling, and the error cases
 * AWS answers from its models. What the CLI gets is compared with what the JS SDK gets from an emulator
 * over the same snapshot, so both clients must see the same organisation.
 */

const tools = findTools();

/** A member of the CLI's JSON answer, which must be there. */
function field<T>(out: CliResult, member: string): T {
  const value = out.json?.[member];
  if (value === undefined) throw new Error(`no ${member} in: ${out.stdout}${out.stderr}`);
  return value as T;
}
const ready = tools.aws !== undefined && tools.curl !== undefined;
if (!ready) {
  process.stderr.write(`awscli-conformance: SKIPPED, ${tools.missing.join('; ')}\n`);
}
const suite = ready ? describe : describe.skip;

const SAMPLE = join(__dirname, '..', '..', 'samples', 'sample-org.json');

/** The sample organisation, with one permissions boundary (the sample has none) and a short provisioning
 * delay so the polling loops finish quickly. */
function variant(): Snapshot {
  const snap = JSON.parse(readFileSync(SAMPLE, 'utf8')) as Snapshot;
  const ps = snap.permissionSets?.[0];
  if (ps) ps.PermissionsBoundary = { ManagedPolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' };
  snap.faults = { ...snap.faults, provisioningDelayMs: 4000 };
  return snap;
}

suite(
  ready ? `AWS CLI conformance (${tools.aws})` : `AWS CLI conformance SKIPPED: ${tools.missing.join('; ')}`,
  () => {
    const snap = variant();
    const region = snap.region ?? 'us-east-1';
    /** Neither the snapshot's region nor us-east-1 (which STS's global endpoint is signed for). */
    const otherRegion = region === 'us-west-2' ? 'ap-southeast-2' : 'us-west-2';
    const instanceArn = snap.instances?.[0]?.InstanceArn as string;
    const storeId = snap.instances?.[0]?.IdentityStoreId as string;
    const permissionSets = snap.permissionSets ?? [];
    const psArn = (i: number) => permissionSets[i]?.PermissionSetArn as string;
    const withInline = permissionSets.find((p) => p.InlinePolicy)?.PermissionSetArn as string;
    const withCustomer = permissionSets.find((p) => p.CustomerManagedPolicyReferences?.length)
      ?.PermissionSetArn as string;
    const users = snap.identityStore?.users ?? [];
    const groups = snap.identityStore?.groups ?? [];
    const membership = snap.identityStore?.memberships?.[0];
    const assignment = snap.accountAssignments?.[0];
    const accounts = snap.organization?.accounts ?? [];
    const provStatus = snap.permissionSetProvisioningStatuses?.[0]?.RequestId as string;
    const createStatus = snap.accountAssignmentCreationStatuses?.[0]?.RequestId as string;
    const app = snap.applications?.[0]?.ApplicationArn as string;
    const appPrincipal = snap.applicationAssignments?.[0];

    let dir: string;
    let served: Served;
    let oracle: SandboxAws;
    let sdk: {
      sso: SSOAdminClient;
      ids: IdentitystoreClient;
      ct: CloudTrailClient;
      org: OrganizationsClient;
      sts: STSClient;
    };
    let servedSso: SSOAdminClient;

    let workers: CliWorkers;
    /** `aws <args>` through the CLI's entry point in a warm worker (see CliWorkers). */
    const aws = (args: string[], env: NodeJS.ProcessEnv = cliEnv(region)) =>
      workers.run([...args, '--endpoint-url', served.url, '--output', 'json'], env);
    /** `aws <args>` as its own process, exactly as a user types it. */
    const awsProcess = (args: string[], env: NodeJS.ProcessEnv = cliEnv(region)) =>
      run(tools.aws as string, [...args, '--endpoint-url', served.url, '--output', 'json'], env);

    /** A SigV4-signed JSON call with curl, for the operations CLI 2.9 lacks. */
    const curl = async (signingName: string, target: string, body: unknown, signRegion = region) => {
      const out = await run(
        tools.curl as string,
        [
          '-s',
          '-w',
          '\n%{http_code}',
          '--aws-sigv4',
          `aws:amz:${signRegion}:${signingName}`,
          '--user',
          'AKIASANDBOXTEST:sandbox-secret',
          '-H',
          `x-amz-target: ${target}`,
          '-H',
          'content-type: application/x-amz-json-1.1',
          '--data-binary',
          typeof body === 'string' ? body : JSON.stringify(body),
          served.url,
        ],
        { PATH: process.env.PATH },
      );
      const lines = out.stdout.trimEnd().split('\n');
      const status = Number(lines.pop());
      return { status, body: JSON.parse(lines.join('\n')) as Record<string, unknown> };
    };

    const servedCalls = async (): Promise<SandboxCall[]> =>
      ((await (await fetch(`${served.url}/_sandbox/calls`)).json()) as { calls: SandboxCall[] }).calls;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'awscli-conformance-'));
      const file = join(dir, 'snapshot.json');
      writeFileSync(file, JSON.stringify(snap));
      workers = new CliWorkers(tools.aws as string, 3, cliEnv(region));
      served = await serve(file);
      oracle = new SandboxAws(validateSnapshot(structuredClone(snap), 'oracle'));
      const oracleUrl = await oracle.listen();
      const config = (endpoint: string) => ({
        region,
        endpoint,
        credentials: { accessKeyId: 'AKIASANDBOXTEST', secretAccessKey: 'sandbox-secret' },
        maxAttempts: 1,
      });
      sdk = {
        sso: new SSOAdminClient(config(oracleUrl)),
        ids: new IdentitystoreClient(config(oracleUrl)),
        ct: new CloudTrailClient(config(oracleUrl)),
        org: new OrganizationsClient(config(oracleUrl)),
        sts: new STSClient(config(oracleUrl)),
      };
      servedSso = new SSOAdminClient(config(served.url));
    }, 60_000);

    afterAll(async () => {
      for (const client of Object.values(sdk ?? {})) client.destroy();
      servedSso?.destroy();
      await oracle?.close();
      await served?.stop();
      await workers?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const I = () => ['--instance-arn', instanceArn];
    const S = () => ['--identity-store-id', storeId];

    interface ReadCase {
      cli: string[];
      /** The same request through the JS SDK, without paging (every row in one answer). */
      sdk: () => Promise<object>;
      /** The member holding the rows, for a paged list. */
      rows?: string;
      /** The operation, for a paged list: it must have taken one call per row at page size 1. */
      operation?: string;
    }

    const reads = (): ReadCase[] => [
      {
        cli: ['sso-admin', 'list-instances', '--page-size', '1'],
        sdk: () => sdk.sso.send(new ListInstancesCommand({})),
        rows: 'Instances',
        operation: 'ListInstances',
      },
      {
        cli: ['sso-admin', 'list-permission-sets', ...I(), '--page-size', '1'],
        sdk: () => sdk.sso.send(new ListPermissionSetsCommand({ InstanceArn: instanceArn })),
        rows: 'PermissionSets',
        operation: 'ListPermissionSets',
      },
      {
        cli: ['sso-admin', 'describe-permission-set', ...I(), '--permission-set-arn', psArn(1)],
        sdk: () =>
          sdk.sso.send(
            new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: psArn(1) }),
          ),
      },
      {
        cli: [
          'sso-admin',
          'get-inline-policy-for-permission-set',
          ...I(),
          '--permission-set-arn',
          withInline,
        ],
        sdk: () =>
          sdk.sso.send(
            new GetInlinePolicyForPermissionSetCommand({
              InstanceArn: instanceArn,
              PermissionSetArn: withInline,
            }),
          ),
      },
      {
        cli: [
          'sso-admin',
          'list-managed-policies-in-permission-set',
          ...I(),
          '--permission-set-arn',
          psArn(0),
        ],
        sdk: () =>
          sdk.sso.send(
            new ListManagedPoliciesInPermissionSetCommand({
              InstanceArn: instanceArn,
              PermissionSetArn: psArn(0),
            }),
          ),
        rows: 'AttachedManagedPolicies',
        operation: 'ListManagedPoliciesInPermissionSet',
      },
      {
        cli: [
          'sso-admin',
          'list-customer-managed-policy-references-in-permission-set',
          ...I(),
          '--permission-set-arn',
          withCustomer,
          '--page-size',
          '1',
        ],
        sdk: () =>
          sdk.sso.send(
            new ListCustomerManagedPolicyReferencesInPermissionSetCommand({
              InstanceArn: instanceArn,
              PermissionSetArn: withCustomer,
            }),
          ),
        rows: 'CustomerManagedPolicyReferences',
        operation: 'ListCustomerManagedPolicyReferencesInPermissionSet',
      },
      {
        cli: [
          'sso-admin',
          'get-permissions-boundary-for-permission-set',
          ...I(),
          '--permission-set-arn',
          psArn(0),
        ],
        sdk: () =>
          sdk.sso.send(
            new GetPermissionsBoundaryForPermissionSetCommand({
              InstanceArn: instanceArn,
              PermissionSetArn: psArn(0),
            }),
          ),
      },
      {
        cli: [
          'sso-admin',
          'list-permission-sets-provisioned-to-account',
          ...I(),
          '--account-id',
          assignment?.AccountId as string,
          '--page-size',
          '1',
        ],
        sdk: () =>
          sdk.sso.send(
            new ListPermissionSetsProvisionedToAccountCommand({
              InstanceArn: instanceArn,
              AccountId: assignment?.AccountId,
            }),
          ),
        rows: 'PermissionSets',
        operation: 'ListPermissionSetsProvisionedToAccount',
      },
      {
        cli: [
          'sso-admin',
          'list-accounts-for-provisioned-permission-set',
          ...I(),
          '--permission-set-arn',
          psArn(0),
          '--page-size',
          '1',
        ],
        sdk: () =>
          sdk.sso.send(
            new ListAccountsForProvisionedPermissionSetCommand({
              InstanceArn: instanceArn,
              PermissionSetArn: psArn(0),
            }),
          ),
        rows: 'AccountIds',
        operation: 'ListAccountsForProvisionedPermissionSet',
      },
      {
        cli: [
          'sso-admin',
          'list-account-assignments',
          ...I(),
          '--account-id',
          assignment?.AccountId as string,
          '--permission-set-arn',
          assignment?.PermissionSetArn as string,
          '--page-size',
          '1',
        ],
        sdk: () =>
          sdk.sso.send(
            new ListAccountAssignmentsCommand({
              InstanceArn: instanceArn,
              AccountId: assignment?.AccountId,
              PermissionSetArn: assignment?.PermissionSetArn,
            }),
          ),
        rows: 'AccountAssignments',
        operation: 'ListAccountAssignments',
      },
      {
        cli: ['sso-admin', 'list-permission-set-provisioning-status', ...I(), '--page-size', '1'],
        sdk: () => sdk.sso.send(new ListPermissionSetProvisioningStatusCommand({ InstanceArn: instanceArn })),
        rows: 'PermissionSetsProvisioningStatus',
        operation: 'ListPermissionSetProvisioningStatus',
      },
      {
        cli: [
          'sso-admin',
          'describe-permission-set-provisioning-status',
          ...I(),
          '--provision-permission-set-request-id',
          provStatus,
        ],
        sdk: () =>
          sdk.sso.send(
            new DescribePermissionSetProvisioningStatusCommand({
              InstanceArn: instanceArn,
              ProvisionPermissionSetRequestId: provStatus,
            }),
          ),
      },
      {
        cli: ['sso-admin', 'list-account-assignment-creation-status', ...I(), '--page-size', '1'],
        sdk: () => sdk.sso.send(new ListAccountAssignmentCreationStatusCommand({ InstanceArn: instanceArn })),
        rows: 'AccountAssignmentsCreationStatus',
        operation: 'ListAccountAssignmentCreationStatus',
      },
      {
        cli: [
          'sso-admin',
          'describe-account-assignment-creation-status',
          ...I(),
          '--account-assignment-creation-request-id',
          createStatus,
        ],
        sdk: () =>
          sdk.sso.send(
            new DescribeAccountAssignmentCreationStatusCommand({
              InstanceArn: instanceArn,
              AccountAssignmentCreationRequestId: createStatus,
            }),
          ),
      },
      {
        cli: ['sso-admin', 'list-account-assignment-deletion-status', ...I(), '--page-size', '1'],
        sdk: () => sdk.sso.send(new ListAccountAssignmentDeletionStatusCommand({ InstanceArn: instanceArn })),
        rows: 'AccountAssignmentsDeletionStatus',
        operation: 'ListAccountAssignmentDeletionStatus',
      },
      {
        cli: [
          'identitystore',
          'get-user-id',
          ...S(),
          '--alternate-identifier',
          JSON.stringify({
            UniqueAttribute: { AttributePath: 'userName', AttributeValue: users[2]?.UserName },
          }),
        ],
        sdk: () =>
          sdk.ids.send(
            new GetUserIdCommand({
              IdentityStoreId: storeId,
              AlternateIdentifier: {
                UniqueAttribute: { AttributePath: 'userName', AttributeValue: users[2]?.UserName },
              },
            }),
          ),
      },
      {
        cli: ['identitystore', 'describe-user', ...S(), '--user-id', users[0]?.UserId as string],
        sdk: () =>
          sdk.ids.send(new DescribeUserCommand({ IdentityStoreId: storeId, UserId: users[0]?.UserId })),
      },
      {
        cli: ['identitystore', 'list-users', ...S(), '--page-size', '1'],
        sdk: () => sdk.ids.send(new ListUsersCommand({ IdentityStoreId: storeId })),
        rows: 'Users',
        operation: 'ListUsers',
      },
      {
        cli: [
          'identitystore',
          'get-group-id',
          ...S(),
          '--alternate-identifier',
          JSON.stringify({
            UniqueAttribute: { AttributePath: 'displayName', AttributeValue: groups[1]?.DisplayName },
          }),
        ],
        sdk: () =>
          sdk.ids.send(
            new GetGroupIdCommand({
              IdentityStoreId: storeId,
              AlternateIdentifier: {
                UniqueAttribute: { AttributePath: 'displayName', AttributeValue: groups[1]?.DisplayName },
              },
            }),
          ),
      },
      {
        cli: ['identitystore', 'describe-group', ...S(), '--group-id', groups[0]?.GroupId as string],
        sdk: () =>
          sdk.ids.send(new DescribeGroupCommand({ IdentityStoreId: storeId, GroupId: groups[0]?.GroupId })),
      },
      {
        cli: ['identitystore', 'list-groups', ...S(), '--page-size', '1'],
        sdk: () => sdk.ids.send(new ListGroupsCommand({ IdentityStoreId: storeId })),
        rows: 'Groups',
        operation: 'ListGroups',
      },
      {
        cli: [
          'identitystore',
          'list-group-memberships-for-member',
          ...S(),
          '--member-id',
          `UserId=${membership?.UserId}`,
          '--page-size',
          '1',
        ],
        sdk: () =>
          sdk.ids.send(
            new ListGroupMembershipsForMemberCommand({
              IdentityStoreId: storeId,
              MemberId: { UserId: membership?.UserId as string },
            }),
          ),
        rows: 'GroupMemberships',
        operation: 'ListGroupMembershipsForMember',
      },
      {
        cli: [
          'identitystore',
          'list-group-memberships',
          ...S(),
          '--group-id',
          membership?.GroupId as string,
          '--page-size',
          '1',
        ],
        sdk: () =>
          sdk.ids.send(
            new ListGroupMembershipsCommand({ IdentityStoreId: storeId, GroupId: membership?.GroupId }),
          ),
        rows: 'GroupMemberships',
        operation: 'ListGroupMemberships',
      },
      {
        cli: [
          'identitystore',
          'is-member-in-groups',
          ...S(),
          '--member-id',
          `UserId=${membership?.UserId}`,
          '--group-ids',
          ...groups.slice(0, 3).map((g) => g.GroupId),
        ],
        sdk: () =>
          sdk.ids.send(
            new IsMemberInGroupsCommand({
              IdentityStoreId: storeId,
              MemberId: { UserId: membership?.UserId as string },
              GroupIds: groups.slice(0, 3).map((g) => g.GroupId),
            }),
          ),
      },
      {
        // botocore sends the long target (com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents).
        cli: ['cloudtrail', 'lookup-events', '--page-size', '1'],
        sdk: () => sdk.ct.send(new LookupEventsCommand({})),
        rows: 'Events',
        operation: 'LookupEvents',
      },
      {
        cli: ['organizations', 'describe-account', '--account-id', accounts[1]?.Id as string],
        sdk: () => sdk.org.send(new DescribeAccountCommand({ AccountId: accounts[1]?.Id })),
      },
      {
        cli: ['organizations', 'list-accounts', '--page-size', '1'],
        sdk: () => sdk.org.send(new ListAccountsCommand({})),
        rows: 'Accounts',
        operation: 'ListAccounts',
      },
      {
        cli: ['organizations', 'describe-organization'],
        sdk: () => sdk.org.send(new DescribeOrganizationCommand({})),
      },
      { cli: ['sts', 'get-caller-identity'], sdk: () => sdk.sts.send(new GetCallerIdentityCommand({})) },
    ];

    it('runs the README’s --endpoint-url example as written (on the sample’s port, here a free one)', async () => {
      const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
      const block =
        /```sh[^\n]*\n(AWS_ACCESS_KEY_ID=[^`]*--endpoint-url http:\/\/127\.0\.0\.1:4566)\n```/.exec(
          readme,
        )?.[1];
      expect(block).toContain('aws sso-admin list-instances');
      const command = (block as string)
        .replace('http://127.0.0.1:4566', served.url)
        .replace(/\baws /, `${tools.aws} `);
      const out = await run('sh', ['-c', command], {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_CONFIG_FILE: '/dev/null',
      });
      expect([
        out.code,
        field<Array<{ InstanceArn: string }>>(out, 'Instances').map((i) => i.InstanceArn),
      ]).toEqual([0, snap.instances?.map((i) => i.InstanceArn)]);
    }, 60_000);

    it('answers /usr/bin/aws itself, run as its own process', async () => {
      const [me, org] = await Promise.all([
        awsProcess(['sts', 'get-caller-identity']),
        awsProcess(['organizations', 'describe-organization']),
      ]);
      expect([me.code, me.json?.Account]).toEqual([0, snap.caller?.Account]);
      expect([org.code, field<{ MasterAccountId?: string }>(org, 'Organization').MasterAccountId]).toEqual([
        0,
        snap.organization?.managementAccountId,
      ]);
    }, 60_000);

    it('answers every supported read like the JS SDK sees it, paging one row at a time', async () => {
      const cases = reads();
      // Only this test's calls count (others may call the same operations).
      const before = (await servedCalls()).length;
      const results = await pool(
        cases.map((c) => async () => ({ cli: await aws(c.cli), sdk: await c.sdk().catch((e: Error) => e) })),
        3,
      );
      const calls = (await servedCalls()).slice(before);
      for (const [i, c] of cases.entries()) {
        const { cli, sdk: expected } = results[i] as { cli: CliResult; sdk: object };
        const label = c.cli.slice(0, 2).join(' ');
        expect([label, cli.code, cli.stderr]).toEqual([label, 0, '']);
        const got = c.rows ? cli.json?.[c.rows] : cli.json;
        const want = c.rows ? (expected as Record<string, unknown>)[c.rows] : expected;
        // CLI 2.9's older models drop members added since (e.g. ListInstances' Status, Name): what it shows
        // must be what the SDK sees, row for row (arrays must have the same length).
        expect({ [label]: normalise(want) }).toMatchObject({ [label]: normalise(got) as object });
        if (c.rows && c.operation) {
          const rows = (want as unknown[] | undefined)?.length ?? 0;
          const pages = calls.filter((call) => call.operation === c.operation).length;
          // Page size 1: one call per row (and one for an empty list).
          expect([label, pages]).toEqual([label, Math.max(rows, 1)]);
        }
      }
      // The lists that matter have several rows, so the paging above really paged.
      expect(calls.filter((c) => c.operation === 'ListUsers').length).toBeGreaterThan(5);
      expect(calls.filter((c) => c.operation === 'LookupEvents').length).toBeGreaterThan(5);
    }, 120_000);

    it('answers the SSO Admin reads CLI 2.9 lacks to curl --aws-sigv4, and pages them for the SDK', async () => {
      const principal = {
        InstanceArn: instanceArn,
        PrincipalId: assignment?.PrincipalId,
        PrincipalType: assignment?.PrincipalType,
      };
      const appPrincipalInput = {
        InstanceArn: instanceArn,
        PrincipalId: appPrincipal?.PrincipalId,
        PrincipalType: appPrincipal?.PrincipalType,
      };
      const cases: Array<[string, Record<string, unknown>, () => Promise<object>]> = [
        [
          'DescribeInstance',
          { InstanceArn: instanceArn },
          () => sdk.sso.send(new DescribeInstanceCommand({ InstanceArn: instanceArn })),
        ],
        [
          'ListAccountAssignmentsForPrincipal',
          principal,
          () => sdk.sso.send(new ListAccountAssignmentsForPrincipalCommand(principal as never)),
        ],
        [
          'ListApplications',
          { InstanceArn: instanceArn },
          () => sdk.sso.send(new ListApplicationsCommand({ InstanceArn: instanceArn })),
        ],
        [
          'DescribeApplication',
          { ApplicationArn: app },
          () => sdk.sso.send(new DescribeApplicationCommand({ ApplicationArn: app })),
        ],
        [
          'ListApplicationAssignmentsForPrincipal',
          appPrincipalInput,
          () => sdk.sso.send(new ListApplicationAssignmentsForPrincipalCommand(appPrincipalInput as never)),
        ],
      ];
      const results = await pool(
        cases.map(([op, body, expected]) => async () => ({
          op,
          got: await curl('sso', `SWBExternalService.${op}`, body),
          want: await expected(),
        })),
        3,
      );
      for (const { op, got, want } of results) {
        expect([op, got.status]).toEqual([op, 200]);
        // curl gets epoch seconds, the SDK Dates: compare as instants.
        const asDates = JSON.parse(JSON.stringify(got.body), (k, v) =>
          typeof v === 'number' && /Date|Time/.test(k) ? new Date(v * 1000) : v,
        );
        expect([op, normalise(asDates)]).toEqual([op, normalise(want)]);
      }
      const everyRow = async <P, T>(pages: AsyncIterable<P>, rows: (p: P) => T[] | undefined) => {
        const out: T[] = [];
        for await (const p of pages) out.push(...(rows(p) ?? []));
        return out;
      };
      const paged = { client: servedSso, pageSize: 1 };
      expect(
        await everyRow(
          paginateListAccountAssignmentsForPrincipal(paged, principal as never),
          (p) => p.AccountAssignments,
        ),
      ).toEqual((results[1]?.want as { AccountAssignments?: unknown[] } | undefined)?.AccountAssignments);
      expect(
        (
          await everyRow(paginateListApplications(paged, { InstanceArn: instanceArn }), (p) => p.Applications)
        ).map((a) => a.ApplicationArn),
      ).toEqual(snap.applications?.map((a) => a.ApplicationArn));
      expect(
        await everyRow(
          paginateListApplicationAssignmentsForPrincipal(paged, appPrincipalInput as never),
          (p) => p.ApplicationAssignments,
        ),
      ).toEqual(
        (results[4]?.want as { ApplicationAssignments?: unknown[] } | undefined)?.ApplicationAssignments,
      );
    }, 60_000);

    /** Polls a Describe…Status with the CLI until the request leaves IN_PROGRESS, as a script would. */
    const pollUntilDone = async (args: string[], member: string) => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const out = await aws(args);
        const status = (out.json?.[member] as { Status?: string } | undefined)?.Status;
        if (out.code !== 0 || status !== 'IN_PROGRESS') return out;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      throw new Error(`${args.join(' ')} stayed IN_PROGRESS`);
    };

    it('runs every write to completion, polled through its status', async () => {
      const target = accounts.find(
        (a) => a.Id !== assignment?.AccountId && (a.State ?? 'ACTIVE') === 'ACTIVE',
      )?.Id as string;
      const newcomer = users.find(
        (u) => !(snap.accountAssignments ?? []).some((a) => a.PrincipalId === u.UserId),
      )?.UserId as string;
      const outsider = groups.find(
        (g) =>
          !(snap.identityStore?.memberships ?? []).some(
            (m) => m.GroupId === g.GroupId && m.UserId === newcomer,
          ),
      )?.GroupId as string;
      const assignmentArgs = (principalId: string, accountId: string, arn: string) => [
        ...I(),
        '--target-id',
        accountId,
        '--target-type',
        'AWS_ACCOUNT',
        '--permission-set-arn',
        arn,
        '--principal-type',
        'USER',
        '--principal-id',
        principalId,
      ];

      const provision = async () => {
        const started = await aws([
          'sso-admin',
          'provision-permission-set',
          ...I(),
          '--permission-set-arn',
          psArn(2),
          '--target-type',
          'AWS_ACCOUNT',
          '--target-id',
          target,
        ]);
        const status = started.json?.PermissionSetProvisioningStatus as { RequestId: string; Status: string };
        expect([started.code, status.Status]).toEqual([0, 'IN_PROGRESS']);
        const done = await pollUntilDone(
          [
            'sso-admin',
            'describe-permission-set-provisioning-status',
            ...I(),
            '--provision-permission-set-request-id',
            status.RequestId,
          ],
          'PermissionSetProvisioningStatus',
        );
        expect(field<{ Status: string }>(done, 'PermissionSetProvisioningStatus').Status).toBe('SUCCEEDED');
        const now = await aws([
          'sso-admin',
          'list-permission-sets-provisioned-to-account',
          ...I(),
          '--account-id',
          target,
        ]);
        expect(now.json?.PermissionSets).toContain(psArn(2));
      };

      const create = async () => {
        const args = [
          'sso-admin',
          'create-account-assignment',
          ...assignmentArgs(newcomer, target, psArn(2)),
        ];
        const started = await aws(args);
        const status = started.json?.AccountAssignmentCreationStatus as { RequestId: string; Status: string };
        expect([started.code, status.Status]).toEqual([0, 'IN_PROGRESS']);
        // The same request again while the first is in flight.
        const duplicate = await aws(args);
        expect([duplicate.code, duplicate.stderr]).toEqual([
          254,
          expect.stringContaining('(ConflictException)'),
        ]);
        const done = await pollUntilDone(
          [
            'sso-admin',
            'describe-account-assignment-creation-status',
            ...I(),
            '--account-assignment-creation-request-id',
            status.RequestId,
          ],
          'AccountAssignmentCreationStatus',
        );
        expect(field<{ Status: string }>(done, 'AccountAssignmentCreationStatus').Status).toBe('SUCCEEDED');
        const listed = await aws([
          'sso-admin',
          'list-account-assignments',
          ...I(),
          '--account-id',
          target,
          '--permission-set-arn',
          psArn(2),
          '--page-size',
          '1',
        ]);
        expect(
          field<Array<{ PrincipalId: string }>>(listed, 'AccountAssignments').map((a) => a.PrincipalId),
        ).toContain(newcomer);
      };

      const remove = async () => {
        const started = await aws([
          'sso-admin',
          'delete-account-assignment',
          ...I(),
          '--target-id',
          assignment?.AccountId as string,
          '--target-type',
          'AWS_ACCOUNT',
          '--permission-set-arn',
          assignment?.PermissionSetArn as string,
          '--principal-type',
          assignment?.PrincipalType as string,
          '--principal-id',
          assignment?.PrincipalId as string,
        ]);
        const status = started.json?.AccountAssignmentDeletionStatus as { RequestId: string; Status: string };
        expect([started.code, status.Status]).toEqual([0, 'IN_PROGRESS']);
        const done = await pollUntilDone(
          [
            'sso-admin',
            'describe-account-assignment-deletion-status',
            ...I(),
            '--account-assignment-deletion-request-id',
            status.RequestId,
          ],
          'AccountAssignmentDeletionStatus',
        );
        expect(field<{ Status: string }>(done, 'AccountAssignmentDeletionStatus').Status).toBe('SUCCEEDED');
        const history = await aws([
          'sso-admin',
          'list-account-assignment-deletion-status',
          ...I(),
          '--page-size',
          '1',
        ]);
        expect(
          field<Array<{ RequestId: string }>>(history, 'AccountAssignmentsDeletionStatus').map(
            (r) => r.RequestId,
          ),
        ).toEqual([status.RequestId]);
      };

      const join = async () => {
        const created = await aws([
          'identitystore',
          'create-group-membership',
          ...S(),
          '--group-id',
          outsider,
          '--member-id',
          `UserId=${newcomer}`,
        ]);
        expect([created.code, typeof created.json?.MembershipId]).toEqual([0, 'string']);
        const check = await aws([
          'identitystore',
          'is-member-in-groups',
          ...S(),
          '--member-id',
          `UserId=${newcomer}`,
          '--group-ids',
          outsider,
        ]);
        expect(field<Array<{ MembershipExists: boolean }>>(check, 'Results')[0]?.MembershipExists).toBe(true);
      };

      await Promise.all([provision(), create(), remove(), join()]);
    }, 120_000);

    it('answers the error cases as AWS does, to the CLI and to curl', async () => {
      const expectError = (out: CliResult, code: string, ...fragments: string[]) => {
        expect([out.code, out.stderr]).toEqual([254, expect.stringContaining(`(${code})`)]);
        for (const f of fragments) expect(out.stderr).toContain(f);
      };
      const [badPs, badUser, badPrincipal, tooMany, boundaryMissing, wrongRegionSts, wrongRegionSso] =
        await pool(
          [
            () => aws(['sso-admin', 'describe-permission-set', ...I(), '--permission-set-arn', 'not-an-arn']),
            () => aws(['identitystore', 'describe-user', ...S(), '--user-id', 'bogus']),
            () =>
              aws([
                'sso-admin',
                'create-account-assignment',
                ...I(),
                '--target-id',
                accounts[1]?.Id as string,
                '--target-type',
                'AWS_ACCOUNT',
                '--permission-set-arn',
                psArn(0),
                '--principal-type',
                'USER',
                '--principal-id',
                'x',
              ]),
            () => aws(['organizations', 'list-accounts', '--max-results', '21', '--no-paginate']),
            () =>
              aws([
                'sso-admin',
                'get-permissions-boundary-for-permission-set',
                ...I(),
                '--permission-set-arn',
                psArn(1),
              ]),
            () => awsProcess(['sts', 'get-caller-identity'], cliEnv(otherRegion)),
            () => aws(['sso-admin', 'list-instances'], cliEnv(otherRegion)),
          ],
          3,
        );
      expectError(badPs as CliResult, 'ValidationException', "at 'permissionSetArn'");
      expectError(badUser as CliResult, 'ValidationException', "at 'userId'");
      expectError(badPrincipal as CliResult, 'ValidationException', "at 'principalId'");
      expectError(tooMany as CliResult, 'InvalidInputException');
      expectError(boundaryMissing as CliResult, 'ResourceNotFoundException');
      expectError(wrongRegionSts as CliResult, 'SignatureDoesNotMatch', `'${region}'`);
      expectError(wrongRegionSso as CliResult, 'InvalidSignatureException', `'${region}'`);

      const badApp = await curl('sso', 'SWBExternalService.DescribeApplication', {
        ApplicationArn: 'arn:aws:sso::1:application/x',
      });
      expect([badApp.status, badApp.body.__type]).toEqual([400, 'ValidationException']);
      const badFilter = await curl('sso', 'SWBExternalService.ListAccountAssignmentsForPrincipal', {
        InstanceArn: instanceArn,
        PrincipalId: assignment?.PrincipalId,
        PrincipalType: 'USER',
        Filter: { AccountId: 'abc' },
      });
      expect([badFilter.status, badFilter.body.__type]).toEqual([400, 'ValidationException']);
      const nullFilter = await curl('identitystore', 'AWSIdentityStore.ListUsers', {
        IdentityStoreId: storeId,
        Filters: [null],
      });
      expect([nullFilter.status, nullFilter.body.__type]).toEqual([400, 'ValidationException']);
      const stringMax = await curl('sso', 'SWBExternalService.ListPermissionSets', {
        InstanceArn: instanceArn,
        MaxResults: '5',
      });
      expect([stringMax.status, stringMax.body.__type]).toEqual([400, 'SerializationException']);
      const isoTime = await curl(
        'cloudtrail',
        'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents',
        {
          StartTime: '2026-11-23T11:00:00Z',
        },
      );
      expect([isoTime.status, isoTime.body.__type]).toEqual([400, 'SerializationException']);
      const signedElsewhere = await curl('sso', 'SWBExternalService.ListInstances', {}, 'ap-south-1');
      expect([signedElsewhere.status, signedElsewhere.body.__type]).toEqual([
        403,
        'InvalidSignatureException',
      ]);

      const get = await run(
        tools.curl as string,
        [
          '-s',
          '--aws-sigv4',
          `aws:amz:${region}:sts`,
          '--user',
          'AKIASANDBOXTEST:sandbox-secret',
          `${served.url}/?Action=GetCallerIdentity&Version=2011-06-15`,
        ],
        { PATH: process.env.PATH },
      );
      expect(get.stdout).toContain(`<Account>${snap.caller?.Account}</Account>`);

      // No request above was answered with a 5xx.
      expect((await servedCalls()).filter((c) => c.errorCode === 'InternalServerException')).toEqual([]);
    }, 120_000);
  },
);
