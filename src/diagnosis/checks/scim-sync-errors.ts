import type { Check } from '../check';

/** The kinds of SCIM failure AWS documents, each with its own fix on the IdP side. */
type ScimFailureKind =
  | 'duplicate-resource'
  | 'multi-valued-attribute'
  | 'missing-path'
  | 'name-constraint'
  | 'other';

interface FailureSummary {
  kind: ScimFailureKind;
  message: string;
  errorCode?: string;
  eventNames: string[];
  count: number;
  lastAt: string;
}

/** Failure groups reported; the rest are counted in `moreKinds`. */
const MAX_GROUPS = 10;
const MAX_MESSAGE = 300;

function kindOf(message: string): ScimFailureKind {
  if (/duplicate/i.test(message)) return 'duplicate-resource';
  if (/list attribute \S+ exceeds allowed limit/i.test(message)) return 'multi-valued-attribute';
  if (/missing path/i.test(message)) return 'missing-path';
  if (/'name\.[a-z]+'.*failed to satisfy constraint/i.test(message)) return 'name-constraint';
  return 'other';
}

/** The message with what varies between two occurrences of the same failure (ids, masked values,
 * numbers, spacing) taken out, so they count as one. */
function normalise(message: string): string {
  return message
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/HIDDEN_DUE_TO_SECURITY_REASONS/g, '<hidden>')
    .replace(/\d+/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** scim-sync-errors: the IdP's SCIM writes for this person's user or groups failed recently. */
export const scimSyncErrorsCheck: Check = {
  id: 'scim-sync-errors',
  title: "Did the IdP's recent SCIM updates to the identity store fail?",
  needs: ['user-not-found'],
  async run({ facts, finding }) {
    const user = await facts.user();
    if ((user.ExternalIds?.length ?? 0) === 0) return { skip: 'the identity store is not fed by SCIM' };
    const [read, memberOf] = await Promise.all([facts.scimFailures(), facts.groups()]);
    // Only failures that name this person's user or one of their groups are theirs; the rest (and
    // creates, which name no id yet) belong to an organisation-wide view, not to this report.
    const ours = new Set([user.UserId, ...memberOf.map((g) => g.groupId)]);
    const groups = new Map<string, FailureSummary & { lastMs: number }>();
    for (const event of read.events) {
      if (!event.subjectId || !ours.has(event.subjectId)) continue;
      const ms = Date.parse(event.time);
      if (!(ms >= facts.windowStartMs && ms <= facts.startedAtMs)) continue;
      const kind = kindOf(event.errorMessage);
      const key = `${kind}|${normalise(event.errorMessage)}`;
      const group = groups.get(key);
      if (!group) {
        groups.set(key, {
          kind,
          message: event.errorMessage.slice(0, MAX_MESSAGE),
          ...(event.errorCode ? { errorCode: event.errorCode } : {}),
          eventNames: event.eventName ? [event.eventName] : [],
          count: 1,
          lastAt: event.time,
          lastMs: ms,
        });
        continue;
      }
      group.count += 1;
      if (event.eventName && !group.eventNames.includes(event.eventName))
        group.eventNames.push(event.eventName);
      if (ms > group.lastMs) {
        // The newest occurrence speaks for the group.
        group.message = event.errorMessage.slice(0, MAX_MESSAGE);
        group.lastAt = event.time;
        group.lastMs = ms;
      }
    }
    if (groups.size === 0) return [];
    const ordered = [...groups.values()].sort((a, b) => b.lastMs - a.lastMs || b.count - a.count);
    const failures = ordered.slice(0, MAX_GROUPS).map(({ lastMs: _lastMs, ...summary }) => ({
      ...summary,
      eventNames: [...summary.eventNames].sort(),
    }));
    return [
      finding('scim-sync-errors', {
        evidence: {
          failures,
          truncated: read.truncated,
          ...(ordered.length > MAX_GROUPS ? { moreKinds: ordered.length - MAX_GROUPS } : {}),
          total: ordered.reduce((sum, g) => sum + g.count, 0),
        },
        evidenceAt: ordered[0]!.lastAt,
        fix: null,
      }),
    ];
  },
};
