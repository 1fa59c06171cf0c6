import { type AwsClients, paginateLookupEvents, toAwsCallError } from '../../../aws';
import type { Clock } from '../../../lib/clock';
import type { SingleFlight } from '../../../lib/single-flight';
import { completeRead, partialRead, type Read } from '../coverage';
import type { RawEvent } from '../signin-events';
import {
  describeCoveredSpan,
  type SignInEventSource,
  type SignInQuery,
  type SourceAnswer,
  STREAM_EVENT_SOURCE,
} from './source';

/** How long an organisation-wide read may be shared between diagnoses that start close together. */
export const SHARED_LOOKUP_MS = 30_000;

export interface LookupEventsSourceOptions {
  clients: Pick<AwsClients, 'cloudTrail'>;
  clock: Clock;
  /** Pages (50 events each) read per stream and window before the read stops, incomplete. */
  maxPages: number;
  /** Shares the organisation-wide read between diagnoses running at once. */
  sharedReads?: SingleFlight;
}

/** One organisation-wide read: the rows, newest first, and how far back they reach. */
interface OrgWideRead {
  rows: RawEvent[];
  /** The read's own window. */
  startMs: number;
  endMs: number;
  /** True when the pages ran out before the cap (everything from startMs to endMs was read). */
  exhausted: boolean;
  /** The oldest event time read; undefined when no row was read. */
  oldestMs: number | undefined;
  pages: number;
}

/**
 * LookupEvents, the source every deployment has: CloudTrail cannot filter by person, so this reads the
 * whole organisation's events of one stream, newest first, until the window's start is covered or the
 * page cap is reached. Past the cap the read is incomplete and its reason says exactly which span was
 * covered. The read is shared between diagnoses that start within the same 30 s (at 2 requests a second,
 * twenty people asking at once must not page the same history twenty times); each caller then keeps
 * only its own window. A refused or failed LookupEvents throws an AwsCallError (the check reports it).
 */
export class LookupEventsSource implements SignInEventSource {
  readonly kind = 'lookup-events' as const;

  constructor(private readonly options: LookupEventsSourceOptions) {
    if (!(Number.isInteger(options.maxPages) && options.maxPages > 0))
      throw new RangeError(`maxPages must be a positive integer, got ${options.maxPages}`);
  }

  async read(query: SignInQuery): Promise<SourceAnswer> {
    const org = await this.orgWide(query);
    const rows = org.rows.filter((r) => {
      const t = r.EventTime?.getTime() ?? Number.NaN;
      return t >= query.startMs && t <= query.endMs;
    });
    return { kind: 'read', read: this.coverage(rows, org, query) };
  }

  private coverage(rows: RawEvent[], org: OrgWideRead, query: SignInQuery): Read<RawEvent> {
    if (org.exhausted && org.startMs <= query.startMs) return completeRead(rows);
    // Stopped at the cap: the events from the oldest one read to the end are all there (newest first),
    // anything older was not looked at.
    const reason =
      `LookupEvents stopped after ${org.pages} page${org.pages === 1 ? '' : 's'} of ` +
      `${STREAM_EVENT_SOURCE[query.stream]} events (the organisation's, 50 a page): ` +
      describeCoveredSpan(org.oldestMs, query.startMs, this.options.clock.now());
    return partialRead(rows, reason);
  }

  private orgWide(query: SignInQuery): Promise<OrgWideRead> {
    const { sharedReads } = this.options;
    const span = query.endMs - query.startMs;
    if (!sharedReads) return this.readPages(query.stream, query.startMs, query.endMs);
    // Diagnoses starting in the same 30 s bucket share one read whose window covers all of theirs: from
    // the bucket's start minus the window length to the bucket's end (LookupEvents accepts an end time
    // in the future and answers up to now).
    const bucket = Math.floor(query.endMs / SHARED_LOOKUP_MS);
    const endMs = (bucket + 1) * SHARED_LOOKUP_MS;
    const startMs = bucket * SHARED_LOOKUP_MS - span;
    return sharedReads.run(`lookup-events:${query.stream}:${span}:${bucket}`, SHARED_LOOKUP_MS, () =>
      this.readPages(query.stream, startMs, endMs),
    );
  }

  private async readPages(
    stream: SignInQuery['stream'],
    startMs: number,
    endMs: number,
  ): Promise<OrgWideRead> {
    const rows: RawEvent[] = [];
    let pages = 0;
    let exhausted = false;
    try {
      const pager = paginateLookupEvents(
        { client: this.options.clients.cloudTrail, pageSize: 50 },
        {
          LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: STREAM_EVENT_SOURCE[stream] }],
          StartTime: new Date(startMs),
          EndTime: new Date(endMs),
        },
      );
      for await (const page of pager) {
        pages += 1;
        rows.push(...(page.Events ?? []));
        if (!page.NextToken) {
          exhausted = true;
          break;
        }
        const oldest = oldestOf(rows);
        // Newest first: once a page reaches back past the start, the window is covered.
        if (oldest !== undefined && oldest < startMs) {
          exhausted = true;
          break;
        }
        if (pages >= this.options.maxPages) break;
      }
    } catch (error) {
      throw toAwsCallError(error, 'cloudtrail', 'LookupEvents');
    }
    return { rows, startMs, endMs, exhausted, oldestMs: oldestOf(rows), pages };
  }
}

function oldestOf(rows: readonly RawEvent[]): number | undefined {
  let oldest: number | undefined;
  for (const r of rows) {
    const t = r.EventTime?.getTime();
    if (t !== undefined && Number.isFinite(t) && (oldest === undefined || t < oldest)) oldest = t;
  }
  return oldest;
}
