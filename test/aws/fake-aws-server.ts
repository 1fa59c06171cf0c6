import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake server saw it: the operation is the JSON target's suffix or the query `Action`. */
export interface SeenRequest {
  operation: string;
  target: string | undefined;
  attempt: string | undefined;
  body: string;
}

/** What the fake answers: a status, extra headers and a body. */
export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export type Responder = (request: SeenRequest, index: number) => FakeReply;

export const json = (body: unknown): FakeReply => ({ status: 200, body: JSON.stringify(body) });

export const jsonError = (type: string, message: string, status = 400): FakeReply => ({
  status,
  headers: { 'x-amzn-ErrorType': type },
  body: JSON.stringify({ __type: type, message }),
});

export const throttle = (): FakeReply => jsonError('ThrottlingException', 'Rate exceeded');

// STS speaks the query protocol: answers are XML (the SDK prefers the x-amzn-requestid header's id).
export const stsCallerIdentity = (account: string): FakeReply => ({
  status: 200,
  headers: { 'content-type': 'text/xml' },
  body:
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
    `<Arn>arn:aws:iam::${account}:user/test</Arn><UserId>AIDATEST</UserId><Account>${account}</Account>` +
    '</GetCallerIdentityResult><ResponseMetadata><RequestId>req-sts</RequestId></ResponseMetadata>' +
    '</GetCallerIdentityResponse>',
});

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A tiny stand-in for AWS on 127.0.0.1: answers every service with whatever `respond` says. */
export class FakeAwsServer {
  readonly seen: SeenRequest[] = [];
  respond: Responder = () => json({});
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      readBody(req)
        .then((body) => {
          const targetHeader = req.headers['x-amz-target'];
          const target = typeof targetHeader === 'string' ? targetHeader : undefined;
          const attemptHeader = req.headers['amz-sdk-request'];
          const operation = target?.split('.').pop() ?? new URLSearchParams(body).get('Action') ?? 'Unknown';
          const request: SeenRequest = {
            operation,
            target,
            attempt: typeof attemptHeader === 'string' ? attemptHeader : undefined,
            body,
          };
          const index = this.seen.push(request) - 1;
          const reply = this.respond(request, index);
          res.writeHead(reply.status, {
            'content-type': 'application/x-amz-json-1.1',
            'x-amzn-requestid': `req-${index}`,
            ...reply.headers,
          });
          res.end(reply.body);
        })
        .catch((err: unknown) => {
          res.writeHead(500);
          res.end(String(err));
        });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  reset(respond: Responder): void {
    this.seen.length = 0;
    this.respond = respond;
  }
}
