/**
 * Writes the emulator's service models (`models/<service>.ts`) from botocore's model files, keeping only
 * the input shapes of the operations listed here and the members of each service's error shapes.
 *
 *   npx tsx src/sandbox/emulator/models/generate.ts <botocore data dir>
 *
 * e.g. `.../site-packages/botocore/data` (any botocore ≥ 1.34; the AWS CLI 2.9's own copy lacks the newer
 * SSO Admin operations). To plug in an operation: add it to OPERATIONS, run this, add its handler.
 * The JS SDK's packages carry no constraint traits (patterns, lengths), which is why botocore's are used.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { regexOf, type ServiceModel, type ShapeDef } from '../model';

const OPERATIONS: Record<string, { exportName: string; operations: string[] }> = {
  'sso-admin': {
    exportName: 'ssoAdminModel',
    operations: [
      'ListInstances',
      'DescribeInstance',
      'ListPermissionSets',
      'DescribePermissionSet',
      'GetInlinePolicyForPermissionSet',
      'ListManagedPoliciesInPermissionSet',
      'ListCustomerManagedPolicyReferencesInPermissionSet',
      'GetPermissionsBoundaryForPermissionSet',
      'ListPermissionSetsProvisionedToAccount',
      'ListAccountsForProvisionedPermissionSet',
      'ListAccountAssignments',
      'ListAccountAssignmentsForPrincipal',
      'ListPermissionSetProvisioningStatus',
      'DescribePermissionSetProvisioningStatus',
      'ListAccountAssignmentCreationStatus',
      'ListAccountAssignmentDeletionStatus',
      'DescribeAccountAssignmentCreationStatus',
      'DescribeAccountAssignmentDeletionStatus',
      'ListApplications',
      'DescribeApplication',
      'ListApplicationAssignmentsForPrincipal',
      'ListTagsForResource',
      'ProvisionPermissionSet',
      'CreateAccountAssignment',
      'DeleteAccountAssignment',
    ],
  },
  identitystore: {
    exportName: 'identityStoreModel',
    operations: [
      'GetUserId',
      'DescribeUser',
      'ListUsers',
      'GetGroupId',
      'DescribeGroup',
      'ListGroups',
      'ListGroupMembershipsForMember',
      'ListGroupMemberships',
      'IsMemberInGroups',
      'CreateGroupMembership',
    ],
  },
  organizations: {
    exportName: 'organizationsModel',
    operations: ['DescribeAccount', 'ListAccounts', 'DescribeOrganization'],
  },
  cloudtrail: {
    exportName: 'cloudTrailModel',
    // The CloudTrail Lake queries are modelled ahead of their handlers so they plug in with a handler alone.
    operations: ['LookupEvents', 'StartQuery', 'DescribeQuery', 'GetQueryResults', 'CancelQuery'],
  },
};

interface BotocoreShape {
  type: string;
  members?: Record<string, { shape: string }>;
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  required?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  union?: boolean;
  document?: boolean;
  exception?: boolean;
}

interface BotocoreModel {
  metadata: { targetPrefix: string; apiVersion: string; uid?: string };
  operations: Record<string, { input?: { shape: string } }>;
  shapes: Record<string, BotocoreShape>;
}

function load(dataDir: string, service: string): BotocoreModel {
  const [version] = readdirSync(join(dataDir, service)).sort().reverse();
  if (!version) throw new Error(`No model for ${service} in ${dataDir}.`);
  const dir = join(dataDir, service, version);
  const file = readdirSync(dir).find((f) => f.startsWith('service-2.json'));
  if (!file) throw new Error(`No service-2.json in ${dir}.`);
  const raw = readFileSync(join(dir, file));
  return JSON.parse((file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8')) as BotocoreModel;
}

function convert(s: BotocoreShape): ShapeDef {
  const size = {
    ...(s.min !== undefined ? { min: s.min } : {}),
    ...(s.max !== undefined ? { max: s.max } : {}),
  };
  switch (s.type) {
    case 'string':
      return {
        type: 'string',
        ...size,
        ...(s.pattern !== undefined ? { pattern: s.pattern } : {}),
        ...(s.enum ? { enum: s.enum } : {}),
      };
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      return { type: s.type, ...size };
    case 'boolean':
    case 'timestamp':
    case 'blob':
      return { type: s.type };
    case 'list':
      return { type: 'list', member: s.member?.shape ?? '', ...size };
    case 'map':
      return { type: 'map', key: s.key?.shape ?? '', value: s.value?.shape ?? '', ...size };
    case 'structure':
      if (s.document) return { type: 'document' };
      return {
        type: 'structure',
        members: Object.fromEntries(Object.entries(s.members ?? {}).map(([k, v]) => [k, v.shape])),
        ...(s.required?.length ? { required: s.required } : {}),
        ...(s.union ? { union: true } : {}),
      };
    default:
      throw new Error(`Unsupported shape type ${s.type}.`);
  }
}

function generate(dataDir: string, service: string, operations: string[]): ServiceModel {
  const source = load(dataDir, service);
  const shapes: Record<string, ShapeDef> = {};
  const visit = (name: string) => {
    if (shapes[name]) return;
    const s = source.shapes[name];
    if (!s) throw new Error(`${service}: no shape ${name}.`);
    const def = convert(s);
    shapes[name] = def;
    if (def.type === 'string' && def.pattern !== undefined) regexOf(def.pattern);
    for (const child of [s.member?.shape, s.key?.shape, s.value?.shape]) if (child) visit(child);
    if (def.type === 'structure') for (const child of Object.values(def.members)) visit(child);
  };
  const ops: ServiceModel['operations'] = {};
  for (const op of operations) {
    const spec = source.operations[op];
    if (!spec) throw new Error(`${service}: no operation ${op}.`);
    // An operation without input takes an empty JSON object, as Smithy's Unit shape.
    const input = spec.input?.shape ?? 'Unit';
    if (input === 'Unit') shapes.Unit = { type: 'structure', members: {} };
    else visit(input);
    ops[op] = { input };
  }
  const errors: ServiceModel['errors'] = {};
  for (const [name, s] of Object.entries(source.shapes)) {
    if (!s.exception) continue;
    errors[name] = Object.fromEntries(
      Object.entries(s.members ?? {})
        .filter(([m]) => m !== 'Message' && m !== 'message')
        .map(([m, ref]) => [m, source.shapes[ref.shape]?.enum ?? null]),
    );
  }
  const sorted = Object.fromEntries(Object.entries(shapes).sort(([a], [b]) => a.localeCompare(b)));
  return { targetPrefix: source.metadata.targetPrefix, operations: ops, shapes: sorted, errors };
}

function main(argv: string[]): void {
  const dataDir = argv[2];
  if (!dataDir) throw new Error('Usage: generate.ts <botocore data dir>');
  for (const [service, { exportName, operations }] of Object.entries(OPERATIONS)) {
    const model = generate(dataDir, service, operations);
    const text =
      `// Generated by generate.ts from botocore's ${service} model; do not edit by hand, re-run it.\n` +
      `import type { ServiceModel } from '../model';\n\n` +
      `export const ${exportName}: ServiceModel = ${JSON.stringify(model, null, 2)};\n`;
    writeFileSync(join(__dirname, `${service}.ts`), text);
    process.stderr.write(
      `${service}: ${operations.length} operations, ${Object.keys(model.shapes).length} shapes\n`,
    );
  }
}

main(process.argv);
