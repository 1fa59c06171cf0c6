import { matchSymptom } from '../diagnosis/symptoms';

/** A word after `/cant-login` that asks for something other than a diagnosis. */
export type Subcommand = 'help' | 'doctor';

/** What the text after `/cant-login` asks for. With `should_escape: true`, a mention arrives as
 * `<@U123|name>` (or `<@U123>`), so a mention can never be confused with typed text. */
export interface ParsedCommand {
  /** Set when the whole text is a subcommand word: no diagnosis runs. */
  subcommand?: Subcommand;
  /** The person an admin asked about, when the text starts with a mention. */
  targetUserId?: string;
  /** An account id or name, when the rest looks like one. */
  account?: string;
  /** Error text or a known symptom. */
  symptom?: string;
  /** What was typed after any mention, trimmed and with Slack's escapes undone (views escape it once, on
   * the way out). */
  rest: string;
}

const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>\s*/;
const ACCOUNT_ID = /^\d{12}$/;
/** AWS Organizations allows any printable ASCII in an account name, spaces included ("Prod US"), up to
 * 50 characters. Sentence punctuation at the end or quotes mean error text rather than a name; a name
 * that is not an account after all falls back to error text when the diagnosis cannot find it. */
const ACCOUNT_NAME = /^[\x21-\x7e](?:[\x20-\x7e]{0,48}[\x21-\x7e])?$/;
const NOT_A_NAME = /["“”'‘’]|[.!?:;]$|\s{2}/;
/** More words than this is a sentence, not an account name. */
const MAX_NAME_WORDS = 4;

const SUBCOMMANDS: Record<string, Subcommand> = {
  help: 'help',
  '?': 'help',
  '-h': 'help',
  '--help': 'help',
  doctor: 'doctor',
};

/** Undoes the three escapes Slack applies to typed text (`&amp;`, `&lt;`, `&gt;`), so text that is
 * escaped again on the way out reads "Tom &amp; Jerry" in the payload and "Tom & Jerry" on screen,
 * never "Tom &amp;amp; Jerry". `&amp;` goes last so `&amp;lt;` stays the literal text `&lt;`. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function looksLikeAccountName(text: string): boolean {
  return ACCOUNT_NAME.test(text) && !NOT_A_NAME.test(text) && text.split(/\s+/).length <= MAX_NAME_WORDS;
}

export function parseCommandText(text: string | undefined): ParsedCommand {
  let raw = (text ?? '').trim();
  const subcommand = SUBCOMMANDS[raw.toLowerCase()];
  if (subcommand) return { subcommand, rest: '' };
  let targetUserId: string | undefined;
  const mention = MENTION.exec(raw);
  if (mention) {
    targetUserId = mention[1];
    raw = raw.slice(mention[0].length).trim();
  }
  const rest = unescapeSlack(raw);
  const base = { ...(targetUserId ? { targetUserId } : {}), rest };
  if (!rest) return base;
  if (matchSymptom(rest)) return { ...base, symptom: rest };
  if (ACCOUNT_ID.test(rest) || looksLikeAccountName(rest)) return { ...base, account: rest };
  return { ...base, symptom: rest };
}
