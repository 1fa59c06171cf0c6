import {
  type AwsClients,
  CancelQueryCommand,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  StartQueryCommand,
  toAwsCallError,
} from '../../../aws';
import type { Clock } from '../../../lib/clock';
import type { SingleFlight } from '../../../lib/single-flight';
import type { Logger } from '../../../log/logger';
import { completeRead, partialRead, type Read } from '../coverage';
import type { RawEvent } from '../signin-events';
import {
  type EventStream,
  type SignInEventSource,
  type SignInQuery,
  type SourceAnswer,
  STREAM_EVENT_SOURCE,
} from './source';

/**
 * CloudTrail Lake, for deployments that already have an event data store (Lake is closed to new
 * customers since May 2026: aws-facts.md, second wave §2): one SQL query per diagnosis, filtered in the
 * query by the person's user id and names and bounded by the window's `eventtime`, so the cost does not
 * grow with the organisation. StartQuery, then GetQueryResults until it is FINISHED, then its pages.
 * At most `maxConcurrent` queries are in flight (AWS allows 10 per account). SCIM events are
 * organisation-wide, so their query is shared between diagnoses that start together.
 *
 * A query that fails, is refused, or does not finish in time is logged with its action and error code
 * and answered `unavailable`: the next source (LookupEvents) reads instead, and the report says why.
 *
 * ⚠️ The column names follow Lake's documented schema (`useridentity.onbehalfof.userid`,
 * `additionaleventdata` as a map); `serviceeventdetails` and `responseelements` as maps keyed by the
 * event name is an assumption that has not been run against AWS.
 */

export interface LakeSourceOptions {
  clients: Pick<AwsClients, 'cloudTrail'>;
  clock: Clock;
  /** The event data store's ARN (CLOUDTRAIL_LAKE_EVENT_DATA_STORE); the query names its id. */
  eventDataStoreArn: string;
  /** Between two GetQueryResults polls while the query runs. Default 500 ms. */
  pollIntervalMs?: number;
  /** Give up on a query (and cancel it) after this long. Default 60 s. */
  timeoutMs?: number;
  /** Result pages (1000 rows each) read before the read stops, incomplete. Default 10. */
  maxPages?: number;
  /** Queries in flight at once, at most. Default 5 (half of AWS's 10). */
  maxConcurrent?: number;
  sleep?: (ms: number) => Promise<void>;
  sharedReads?: SingleFlight;
  logger?: Pick<Logger, 'warn'>;
}

/** The event data store id from its ARN (`…:eventdatastore/<id>`), or the id itself. */
export function eventDataStoreId(arnOrId: string): string {
  const id = arnOrId.includes('/') ? arnOrId.slice(arnOrId.lastIndexOf('/') + 1) : arnOrId;
  if (!/^[A-Za-z0-9-]{1,128}$/.test(id))
    throw new RangeError(`not an event data store ARN or id: ${arnOrId}`);
  return id;
}

/** A SQL string literal: quotes doubled; control characters refused (a name never has them). */
export function sqlString(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f]/.test(value)) throw new RangeError('a name with control characters cannot be queried');
  return `'${value.replace(/'/g, "''")}'`;
}

/** Lake's timestamp literal for an instant: '2026-11-23 11:40:00.000' (UTC). */
export function lakeTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

const COLUMNS = [
  'eventid',
  'eventtime',
  'eventsource',
  'eventname',
  'errorcode',
  'errormessage',
  'awsregion',
  'recipientaccountid',
  'useridentity.type AS identity_type',
  'useridentity.onbehalfof.userid AS user_id',
  "element_at(additionaleventdata, 'UserName') AS user_name",
  "element_at(additionaleventdata, 'CredentialType') AS credential_type",
  "element_at(additionaleventdata, 'AuthWorkflowID') AS auth_workflow_id",
  "element_at(additionaleventdata, 'DeviceEnrollmentRequired') AS device_enrollment_required",
  'element_at(serviceeventdetails, eventname) AS service_outcome',
  'element_at(responseelements, eventname) AS response_outcome',
  // The user or group a SCIM write named (PATCH /Users/{id}): ties a failure to a person.
  "element_at(requestparameters, 'id') AS subject_id",
];

/** The one query of a read: the stream's events in the window, about the person (by user id, or by a
 * name they typed: failed sign-ins of an unauthenticated user carry no user id), newest first. */
