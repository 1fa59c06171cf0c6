import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, clockStartingAt } from '../../lib/clock';
import { TokenBucket } from '../../lib/token-bucket';
import type { SandboxService, Snapshot, SnapshotFaults } from '../snapshot/schema';
import { AwsFault } from './errors';
import { ModelTypeError, validateInput } from './model';
import { PAGING_SCOPE } from './paging';
import { cloudTrailService } from './services/cloudtrail';
import { cloudTrailLakeOperations } from './services/cloudtrail-lake';
import { identityStoreService } from './services/identitystore';
import { organizationsService } from './services/organizations';
import { ssoAdminService } from './services/sso-admin';
import { getCallerIdentityXml, queryErrorXml } from './services/sts';
import { SandboxState } from './state';
import type { JsonService } from './wire';

/** One request the emulator answered, for tests and for counting calls. */
export interface SandboxCall {
  service: SandboxService;
  operation: string;
  /** When it arrived, on the sandbox clock (ms since the epoch). */
  at: number;
  outcome: 'ok' | 'throttled' | 'denied' | 'error';
  errorCode?: string;
}

const JSON_SERVICES: JsonService[] = [
  ssoAdminService,
  identityStoreService,
  // CloudTrail Lake's query operations share CloudTrail's model and target prefix.
  { ...cloudTrailService, operations: { ...cloudTrailService.operations, ...cloudTrailLakeOperations } },
  organizationsService,
];

/**
 * `X-Amz-Target` prefix → service. Each model's `targetPrefix` is accepted in full (botocore sends
 * `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101`) and in its short form, the part after the last
 * dot, which the JS SDK v3 sends.
 */
const TARGETS = new Map<string, JsonService>(
  JSON_SERVICES.flatMap((s) => {
    const full = s.model.targetPrefix;
    return [
      [full, s],
      [full.slice(full.lastIndexOf('.') + 1), s],
    ] as Array<[string, JsonService]>;
  }),
);

/** Each service's own name for "slow down". */
const THROTTLE_CODE: Record<SandboxService, string> = {
  sso: 'ThrottlingException',
  identitystore: 'ThrottlingException',
  cloudtrail: 'ThrottlingException',
  organizations: 'TooManyRequestsException',
  sts: 'Throttling',
};

export interface SandboxAwsOptions {
  /** Defaults to a clock that starts at the snapshot's `now` (or the real time) and runs forward. */
  clock?: Clock;
}

/** The AWS emulator: serves a snapshot over HTTP in the real AWS wire protocols, on one endpoint. */
export class SandboxAws {
  readonly state: SandboxState;
  readonly clock: Clock;
  private faults: SnapshotFaults;
  private buckets = new Map<SandboxService, TokenBucket>();
  private readonly log: SandboxCall[] = [];
  private readonly listeners = new Set<(call: SandboxCall) => void>();
  private server: Server | undefined;
  private baseUrl: string | undefined;

  constructor(snapshot: Snapshot, options: SandboxAwsOptions = {}) {
    this.clock = options.clock ?? clockStartingAt(snapshot.now ? Date.parse(snapshot.now) : Date.now());
    this.state = new SandboxState(snapshot, this.clock);
    this.faults = {};
    this.setFaults(snapshot.faults ?? {});
  }

  /** Replaces the fault settings (latency, throttles, denied actions, provisioning delay and failures). */
  setFaults(faults: SnapshotFaults): void {
    this.faults = { ...faults };
    this.buckets = new Map(
      Object.entries(faults.throttle ?? {}).map(([service, rate]) => [
        service as SandboxService,
        new TokenBucket(rate),
      ]),
    );
  }

  getFaults(): SnapshotFaults {
    return { ...this.faults };
  }

