import type { webApi } from '@slack/bolt';
import { CantLoginError } from '../lib/errors';

/** The largest file the SAML modal takes: a signed response is under 20 KB; a HAR of a sign-in, a few MB. */
export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

/** How long the download may take: it happens before the modal is answered, which Slack wants within 3 s. */
const DOWNLOAD_TIMEOUT_MS = 2_500;

/** The part of a `file_input`'s file object the download needs. */
export interface UploadedFileRef {
  url_private: string;
  url_private_download?: string;
  size?: number;
}

export type UploadedFileErrorCode =
  | 'file-too-large'
  | 'file-not-from-slack'
  | 'file-not-readable'
  | 'file-download-failed';

/** An uploaded file the bot could not read; the message is said inside the modal, as is. */
export class UploadedFileError extends CantLoginError {
  override readonly name = 'UploadedFileError';
  constructor(
    readonly code: UploadedFileErrorCode,
    message: string,
    cause?: unknown,
  ) {
    super(message, { retryable: false, cause });
  }
}

function tooLarge(): UploadedFileError {
  return new UploadedFileError(
    'file-too-large',
    `That file is larger than ${UPLOAD_MAX_BYTES / 1024 / 1024} MB. Save only the sign-in requests from the network tab, or upload just the SAMLResponse value.`,
  );
}

/**
 * Only Slack's own file hosts (or the Web API's host, where SLACK_API_URL points at a stand-in) get the
 * bot token: the URL comes from the view payload, and a token sent anywhere else would leak.
 */
function isSlackFileUrl(url: URL, apiUrl: string): boolean {
  if (url.protocol === 'https:' && (url.hostname === 'slack.com' || url.hostname.endsWith('.slack.com')))
    return true;
  try {
    return url.origin === new URL(apiUrl).origin;
  } catch {
    return false;
  }
}

/**
 * Downloads a file uploaded through a modal's `file_input` with the listener's bot token (Slack serves
 * `url_private` only with `Authorization: Bearer`, and only with the `files:read` scope). The content is
 * returned as text and kept nowhere: it may be a credential.
 */
export async function readUploadedFile(
  client: Pick<webApi.WebClient, 'token' | 'slackApiUrl'>,
  file: UploadedFileRef,
  options: { fetch?: typeof fetch; maxBytes?: number } = {},
): Promise<string> {
  const maxBytes = options.maxBytes ?? UPLOAD_MAX_BYTES;
  if (file.size !== undefined && file.size > maxBytes) throw tooLarge();
  let url: URL;
  try {
    url = new URL(file.url_private_download || file.url_private);
  } catch (error) {
    throw new UploadedFileError('file-not-from-slack', 'Slack gave no address for that file.', error);
  }
  if (!isSlackFileUrl(url, client.slackApiUrl))
    throw new UploadedFileError(
      'file-not-from-slack',
      'That file is not stored by Slack, so I did not fetch it.',
    );
  if (!client.token)
    throw new UploadedFileError('file-download-failed', 'The bot has no token to fetch the file with.');
  let res: Response;
  try {
    res = await (options.fetch ?? fetch)(url, {
      headers: { authorization: `Bearer ${client.token}` },
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
    });
  } catch (error) {
    throw new UploadedFileError(
      'file-download-failed',
      'Slack did not hand the file over in time. Submit it again.',
      error,
    );
  }
  // Without files:read (or with a token Slack refuses) the file URL answers with a sign-in page.
  if (!res.ok || (res.headers.get('content-type') ?? '').includes('text/html')) {
    await res.body?.cancel();
    throw new UploadedFileError(
      'file-not-readable',
      res.ok
        ? 'Slack would not give me that file: the app needs the files:read scope (reinstall it from the manifest).'
        : `Slack would not give me that file (HTTP ${res.status}). Upload it again.`,
    );
  }
  try {
    return new TextDecoder('utf-8').decode(await readCapped(res, maxBytes));
  } catch (error) {
    if (error instanceof UploadedFileError) throw error;
    throw new UploadedFileError(
      'file-download-failed',
      'Slack did not hand the file over in time. Submit it again.',
      error,
    );
  }
}

/** Reads the body, stopping as soon as it passes the cap (a file's declared size is not trusted). */
async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
