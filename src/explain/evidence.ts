/** Defensive readers for a finding's evidence. Evidence is JSON written by many checks (and read back
 * from tickets), so any field may be missing or of the wrong type: every reader returns a usable value
 * or undefined / an empty list, never throws, and never lets "undefined" or "[object Object]" through. */

export type Evidence = Record<string, unknown>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string (numbers and booleans are turned into text), trimmed, on one line. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.replace(/\s+/g, ' ').trim();
  if (trimmed === '' || /^(undefined|null|nan)$/i.test(trimmed)) return undefined;
  return trimmed;
}

/** A finite, non-negative number (a numeric string counts). */
export function num(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** The non-empty strings of a list; a single string counts as a list of one. */
export function texts(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map(text).filter((s): s is string => s !== undefined);
}

/** The plain objects of a list. */
export function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export function flag(value: unknown): boolean {
  return value === true || value === 'true';
}

const LOOKS_LIKE_AN_ID = [/\barn:/i, /^\d{12}$/, /\b[0-9a-f]{8}-[0-9a-f]{4}-/i, /\[object/i];

/** A name safe to show an employee: a real name, not an account id, ARN or UUID standing in for one. */
export function safeName(value: unknown): string | undefined {
  const name = text(value);
  if (!name || name.length > 128 || LOOKS_LIKE_AN_ID.some((re) => re.test(name))) return undefined;
  return name;
}

/** "a", "a and b", "a, b and c". */
export function joinList(items: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** The distinct values, first occurrence first. */
export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** "1 event", "3 events". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** An ISO time for admins as "2026-11-23 11:50 UTC"; an unparseable value is shown as written. */
export function formatTime(value: unknown): string | undefined {
  const raw = text(value);
  if (!raw) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) return raw;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** At most `max` characters, with an ellipsis when cut. */
export function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

export function capitalize(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** What a SCIM provisioning failure is about, read from the kind the check gave it or from its message. */
export type ScimProblem = 'duplicate' | 'multi-value' | 'missing-name' | 'missing-path' | 'other';

export function classifyScimFailure(kind: unknown, message: unknown): ScimProblem {
  const said = `${text(kind) ?? ''} ${text(message) ?? ''}`;
  if (/duplicate|already exists|uniqueness/i.test(said)) return 'duplicate';
  if (/multi|more than one|multiple values|list attribute/i.test(said)) return 'multi-value';
  if (/given ?name|family ?name|display ?name|name constraint|name\.|missing-name/i.test(said))
    return 'missing-name';
  if (/\bpath\b|missing-path/i.test(said)) return 'missing-path';
  return 'other';
}