export function buildLakeQuery(storeId: string, query: SignInQuery): string {
  const where = [
    `eventtime >= ${sqlString(lakeTimestamp(query.startMs))}`,
    `eventtime <= ${sqlString(lakeTimestamp(query.endMs))}`,
    `eventsource = ${sqlString(STREAM_EVENT_SOURCE[query.stream])}`,
  ];
  if (query.stream !== 'scim') {
    const who: string[] = [];
    if (query.who.userId) who.push(`useridentity.onbehalfof.userid = ${sqlString(query.who.userId)}`);
    const names = [...new Set(query.who.names.map((n) => n.trim().toLowerCase()).filter(Boolean))];
    if (names.length > 0 && query.stream === 'signin')
      who.push(`lower(element_at(additionaleventdata, 'UserName')) IN (${names.map(sqlString).join(', ')})`);
    // Nobody to look for: an impossible filter keeps the query bounded to nothing.
    where.push(who.length > 0 ? `(${who.join(' OR ')})` : 'eventid IS NULL');
  }
  return `SELECT ${COLUMNS.join(', ')} FROM ${storeId} WHERE ${where.join(' AND ')} ORDER BY eventtime DESC`;
}

/** One result row (a list of one-key maps, every value a string) as a LookupEvents-shaped row, its event
 * JSON rebuilt from the columns so the same parser reads every source. */
export function rowToRawEvent(row: ReadonlyArray<Record<string, string>>): RawEvent | undefined {
  const cols: Record<string, string> = {};
  for (const cell of row) for (const [k, v] of Object.entries(cell)) if (v !== '') cols[k] = v;
  const eventId = cols.eventid;
  const timeText = cols.eventtime;
  if (!eventId || !timeText) return undefined;
  const iso = `${timeText.trim().replace(' ', 'T')}${/[zZ]$|[+-]\d\d:?\d\d$/.test(timeText) ? '' : 'Z'}`;
  const time = new Date(iso);
  if (!Number.isFinite(time.getTime())) return undefined;
  const name = cols.eventname ?? 'Unknown';
  const additionalEventData = Object.fromEntries(
    (
      [
        ['UserName', cols.user_name],
        ['CredentialType', cols.credential_type],
        ['AuthWorkflowID', cols.auth_workflow_id],
        ['DeviceEnrollmentRequired', cols.device_enrollment_required],
      ] as const
    ).filter(([, v]) => v !== undefined),
  );
  const record = {
    eventID: eventId,
    eventTime: time.toISOString(),
    eventSource: cols.eventsource,
    eventName: name,
    ...(cols.awsregion ? { awsRegion: cols.awsregion } : {}),
    ...(cols.recipientaccountid ? { recipientAccountId: cols.recipientaccountid } : {}),
    userIdentity: {
      ...(cols.identity_type ? { type: cols.identity_type } : {}),
      ...(cols.user_id ? { onBehalfOf: { userId: cols.user_id } } : {}),
    },
    additionalEventData,
    ...(cols.errorcode ? { errorCode: cols.errorcode } : {}),
    ...(cols.errormessage ? { errorMessage: cols.errormessage } : {}),
    ...(cols.service_outcome ? { serviceEventDetails: { [name]: cols.service_outcome } } : {}),
    ...(cols.response_outcome ? { responseElements: { [name]: cols.response_outcome } } : {}),
    ...(cols.subject_id ? { requestParameters: { id: cols.subject_id } } : {}),
  };
  return {
    EventId: eventId,
    EventName: name,
    EventTime: time,
    Username: '',
    CloudTrailEvent: JSON.stringify(record),
  };
}

type QueryOutcome = { kind: 'read'; read: Read<RawEvent> } | { kind: 'unavailable'; reason: string };

const SHARED_SCIM_MS = 30_000;

