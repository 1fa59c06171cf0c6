import type { RawEvent } from '../diagnosis/facts/signin-events';

/** How long an indexed sign-in event is kept (DynamoDB TTL): the longest diagnosis window is 90 days of
 * CloudTrail, but the bot only looks back a day or so; a month is plenty. */
export const SIGNIN_RETENTION_DAYS = 30;

const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';
const PREFIX = 'SIGNIN#';

/** The CloudTrail event sources the index keeps. */
export const SIGNIN_EVENT_SOURCE = 'signin.amazonaws.com';
export const SCIM_EVENT_SOURCE = 'identitystore-scim.amazonaws.com';
/** Access-portal and admin events; kept per person (by `onBehalfOf.userId`) for the `sso` stream. */
export const SSO_EVENT_SOURCE = 'sso.amazonaws.com';

/** Key layout of the sign-in index, in the tickets table (single-table design). */
export const signInKeys = {
  /** All events of one person, by user id (`uid:<id>`) or by a user name (`name:<lower-cased>`). */
  partition: (key: string) => `${PREFIX}${key}`,
  byUserId: (userId: string) => `uid:${userId}`,
  byName: (name: string) => `name:${name.trim().toLowerCase()}`,
  /** `sso.amazonaws.com` events of one person (a stream of its own, so sign-in reads never see them). */
  ssoByUserId: (userId: string) => `sso-uid:${userId}`,
  /** SCIM provisioning events, organisation-wide (SCIM masks what would tie them to a person). */
  scim: 'scim',
  /** Sorts by time (ISO, always the same width), then by event id. */
  sort: (eventTimeIso: string, eventId: string) => `${eventTimeIso}#${eventId}`,
  /** Written by the indexer: "this index is being fed"; without it, readers fall back to CloudTrail. */
  marker: { pk: `${PREFIX}meta`, sk: 'READY' },
} as const;

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function obj(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** A CloudTrail record (an EventBridge event's `detail`) as the indexer stores it: the LookupEvents row
 * the diagnosis would have read, plus every index key the record can be found under: a sign-in event under
 * each user id and user name it carries (never the hidden name of a mistyped user name), a SCIM event
 * under the one SCIM key, anything else under none. `undefined` when the record has no id or no valid time
 * (nothing to key it by). */
export function indexedRecord(
  detail: unknown,
): { raw: RawEvent; eventTime: string; eventId: string; keys: string[] } | undefined {
  const record = obj(detail);
  const eventId = str(record.eventID);
  const timeText = str(record.eventTime);
  const timeMs = timeText ? Date.parse(timeText) : Number.NaN;
  if (!eventId || !Number.isFinite(timeMs)) return undefined;
  const eventTime = new Date(timeMs).toISOString();
  const identity = obj(record.userIdentity);
  const extra = obj(record.additionalEventData);
  const keys = new Set<string>();
  const source = str(record.eventSource);
  if (source === SIGNIN_EVENT_SOURCE) {
    const userId = str(obj(identity.onBehalfOf).userId);
    if (userId) keys.add(signInKeys.byUserId(userId));
    for (const name of [str(extra.UserName), str(identity.userName)]) {
      if (name && name !== HIDDEN) keys.add(signInKeys.byName(name));
    }
  } else if (source === SCIM_EVENT_SOURCE) {
    keys.add(signInKeys.scim);
  } else if (source === SSO_EVENT_SOURCE) {
    const userId = str(obj(identity.onBehalfOf).userId);
    if (userId) keys.add(signInKeys.ssoByUserId(userId));
  }
  const username = str(identity.userName) ?? '';
  return {
    eventId,
    eventTime,
    keys: [...keys],
    raw: {
      EventId: eventId,
      EventName: str(record.eventName) ?? 'Unknown',
      EventTime: new Date(timeMs),
      Username: username,
      CloudTrailEvent: JSON.stringify(record),
    },
  };
}

/** The stored form of a RawEvent (a Date does not survive JSON). */
export interface StoredEvent {
  EventId: string;
  EventName: string;
  EventTime: string;
  Username: string;
  CloudTrailEvent: string;
}

export function toStored(raw: RawEvent): StoredEvent {
  return {
    EventId: raw.EventId ?? '',
    EventName: raw.EventName ?? '',
    EventTime: (raw.EventTime ?? new Date(0)).toISOString(),
    Username: raw.Username ?? '',
    CloudTrailEvent: raw.CloudTrailEvent ?? '',
  };
}

export function fromStored(doc: StoredEvent): RawEvent {
  return {
    EventId: doc.EventId,
    EventName: doc.EventName,
    EventTime: new Date(doc.EventTime),
    Username: doc.Username,
    CloudTrailEvent: doc.CloudTrailEvent,
  };
}

/** The event time + the retention, in epoch seconds (DynamoDB TTL). */
export function signInTtl(eventTimeIso: string, days = SIGNIN_RETENTION_DAYS): number {
  return Math.floor(Date.parse(eventTimeIso) / 1000) + days * 24 * 3600;
}
