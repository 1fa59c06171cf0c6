import { matchSymptom } from '../diagnosis/symptoms';

/** What the text after `/cant-login` asks for. With `should_escape: true`, a mention arrives as
 * `<@U123|name>` (or `<@U123>`), so a mention can never be confused with typed text. */
export interface ParsedCommand {
  /** The person an admin asked about, when the text starts with a mention. */
  targetUserId?: string;
  /** An account id or name, when the rest looks like one. */
  account?: string;
  /** Error text or a known symptom. */
  symptom?: string;
  /** What was typed after any mention, trimmed (for display, always escaped there). */
  rest: string;
}

const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>\s*/;
const ACCOUNT_ID = /^\d{12}$/;
/** Account names in AWS Organizations are up to 50 characters; a single word without sentence punctuation. */
const ACCOUNT_NAME = /^[\w.+=,@-]{1,50}$/;

export function parseCommandText(text: string | undefined): ParsedCommand {
  let rest = (text ?? '').trim();
  let targetUserId: string | undefined;
  const mention = MENTION.exec(rest);
  if (mention) {
    targetUserId = mention[1];
    rest = rest.slice(mention[0].length).trim();
  }
  const base = { ...(targetUserId ? { targetUserId } : {}), rest };
  if (!rest) return base;
  if (matchSymptom(rest)) return { ...base, symptom: rest };
  if (ACCOUNT_ID.test(rest) || ACCOUNT_NAME.test(rest)) return { ...base, account: rest };
  return { ...base, symptom: rest };
}