export class LakeSource implements SignInEventSource {
  readonly kind = 'lake' as const;
  private readonly storeId: string;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly options: LakeSourceOptions) {
    this.storeId = eventDataStoreId(options.eventDataStoreArn);
  }

  read(query: SignInQuery): Promise<SourceAnswer> {
    const { sharedReads } = this.options;
    if (query.stream === 'scim' && sharedReads) {
      // Organisation-wide: one query for every diagnosis in the same 30 s, covering all their windows.
      const span = query.endMs - query.startMs;
      const bucket = Math.floor(query.endMs / SHARED_SCIM_MS);
      const shared: SignInQuery = {
        ...query,
        startMs: bucket * SHARED_SCIM_MS - span,
        endMs: (bucket + 1) * SHARED_SCIM_MS,
      };
      return sharedReads
        .run(`lake:scim:${span}:${bucket}`, SHARED_SCIM_MS, () => this.slot(() => this.runQuery(shared)))
        .then((outcome) => inWindow(outcome, query));
    }
    return this.slot(() => this.runQuery(query));
  }

  /** Waits for one of the `maxConcurrent` slots. */
  private async slot<T>(work: () => Promise<T>): Promise<T> {
    const max = this.options.maxConcurrent ?? 5;
    while (this.inFlight >= max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight += 1;
    try {
      return await work();
    } finally {
      this.inFlight -= 1;
      this.waiting.shift()?.();
    }
  }

  private async runQuery(query: SignInQuery): Promise<QueryOutcome> {
    const ct = this.options.clients.cloudTrail;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const pollMs = this.options.pollIntervalMs ?? 500;
    const timeoutMs = this.options.timeoutMs ?? 60_000;
    const maxPages = this.options.maxPages ?? 10;
    const statement = buildLakeQuery(this.storeId, query);
    let action = 'StartQuery';
    let queryId: string | undefined;
    try {
      const started = await ct.send(new StartQueryCommand({ QueryStatement: statement }));
      queryId = started.QueryId;
      if (!queryId)
        return this.unavailable(query.stream, 'StartQuery', 'NoQueryId', 'StartQuery gave no query id');
      const deadline = this.options.clock.now() + timeoutMs;
      action = 'GetQueryResults';
      let page: GetQueryResultsCommandOutput;
      for (;;) {
        page = await ct.send(new GetQueryResultsCommand({ QueryId: queryId, MaxQueryResults: 1000 }));
        const status = page.QueryStatus;
        if (status === 'FINISHED') break;
        if (status === 'FAILED' || status === 'CANCELLED' || status === 'TIMED_OUT')
          return this.unavailable(
            query.stream,
            action,
            status,
            `the Lake query ended ${status}${page.ErrorMessage ? ` (${page.ErrorMessage})` : ''}`,
          );
        if (this.options.clock.now() >= deadline) {
          await this.cancel(queryId);
          return this.unavailable(
            query.stream,
            action,
            'Timeout',
            `the Lake query did not finish within ${Math.round(timeoutMs / 1000)} s`,
          );
        }
        await sleep(pollMs);
      }
      const rows: RawEvent[] = [];
      let pages = 0;
      for (;;) {
        pages += 1;
        for (const row of page.QueryResultRows ?? []) {
          const raw = rowToRawEvent(row);
          if (raw) rows.push(raw);
        }
        if (!page.NextToken) return { kind: 'read', read: completeRead(rows) };
        if (pages >= maxPages)
          return {
            kind: 'read',
            read: partialRead(
              rows,
              `the Lake query matched more than ${rows.length} ${STREAM_EVENT_SOURCE[query.stream]} events; ` +
                `only the newest ${rows.length} were read (${pages} page${pages === 1 ? '' : 's'} of 1000)`,
            ),
          };
        page = await ct.send(
          new GetQueryResultsCommand({ QueryId: queryId, MaxQueryResults: 1000, NextToken: page.NextToken }),
        );
      }
    } catch (error) {
      const failure = toAwsCallError(error, 'cloudtrail', action);
      return this.unavailable(
        query.stream,
        action,
        failure.code,
        `cloudtrail:${action} failed (${failure.code})`,
        error,
      );
    }
  }

  private async cancel(queryId: string): Promise<void> {
    try {
      await this.options.clients.cloudTrail.send(new CancelQueryCommand({ QueryId: queryId }));
    } catch (error) {
      const failure = toAwsCallError(error, 'cloudtrail', 'CancelQuery');
      this.options.logger?.warn(
        { action: 'cloudtrail:CancelQuery', code: failure.code, queryId },
        'a timed-out Lake query could not be cancelled',
      );
    }
  }

  private unavailable(
    stream: EventStream,
    action: string,
    code: string,
    reason: string,
    error?: unknown,
  ): QueryOutcome {
    this.options.logger?.warn(
      { action: `cloudtrail:${action}`, code, stream, ...(error ? { error } : {}) },
      'CloudTrail Lake could not answer; falling back',
    );
    return { kind: 'unavailable', reason };
  }
}

/** A shared organisation-wide read, narrowed to one caller's window. */
function inWindow(outcome: QueryOutcome, query: SignInQuery): SourceAnswer {
  if (outcome.kind === 'unavailable') return outcome;
  const items = outcome.read.items.filter((r) => {
    const t = r.EventTime?.getTime() ?? Number.NaN;
    return t >= query.startMs && t <= query.endMs;
  });
  return { kind: 'read', read: { ...outcome.read, items } };
}
