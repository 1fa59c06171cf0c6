/** Sign-in events (CloudTrail `signin.amazonaws.com`) reduced to what the checks need, and matched to a
 * person by every field AWS has used for it: `userIdentity.onBehalfOf.userId` (since 2025-07-14),
 * `additionalEventData.UserName`, and the older `userIdentity.userName`. The top-level `Username` is
 * often empty for these events, so it is only one of the clues. */

export type SignInEventName =
  | 'CredentialChallenge'
  | 'CredentialVerification'
  | 'UserAuthentication'
  | 'ExternalIdPDirectoryLogin'
  | 'Other';

export interface SignInEvent {
  eventId: string;
  name: SignInEventName;
  rawName: string;
  time: string;
  timeMs: number;
  /** Success / Failure from `serviceEventDetails` or `responseElements`; undefined when absent. */
  outcome: 'Success' | 'Failure' | undefined;
  credentialType: string | undefined;
  errorMessage: string | undefined;
  errorCode: string | undefined;
  deviceEnrollmentRequired: boolean;
  userId: string | undefined;
  userName: string | undefined;
  authWorkflowId: string | undefined;
}

/** The fields of a raw LookupEvents row that we read. */
export interface RawEvent {
  EventId?: string;
  EventName?: string;
  EventTime?: Date;
  Username?: string;
  CloudTrailEvent?: string;
}

const KNOWN: readonly SignInEventName[] = [
  'CredentialChallenge',
  'CredentialVerification',
  'UserAuthentication',
  'ExternalIdPDirectoryLogin',
];

const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function obj(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function outcomeOf(detail: Record<string, unknown>, name: string): 'Success' | 'Failure' | undefined {
  const value = detail[name] ?? Object.values(detail).find((v) => v === 'Success' || v === 'Failure');
  return value === 'Success' || value === 'Failure' ? value : undefined;
}

/** Parses one LookupEvents row; a row whose event JSON cannot be read keeps what the row itself says. */
export function parseSignInEvent(raw: RawEvent): SignInEvent {
  let detail: Record<string, unknown> = {};
  try {
    detail = raw.CloudTrailEvent ? obj(JSON.parse(raw.CloudTrailEvent)) : {};
  } catch {
    detail = {};
  }
  const rawName = raw.EventName ?? str(detail.eventName) ?? 'Unknown';
  const name = (KNOWN as readonly string[]).includes(rawName) ? (rawName as SignInEventName) : 'Other';
  const identity = obj(detail.userIdentity);
  const extra = obj(detail.additionalEventData);
  const outcome =
    outcomeOf(obj(detail.serviceEventDetails), rawName) ??
    outcomeOf(obj(detail.responseElements), rawName) ??
    (str(detail.errorCode) || str(detail.errorMessage) ? 'Failure' : undefined);
  const time = raw.EventTime
    ? raw.EventTime.toISOString()
    : (str(detail.eventTime) ?? new Date(0).toISOString());
  const extraUserName = str(extra.UserName);
  return {
    eventId: raw.EventId ?? str(detail.eventID) ?? '',
    name,
    rawName,
    time,
    timeMs: Date.parse(time),
    outcome,
    credentialType: str(extra.CredentialType),
    errorMessage: str(detail.errorMessage),
    errorCode: str(detail.errorCode),
    deviceEnrollmentRequired:
      extra.DeviceEnrollmentRequired === 'true' || extra.DeviceEnrollmentRequired === true,
    userId: str(obj(identity.onBehalfOf).userId),
    userName:
      (extraUserName !== HIDDEN ? extraUserName : undefined) ?? str(identity.userName) ?? str(raw.Username),
    authWorkflowId: str(extra.AuthWorkflowID),
  };
}

/** Whether an event is about this person: by user id, or by a user name they go by (case-insensitive,
 * since the person may type their name in any case at the sign-in page). */
export function isAbout(event: SignInEvent, who: { userId?: string; names: readonly string[] }): boolean {
  if (who.userId && event.userId === who.userId) return true;
  if (!event.userName) return false;
  const name = event.userName.toLowerCase();
  return who.names.some((n) => n.toLowerCase() === name);
}

// --- what the sign-in checks ask of the events --------------------------------------------------

/** The credential types that are authenticator codes (a code, or re-syncing the device). */
export const AUTHENTICATOR_CODE_TYPES: ReadonlySet<string> = new Set(['TOTP', 'RESYNC_TOTP']);

/** Every credential type an event names (a `UserAuthentication` lists all it verified: "PASSWORD,TOTP"). */
export function credentialTypesOf(event: SignInEvent): string[] {
  return (event.credentialType ?? '')
    .split(',')
    .map((t) => t.trim().toUpperCase())
    .filter(Boolean);
}

/** `UserAuthentication` is emitted only when a sign-in completes. */
export function isCompletedSignIn(event: SignInEvent): boolean {
  return event.name === 'UserAuthentication' && event.outcome !== 'Failure';
}

/** A credential of one of these types that the person offered and AWS rejected. */
export function isRejectedCredential(event: SignInEvent, types: ReadonlySet<string>): boolean {
  return (
    event.name === 'CredentialVerification' &&
    event.outcome === 'Failure' &&
    credentialTypesOf(event).some((t) => types.has(t))
  );
}

/** The events from the start of the window to the start of the diagnosis. */
export function inWindow(
  events: readonly SignInEvent[],
  window: { windowStartMs: number; startedAtMs: number },
): SignInEvent[] {
  return events.filter((e) => e.timeMs >= window.windowStartMs && e.timeMs <= window.startedAtMs);
}

/** The events of a kind that came after the person's last completed sign-in (all of them when there is
 * none): what a completed sign-in has not since put right. */
export function sinceLastSignIn(
  events: readonly SignInEvent[],
  matches: (event: SignInEvent) => boolean,
): SignInEvent[] {
  const lastSignInMs = events
    .filter(isCompletedSignIn)
    .reduce((latest, e) => Math.max(latest, e.timeMs), Number.NEGATIVE_INFINITY);
  return events.filter((e) => matches(e) && e.timeMs > lastSignInMs);
}
