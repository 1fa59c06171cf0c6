import type { Logger } from '../../../log/logger';
import type { Read } from '../coverage';
import type { RawEvent } from '../signin-events';

/**
 * Where a diagnosis reads sign-in evidence from. Three sources answer the same question ("the events of
 * this stream about this person in this window") at very different costs: the sign-in index (a DynamoDB
 * query, fed across accounts by EventBridge), CloudTrail Lake (one SQL query), and LookupEvents (paging
 * the whole organisation's events at 2 requests a second). Each is tried in that order when configured;
 * one that cannot cover the window says why and the next one answers. Every answer says which source
 * gave it and whether it saw the whole window (never a silent pass: causes.md, "What the bot could not see").
 */

/** The source that answered, as `stats.signinSource` reports it. */
export type SignInSourceKind = 'index' | 'lake' | 'lookup-events';

/** The CloudTrail event sources a diagnosis reads. */
export type EventStream = 'signin' | 'sso' | 'scim';

/** Each stream's CloudTrail `eventSource`. */
export const STREAM_EVENT_SOURCE: Readonly<Record<EventStream, string>> = {
  signin: 'signin.amazonaws.com',
  sso: 'sso.amazonaws.com',
  scim: 'identitystore-scim.amazonaws.com',
};

/** Who the events are about: the Identity Store user id (when there is a user) and every name they go
 * by. SCIM events are organisation-wide (SCIM masks what ties them to a person), so `scim` ignores it. */
export interface SignInSubject {
  userId?: string;
  names: readonly string[];
}

export interface SignInQuery {
  who: SignInSubject;
  stream: EventStream;
  /** The window, inclusive, in ms since the epoch. */
  startMs: number;
  endMs: number;
}

/** What a source read: the raw rows (LookupEvents' shape; a source may return other people's events
 * too, the caller filters), whether they are the whole window, and which source it was. */
export interface SourcedRead extends Read<RawEvent> {
  source: SignInSourceKind;
  /** Why earlier sources did not answer (the index does not reach back far enough, Lake failed), for
   * the report and the logs; empty when the first source answered. */
  fellBack: string[];
}

/** A source's answer: a read, or "I cannot answer this one" with the reason (the next source is tried). */
export type SourceAnswer = { kind: 'read'; read: Read<RawEvent> } | { kind: 'unavailable'; reason: string };

/** One evidence source. `read` throws only what the caller must see (a refused LookupEvents); a source
 * that merely cannot cover the window answers `unavailable`. */
export interface SignInEventSource {
  readonly kind: SignInSourceKind;
  read(query: SignInQuery): Promise<SourceAnswer>;
}

/** How the facts layer reads sign-in evidence (`FactsDeps.signInSource`). */
export interface SignInSource {
  read(query: SignInQuery): Promise<SourcedRead>;
}

/** Thrown when no source could answer (every one was unavailable): the caller turns it into coverage. */
export class NoSignInSourceError extends Error {
  override readonly name = 'NoSignInSourceError';
  readonly code = 'no-signin-source';
  constructor(readonly reasons: string[]) {
    super(`no sign-in evidence source could answer: ${reasons.join('; ')}`);
  }
}

/** Tries `sources` in order; the first that answers gives the read, with the reasons of those before it. */
export class SignInSourceChain implements SignInSource {
  constructor(
    private readonly sources: readonly SignInEventSource[],
    private readonly logger?: Pick<Logger, 'info' | 'warn'>,
  ) {
    if (sources.length === 0) throw new RangeError('a sign-in source chain needs at least one source');
  }

  /** The kinds tried, in order (for logs and `doctor`-style summaries). */
  get kinds(): SignInSourceKind[] {
    return this.sources.map((s) => s.kind);
  }

  async read(query: SignInQuery): Promise<SourcedRead> {
    const fellBack: string[] = [];
    for (const source of this.sources) {
      const answer = await source.read(query);
      if (answer.kind === 'read') {
        if (fellBack.length > 0)
          this.logger?.info(
            { stream: query.stream, source: source.kind, fellBack },
            'sign-in evidence read from a fallback source',
          );
        return { ...answer.read, source: source.kind, fellBack };
      }
      fellBack.push(`${source.kind}: ${answer.reason}`);
    }
    this.logger?.warn({ stream: query.stream, fellBack }, 'no sign-in evidence source could answer');
    throw new NoSignInSourceError(fellBack);
  }
}

const DAY_MS = 24 * 3600_000;

function hhmm(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

/** An instant in words relative to `nowMs` (UTC): "11:42", "11:42 yesterday", "11:42 on 2026-11-20". */
export function describeInstant(ms: number, nowMs: number): string {
  const day = Math.floor(ms / DAY_MS);
  const today = Math.floor(nowMs / DAY_MS);
  if (day === today) return hhmm(ms);
  if (day === today - 1) return `${hhmm(ms)} yesterday`;
  return `${hhmm(ms)} on ${new Date(ms).toISOString().slice(0, 10)}`;
}

/** The span a partial read covered, in the words the report uses: "read back to 11:42 of a window
 * starting at 12:00 yesterday (UTC)". `coveredFromMs` undefined: nothing at all was read. */
export function describeCoveredSpan(
  coveredFromMs: number | undefined,
  windowStartMs: number,
  nowMs: number,
): string {
  const start = describeInstant(windowStartMs, nowMs);
  if (coveredFromMs === undefined) return `read none of a window starting at ${start} (UTC)`;
  return `read back to ${describeInstant(coveredFromMs, nowMs)} of a window starting at ${start} (UTC)`;
}
