import { SamlInputError } from './errors';

/** How the pasted text carried the response. */
export type SamlInputForm = 'xml' | 'base64' | 'url-encoded-base64' | 'form-body' | 'har';

export interface DecodedInput {
  xml: string;
  form: SamlInputForm;
  /** For a HAR: the URL the response was posted to. */
  postedTo?: string;
}

/** Bigger than any HAR an admin would paste or upload; refuses before any parsing work. */
const MAX_INPUT_CHARS = 50_000_000;
const BASE64 = /^[A-Za-z0-9+/_-]+=*$/;

function notSaml(message: string): SamlInputError {
  return new SamlInputError('not-saml-response', message);
}

function fromBase64(value: string, form: SamlInputForm): DecodedInput {
  const compact = value.replace(/\s+/g, '');
  if (!compact || !BASE64.test(compact))
    throw notSaml('the input is neither XML, base64, a form body with SAMLResponse, nor a HAR file');
  const xml = Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim();
  if (!xml.startsWith('<')) throw notSaml('the input decodes from base64 to something that is not XML');
  return { xml, form };
}

/** Decodes URL encoding when there is some: a value without `%xx` is already plain base64, whose `+`
 * must survive (in an encoded value a `+` is a form-encoded space, since base64's own is `%2B`). */
function decodeUrl(value: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(value)) return value;
  try {
    return decodeURIComponent(value.replace(/\+/g, '%20'));
  } catch {
    throw notSaml('the input looks URL-encoded but does not decode');
  }
}

/** The value of a form field in an `application/x-www-form-urlencoded` body. */
function formField(body: string, name: string): string | undefined {
  return new URLSearchParams(body.trim()).get(name) ?? undefined;
}

interface HarEntry {
  request?: {
    method?: string;
    url?: string;
    postData?: { text?: string; params?: Array<{ name?: string; value?: string }> };
  };
}

/** The SAMLResponse of the last POST in a HAR, preferring one sent to an ACS URL. */
function fromHar(har: unknown, acsUrls: readonly string[]): DecodedInput {
  const entries = (har as { log?: { entries?: unknown } })?.log?.entries;
  if (!Array.isArray(entries)) throw notSaml('the input is JSON but not a HAR file (no log.entries)');
  const posts: Array<{ url: string; value: string }> = [];
  for (const entry of entries as HarEntry[]) {
    const request = entry?.request;
    if (request?.method?.toUpperCase() !== 'POST') continue;
    const param = request.postData?.params?.find((p) => p?.name === 'SAMLResponse')?.value;
    // HAR params keep the form's URL encoding; the raw text is form-encoded too.
    const value =
      param !== undefined
        ? decodeUrl(param)
        : request.postData?.text
          ? formField(request.postData.text, 'SAMLResponse')
          : undefined;
    if (value) posts.push({ url: request.url ?? '', value });
  }
  const toAcs = posts.filter(
    (p) => acsUrls.includes(p.url) || /\/saml\/acs\b|\/platform\/saml\//.test(p.url),
  );
  const chosen = (toAcs.length > 0 ? toAcs : posts).at(-1);
  if (!chosen) throw notSaml('the HAR file has no POST that carries a SAMLResponse form field');
  return { ...fromBase64(chosen.value, 'har'), postedTo: chosen.url };
}

/**
 * Turns what an admin pasted (the SAMLResponse as copied from the browser, URL-encoded or not, the
 * raw XML, the form body, or a HAR from the network tab) into the response XML. Never logs it.
 */
export function decodeSamlInput(input: string, options: { acsUrls?: readonly string[] } = {}): DecodedInput {
  if (input.length > MAX_INPUT_CHARS) throw notSaml('the input is far larger than any SAML response or HAR');
  const trimmed = input.replace(/^\uFEFF/, '').trim();
  if (!trimmed) throw notSaml('the input is empty');
  if (trimmed.startsWith('<')) return { xml: trimmed, form: 'xml' };
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      throw notSaml('the input starts like JSON but does not parse (a HAR file must be whole)');
    }
    return fromHar(json, options.acsUrls ?? []);
  }
  if (/(^|&)SAMLResponse=/.test(trimmed)) {
    const value = formField(trimmed, 'SAMLResponse');
    if (!value) throw notSaml('the form body has an empty SAMLResponse');
    return fromBase64(value, 'form-body');
  }
  if (/%[0-9A-Fa-f]{2}/.test(trimmed)) return fromBase64(decodeUrl(trimmed), 'url-encoded-base64');
  return fromBase64(trimmed, 'base64');
}
