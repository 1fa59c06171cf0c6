import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SnapshotSlackUser } from '../snapshot/schema';

/** One Web API call the fake received, with its arguments decoded (blocks and views parsed back to JSON). */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
  /** Monotonic sequence number, for ordering assertions. */
  seq: number;
  /** What the fake answered (e.g. the `ts` of a posted message). */
  result?: Record<string, unknown>;
}

export interface FakeSlackOptions {
  users?: SnapshotSlackUser[];
  /** Members of every user group (usergroups.users.list), e.g. the snapshot's `slack.admins`. */
  admins?: string[];
  /** When set, calls with another bearer token get `invalid_auth`. */
  token?: string;
  botUserId?: string;
  /** The bot token's scopes, sent as the `x-oauth-scopes` header on every answer (as Slack does);
   * by default every scope manifest.yml asks for. */
  scopes?: string[];
  /** The channels conversations.info knows. Unset: every channel id exists and the bot is a member. */
  channels?: Array<{ id: string; name?: string; isMember: boolean; isPrivate?: boolean }>;
}

/** The scopes manifest.yml gives the bot. */
export const MANIFEST_SCOPES = [
  'commands',
  'chat:write',
  'im:write',
  'users:read',
  'users:read.email',
  'usergroups:read',
  'files:read',
  'channels:read',
  'groups:read',
];

type Handler = (args: Record<string, unknown>) => Record<string, unknown>;

/** A file "uploaded" to the fake (what a modal's `file_input` hands over in `files[]`). */
export interface FakeUploadedFile {
  id: string;
  created: number;
  timestamp: number;
  name: string;
  title: string;
  filetype: string;
  mimetype: string;
  size: number;
  user: string;
  user_team: string;
  permalink: string;
  url_private: string;
  url_private_download: string;
}

const JSON_FIELDS = ['blocks', 'attachments', 'view', 'metadata'];

/**
 * A fake Slack Web API on loopback: answers the methods the bot uses with Slack-shaped JSON and records
 * every call. Point the bot at it with `SLACK_API_URL=http://127.0.0.1:PORT/api/`. `response_url`s
 * handed out in fake payloads (`/response/<id>`) are recorded as method `response_url`.
 */
