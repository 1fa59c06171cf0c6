import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse } from 'node:querystring';
import type { Logger } from '../log/logger';

/** Largest request body the guard reads (Slack's payloads are far smaller; Bolt's own default is 10 MB). */
const BODY_LIMIT = 1024 * 1024;

/**
 * Why Bolt could not handle a request body, or undefined when it can. Bolt 5's receivers parse a form's
 * `payload` as JSON and then read `body.ssl_check`: a correctly signed `payload=null` (or a JSON body
 * that is not an object) throws there, outside any handler, and takes the process down.
 */
export function slackBodyProblem(raw: string, contentType: string | undefined): string | undefined {
  let body: unknown;
  try {
    if (contentType?.split(';')[0]?.trim() === 'application/x-www-form-urlencoded') {
      const form = parse(raw);
      if (typeof form.payload !== 'string') return undefined;
      body = JSON.parse(form.payload);
    } else {
      body = JSON.parse(raw);
    }
  } catch {
    return 'the body is not valid JSON';
  }
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? undefined
    : 'the body is not a JSON object';
}

/** Reads the body once (Bolt reuses `req.rawBody`), answers 400 to a body Bolt would crash on, and hands
 * everything else to Bolt's own listener; a rejection of that listener is logged, never left unhandled. */
export function guardRequestListener(
  listener: (req: IncomingMessage, res: ServerResponse) => unknown,
  logger: Logger,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', (error) => logger.warn({ err: error }, 'could not read a Slack request'));
    req.on('end', () => {
      if (tooLarge) {
        res.writeHead(413).end();
        return;
      }
      const raw = Buffer.concat(chunks);
      const problem = slackBodyProblem(raw.toString('utf8'), req.headers['content-type']);
      if (problem) {
        logger.warn({ problem, path: req.url }, 'refused a Slack request Bolt cannot handle');
        res.writeHead(400).end();
        return;
      }
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
      Promise.resolve()
        .then(() => listener(req, res))
        .catch((error: unknown) => {
          logger.error({ err: error }, 'the Slack receiver failed on a request');
          if (!res.headersSent) res.writeHead(500).end();
        });
    });
  };
}