  get url(): string {
    if (!this.baseUrl) throw new Error('The sandbox is not listening; call listen() first.');
    return this.baseUrl;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`sandbox internal error: ${String(error)}`);
      });
    });
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const { port: actual } = server.address() as AddressInfo;
    this.baseUrl = `http://${host}:${actual}`;
    return this.baseUrl;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Every call answered so far, oldest first. */
  calls(filter?: Partial<Pick<SandboxCall, 'service' | 'operation' | 'outcome'>>): SandboxCall[] {
    return this.log.filter(
      (c) =>
        (!filter?.service || c.service === filter.service) &&
        (!filter?.operation || c.operation === filter.operation) &&
        (!filter?.outcome || c.outcome === filter.outcome),
    );
  }

  resetCalls(): void {
    this.log.length = 0;
  }

  onCall(listener: (call: SandboxCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(call: SandboxCall): void {
    this.log.push(call);
    for (const listener of this.listeners) listener(call);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (req.method === 'GET' && req.url?.startsWith('/_sandbox/')) return this.handleControl(req, res);

    const target = req.headers['x-amz-target'];
    const wrongRegion = this.wrongRegion(req.headers.authorization);
    if (typeof target === 'string') return this.handleJson(target, body, res, wrongRegion);
    const contentType = req.headers['content-type'] ?? '';
    const query = new URLSearchParams(req.url?.split('?')[1] ?? '');
    if (req.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) {
      // The Query protocol allows parameters in the URL as well as in the body; the body wins.
      for (const [k, v] of new URLSearchParams(body)) query.set(k, v);
      return this.handleQuery(query, res, wrongRegion);
    }
    // STS also takes GET with the parameters in the query string (presigned GetCallerIdentity, curl).
    if (req.method === 'GET' && query.has('Action')) return this.handleQuery(query, res, wrongRegion);
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ __type: 'UnknownOperationException', Message: 'Missing X-Amz-Target header.' }));
  }

  /**
   * A request signed for another region than the snapshot's would reach another region's Identity Center
   * in AWS, not this one: refuse it, naming both, instead of answering as if it were for this region.
   * Unsigned requests (plain HTTP tests) are not checked.
   */
  private wrongRegion(authorization: string | undefined): AwsFault | undefined {
    const scope = /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/.exec(
      authorization ?? '',
    );
    if (!scope) return undefined;
    const [, region = '', signingName = ''] = scope;
    if (region === this.state.region) return undefined;
    // STS's global endpoint is signed for us-east-1 whichever region the caller works in (SDKs and CLIs
    // with the legacy STS endpoint setting do so).
    if (signingName === 'sts' && region === 'us-east-1') return undefined;
    return new AwsFault(
      'InvalidSignatureException',
      `Credential should be scoped to a valid region: the request was signed for region '${region}', but this sandbox serves the snapshot's region '${this.state.region}' (${signingName}). Set the client's region to ${this.state.region}.`,
      403,
    );
  }

  private handleControl(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url?.split('?')[0];
    const payload =
      path === '/_sandbox/calls'
        ? { calls: this.log }
        : path === '/_sandbox/health'
          ? { ok: true, now: new Date(this.clock.now()).toISOString() }
          : undefined;
    res.writeHead(payload ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload ?? { error: 'not found' }));
  }

  /** Latency, denial and throttling apply to every call, before the operation runs. */
  private async admit(service: SandboxService, operation: string): Promise<SandboxCall> {
    const call: SandboxCall = { service, operation, at: this.clock.now(), outcome: 'ok' };
    if (this.faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.faults.latencyMs));
    const action = `${service}:${operation}`;
    if (this.faults.deny?.includes(action)) {
      call.outcome = 'denied';
      call.errorCode = 'AccessDeniedException';
      const arn =
        this.state.caller.Arn ?? `arn:aws:sts::${this.state.caller.Account}:assumed-role/cant-login/sandbox`;
      throw Object.assign(
        new AwsFault(
          'AccessDeniedException',
          `User: ${arn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
        ),
        { call },
      );
    }
    const bucket = this.buckets.get(service);
    if (bucket && !bucket.tryTake()) {
      call.outcome = 'throttled';
      call.errorCode = THROTTLE_CODE[service];
      throw Object.assign(new AwsFault(THROTTLE_CODE[service], 'Rate exceeded'), { call });
    }
    return call;
  }

  private async handleJson(
    target: string,
    body: string,
    res: ServerResponse,
    wrongRegion: AwsFault | undefined,
  ): Promise<void> {
    const requestId = randomUUID();
    const dot = target.lastIndexOf('.');
    const operation = target.slice(dot + 1);
    const entry = dot > 0 ? TARGETS.get(target.slice(0, dot)) : undefined;
    const handler = entry?.operations[operation];
    if (!entry || !handler) {
      return sendJsonError(
        res,
        requestId,
        new AwsFault('UnknownOperationException', `Unknown operation ${target}.`),
        entry,
      );
    }
    let call: SandboxCall | undefined;
    try {
      if (wrongRegion) throw wrongRegion;
      call = await this.admit(entry.service, operation);
      const input = parseJsonInput(body);
      checkInput(entry, operation, input);
      this.state.settle();
      // Paging tokens are bound to the operation as well as to its parameters, as AWS's are.
      const output = handler(
        { ...input, [PAGING_SCOPE]: `${entry.service}.${operation}` },
        { state: this.state, faults: this.faults },
      );
      this.record(call);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId });
      res.end(JSON.stringify(output));
    } catch (error) {
      const fault = toFault(error);
      const failed = (error as { call?: SandboxCall }).call ??
        call ?? {
          service: entry.service,
          operation,
          at: this.clock.now(),
          outcome: 'error' as const,
        };
      if (failed.outcome === 'ok') failed.outcome = 'error';
      failed.errorCode = fault.code;
      this.record(failed);
      sendJsonError(res, requestId, fault, entry);
    }
  }

  private async handleQuery(
    params: URLSearchParams,
    res: ServerResponse,
    wrongRegion: AwsFault | undefined,
  ): Promise<void> {
    const requestId = randomUUID();
    const operation = params.get('Action') ?? '';
    try {
      if (wrongRegion) throw new AwsFault('SignatureDoesNotMatch', wrongRegion.message, 403);
      if (operation !== 'GetCallerIdentity') {
        throw new AwsFault(
          'InvalidAction',
          `Could not find operation ${operation} for version ${params.get('Version')}`,
        );
      }
      const call = await this.admit('sts', operation);
      this.record(call);
      res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
      res.end(getCallerIdentityXml(this.state, requestId));
    } catch (error) {
      const fault = toFault(error);
      const call = (error as { call?: SandboxCall }).call ?? {
        service: 'sts' as const,
        operation,
        at: this.clock.now(),
        outcome: 'error' as const,
      };
      call.errorCode = fault.code === 'AccessDeniedException' ? 'AccessDenied' : fault.code;
      this.record(call);
      res.writeHead(fault.status === 400 && fault.code.includes('Denied') ? 403 : fault.status, {
        'content-type': 'text/xml',
        'x-amzn-requestid': requestId,
      });
      res.end(queryErrorXml(call.errorCode, fault.message, requestId));
    }
  }
}

function parseJsonInput(body: string): Record<string, unknown> {
  if (!body) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new AwsFault('SerializationException', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AwsFault('SerializationException', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** Checks the request against the operation's model: wrong JSON types cannot be read at all
 * (SerializationException); broken constraints are answered the way the service words them. */
function checkInput(entry: JsonService, operation: string, input: Record<string, unknown>): void {
  let violations: ReturnType<typeof validateInput>;
  try {
    violations = validateInput(entry.model, operation, input);
  } catch (error) {
    if (error instanceof ModelTypeError) throw new AwsFault('SerializationException', error.message);
    throw error;
  }
  if (violations.length > 0) throw entry.invalid(violations, operation);
}

function toFault(error: unknown): AwsFault {
  return error instanceof AwsFault ? error : new AwsFault('InternalServerException', String(error), 500);
}

/** Error codes every AWS JSON service answers though few models declare them. */
const PROTOCOL_ERRORS = new Set([
  'UnknownOperationException',
  'SerializationException',
  'InvalidSignatureException',
  'InternalServerException',
]);

/**
 * The error body, with the members the service's model declares for that error: `RequestId` where the
 * shape has one (Identity Store), `Type` on Organizations' TooManyRequestsException. A member the model
 * does not declare, or a `Reason` outside the model's enum, is an emulator bug: it is answered as one
 * (HTTP 500 naming it) so a test catches it instead of a client silently parsing a shape AWS never sends.
 */
function sendJsonError(
  res: ServerResponse,
  requestId: string,
  fault: AwsFault,
  entry: JsonService | undefined,
): void {
  let body: Record<string, unknown> = { __type: fault.code, Message: fault.message, ...fault.fields };
  let status = fault.status;
  const declared = entry?.model.errors[fault.code];
  if (entry && !declared && !PROTOCOL_ERRORS.has(fault.code)) {
    status = 500;
    body = {
      __type: 'InternalServerException',
      Message: `sandbox bug: ${entry.service} answered ${fault.code}, which its model does not declare.`,
    };
  } else if (declared) {
    if ('RequestId' in declared) body.RequestId = requestId;
    if ('Type' in declared && body.Type === undefined) body.Type = fault.code;
    const wrong = Object.entries(fault.fields).find(([member, value]) => {
      const values = declared[member];
      return values === undefined || (values !== null && !values.includes(String(value)));
    });
    if (wrong) {
      status = 500;
      body = {
        __type: 'InternalServerException',
        Message: `sandbox bug: ${fault.code}.${wrong[0]} = ${String(wrong[1])} is not what the ${entry?.service} model declares.`,
      };
    }
  }
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': String(body.__type),
  });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