export class FakeSlack {
  private server: Server | undefined;
  private baseUrl: string | undefined;
  private readonly log: SlackCall[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly failures = new Map<string, string[]>();
  private seq = 0;
  private tsCounter = 0;
  private readonly users: Map<string, SnapshotSlackUser>;
  private readonly files = new Map<string, { file: FakeUploadedFile; content: Buffer }>();
  readonly botUserId: string;

  constructor(private readonly options: FakeSlackOptions = {}) {
    this.users = new Map((options.users ?? []).map((u) => [u.id, u]));
    this.botUserId = options.botUserId ?? 'U0CANTLOGIN';
  }

  get url(): string {
    if (!this.baseUrl) throw new Error('The fake Slack API is not listening; call listen() first.');
    return this.baseUrl;
  }

  /** The Web API base URL the bot's client needs (with the trailing slash Slack's client requires). */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/response/${encodeURIComponent(id)}`;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'fake_internal_error', detail: String(error) }));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    this.baseUrl = `http://${host}:${(server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Every call so far, oldest first, optionally of one method. */
  calls(method?: string): SlackCall[] {
    return method ? this.log.filter((c) => c.method === method) : [...this.log];
  }

  reset(): void {
    this.log.length = 0;
  }

  /**
   * Stores `content` as a file `user` uploaded and returns its file object, whose `url_private` and
   * `url_private_download` the fake serves (recorded as method `files.download`) to a request carrying
   * the bot token, as Slack does; `size` may be set to what Slack would report instead of the real one.
   */
  uploadFile(input: {
    name: string;
    content: string | Buffer;
    user?: string;
    filetype?: string;
    mimetype?: string;
    size?: number;
  }): FakeUploadedFile {
    const content = typeof input.content === 'string' ? Buffer.from(input.content, 'utf8') : input.content;
    const id = `F${String(this.files.size + 1).padStart(8, '0')}`;
    const name = encodeURIComponent(input.name);
    const now = Math.floor(Date.now() / 1000);
    const file: FakeUploadedFile = {
      id,
      created: now,
      timestamp: now,
      name: input.name,
      title: input.name,
      filetype: input.filetype ?? (input.name.split('.').at(-1) || 'text'),
      mimetype: input.mimetype ?? 'text/plain',
      size: input.size ?? content.byteLength,
      user: input.user ?? 'U0SOMEONE',
      user_team: 'T0SANDBOX',
      permalink: `https://sandbox.slack.example/files/${id}/${name}`,
      url_private: `${this.url}/files-pri/T0SANDBOX-${id}/${name}`,
      url_private_download: `${this.url}/files-pri/T0SANDBOX-${id}/download/${name}`,
    };
    this.files.set(id, { file, content });
    return file;
  }

  /** Makes the next call(s) of `method` answer `{ ok: false, error }`. */
  failNext(method: string, error: string, times = 1): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...Array<string>(times).fill(error)]);
  }

  /** Resolves with the first recorded call that satisfies `predicate` (already made, or made later). */
  async waitFor(
    method: string,
    predicate: (call: SlackCall) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<SlackCall> {
    const find = () => this.log.find((c) => c.method === method && predicate(c));
    const existing = find();
    if (existing) return existing;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${method}; calls so far: ${this.log.map((c) => c.method).join(', ')}`,
          ),
        );
      }, timeoutMs);
      const check = () => {
        const call = find();
        if (call) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve(call);
        }
      };
      this.waiters.add(check);
    });
  }

  private record(method: string, args: Record<string, unknown>): SlackCall {
    const call: SlackCall = { method, args, at: Date.now(), seq: ++this.seq };
    this.log.push(call);
    for (const waiter of [...this.waiters]) waiter();
    return call;
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `${1_700_000_000 + this.tsCounter}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private readonly methods: Record<string, Handler> = {
    'auth.test': () => ({
      user_id: this.botUserId,
      bot_id: 'B0CANTLOGIN',
      team_id: 'T0SANDBOX',
      user: 'cant-login',
      url: 'https://sandbox.slack.example/',
    }),
    'users.info': (args) => {
      const user = this.users.get(String(args.user));
      return user
        ? { user: { deleted: false, is_bot: false, ...user } }
        : { ok: false, error: 'user_not_found' };
    },
    'users.lookupByEmail': (args) => {
      const email = String(args.email).toLowerCase();
      const user = [...this.users.values()].find((u) => u.profile?.email?.toLowerCase() === email);
      return user ? { user } : { ok: false, error: 'users_not_found' };
    },
    'usergroups.users.list': () => ({ users: this.options.admins ?? [] }),
    'conversations.info': (args) => {
      const id = String(args.channel ?? '');
      const known = this.options.channels;
      if (!known) return { channel: { id, name: id.toLowerCase(), is_member: true, is_archived: false } };
      const channel = known.find((c) => c.id === id);
      // Slack answers channel_not_found for a private channel the bot is not in.
      if (!channel || (channel.isPrivate && !channel.isMember))
        return { ok: false, error: 'channel_not_found' };
      return {
        channel: {
          id,
          name: channel.name ?? id.toLowerCase(),
          is_member: channel.isMember,
          is_private: channel.isPrivate ?? false,
          is_archived: false,
        },
      };
    },
    'conversations.open': (args) => {
      const users = String(args.users ?? '')
        .split(',')
        .filter(Boolean);
      if (users.length === 0) return { ok: false, error: 'users_list_not_supplied' };
      return { channel: { id: `D${users.join('').replace(/^U/, '')}` } };
    },
    'chat.postMessage': (args) => {
      if (!args.channel) return { ok: false, error: 'channel_not_found' };
      const ts = this.nextTs();
      return {
        channel: args.channel,
        ts,
        message: { text: args.text, blocks: args.blocks, ts, thread_ts: args.thread_ts },
      };
    },
    'chat.postEphemeral': () => ({ message_ts: this.nextTs() }),
    'chat.update': (args) => ({ channel: args.channel, ts: args.ts, text: args.text }),
    'chat.delete': (args) => ({ channel: args.channel, ts: args.ts }),
    'views.publish': (args) => ({
      view: { id: `V${this.nextTs().replace('.', '')}`, ...(args.view as object) },
    }),
    'views.open': (args) => ({
      view: { id: `V${this.nextTs().replace('.', '')}`, ...(args.view as object) },
    }),
    'views.update': (args) => ({ view: { id: args.view_id ?? 'V0', ...(args.view as object) } }),
  };

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = (req.url ?? '').split('?')[0] ?? '';
    const send = (status: number, payload: Record<string, unknown>) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'x-oauth-scopes': (this.options.scopes ?? MANIFEST_SCOPES).join(','),
      });
      res.end(JSON.stringify(payload));
    };
    if (path.startsWith('/response/')) {
      this.record('response_url', {
        id: decodeURIComponent(path.slice('/response/'.length)),
        ...parseBody(req, body),
      });
      return send(200, { ok: true });
    }
    if (path.startsWith('/files-pri/')) return this.serveFile(req, res, path);
    if (!path.startsWith('/api/')) return send(404, { ok: false, error: 'not_found' });
    const method = path.slice('/api/'.length);
    const args = parseBody(req, body);
    const auth =
      req.headers.authorization ?? (typeof args.token === 'string' ? `Bearer ${args.token}` : undefined);
    if (this.options.token && auth !== `Bearer ${this.options.token}`) {
      return send(200, { ok: false, error: auth ? 'invalid_auth' : 'not_authed' });
    }
    const { token: _token, ...recorded } = args;
    const call = this.record(method, recorded);
    const injected = this.failures.get(method)?.shift();
    if (injected) {
      if (injected === 'ratelimited') {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      return send(200, { ok: false, error: injected });
    }
    const handler = this.methods[method];
    if (!handler) return send(200, { ok: false, error: 'unknown_method' });
    const out = handler(recorded);
    call.result = out;
    return send(200, { ok: true, ...out });
  }

  /** Serves an uploaded file as Slack does: to the bot token with `files:read`; anyone else gets the
   * sign-in page (HTTP 200, HTML), the way Slack answers a `url_private` request it will not serve. */
  private serveFile(req: IncomingMessage, res: ServerResponse, path: string): void {
    const id = /^\/files-pri\/T0SANDBOX-(F\d+)\//.exec(path)?.[1] ?? '';
    const stored = this.files.get(id);
    const authorized =
      (!this.options.token || req.headers.authorization === `Bearer ${this.options.token}`) &&
      (this.options.scopes ?? MANIFEST_SCOPES).includes('files:read');
    this.record('files.download', { id, authorized });
    if (!authorized) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
      return;
    }
    if (!stored) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('file not found');
      return;
    }
    res.writeHead(200, { 'content-type': stored.file.mimetype, 'content-length': stored.content.byteLength });
    res.end(stored.content);
  }
}

function parseBody(req: IncomingMessage, body: string): Record<string, unknown> {
  if (!body) return {};
  const type = req.headers['content-type'] ?? '';
  let args: Record<string, unknown>;
  if (type.includes('application/json')) {
    try {
      args = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return {};
    }
  } else {
    args = Object.fromEntries(new URLSearchParams(body));
  }
  for (const field of JSON_FIELDS) {
    if (typeof args[field] === 'string') {
      try {
        args[field] = JSON.parse(args[field] as string);
      } catch {
        // leave it as sent
      }
    }
  }
  return args;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
