import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, clockStartingAt } from '../../lib/clock';
import { TokenBucket } from '../../lib/token-bucket';
import type { SandboxService, Snapshot, SnapshotFaults } from '../snapshot/schema';
import { AwsFault } from './errors';
import { PAGING_SCOPE } from './paging';
import { cloudTrailOperations } from './services/cloudtrail';
import { cloudTrailLakeOperations } from './services/cloudtrail-lake';
import { identityStoreOperations } from './services/identitystore';
import { organizationsOperations } from './services/organizations';
import { ssoAdminOperations } from './services/sso-admin';
import { getCallerIdentityXml, queryErrorXml } from './services/sts';
import { SandboxState } from './state';
import type { OperationHandler } from './wire';

/** One request the emulator answered, for tests and for counting calls. */
export interface SandboxCall {
  service: SandboxService;
  operation: string;
  /** When it arrived, on the sandbox clock (ms since the epoch). */
  at: number;
  outcome: 'ok' | 'throttled' | 'denied' | 'error';
  errorCode?: string;
}

/** The JSON 1.1 target prefixes, exactly as the SDK's protocol code sends them. */
const TARGETS: Record<string, { service: SandboxService; operations: Record<string, OperationHandler> }> = {
  SWBExternalService: { service: 'sso', operations: ssoAdminOperations },
  AWSIdentityStore: { service: 'identitystore', operations: identityStoreOperations },
  CloudTrail_20131101: {
    service: 'cloudtrail',
    operations: { ...cloudTrailOperations, ...cloudTrailLakeOperations },
  },
  AWSOrganizationsV20161128: { service: 'organizations', operations: organizationsOperations },
};

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
    if (typeof target === 'string') return this.handleJson(target, body, res);
    const contentType = req.headers['content-type'] ?? '';
    if (req.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) {
      return this.handleQuery(new URLSearchParams(body), res);
    }
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ __type: 'UnknownOperationException', Message: 'Missing X-Amz-Target header.' }));
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

  private async handleJson(target: string, body: string, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const [prefix = '', operation = ''] = target.split('.');
    const entry = TARGETS[prefix];
    const handler = entry?.operations[operation];
    if (!entry || !handler) {
      return sendJsonError(
        res,
        requestId,
        new AwsFault('UnknownOperationException', `Unknown operation ${target}.`),
      );
    }
    let call: SandboxCall | undefined;
    try {
      call = await this.admit(entry.service, operation);
      const input = parseJsonInput(body);
      this.state.settle();
      // Paging tokens are bound to the operation as well as to its parameters, as AWS's are.
      const output = handler(
        { ...input, [PAGING_SCOPE]: target },
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
      sendJsonError(res, requestId, fault);
    }
  }

  private async handleQuery(params: URLSearchParams, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const operation = params.get('Action') ?? '';
    try {
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

function toFault(error: unknown): AwsFault {
  return error instanceof AwsFault ? error : new AwsFault('InternalServerException', String(error), 500);
}

function sendJsonError(res: ServerResponse, requestId: string, fault: AwsFault): void {
  res.writeHead(fault.status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': fault.code,
  });
  res.end(JSON.stringify({ __type: fault.code, Message: fault.message, ...fault.fields }));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
