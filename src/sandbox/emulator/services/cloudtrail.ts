import { AwsFault } from '../errors';
import { validationMessage } from '../model';
import { cloudTrailModel } from '../models/cloudtrail';
import { cloudTrailPaging, page } from '../paging';
import type { StoredEvent } from '../state';
import { compact, type JsonService, type OperationHandler } from '../wire';

/** CloudTrail (`CloudTrail_20131101`): LookupEvents over the snapshot's event history. */

const NINETY_DAYS_MS = 90 * 24 * 3600 * 1000;
const ATTRIBUTE_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const;
type AttributeKey = (typeof ATTRIBUTE_KEYS)[number];

function matches(e: StoredEvent, key: AttributeKey, value: string): boolean {
  switch (key) {
    case 'EventId':
      return e.EventId === value;
    case 'EventName':
      return e.EventName === value;
    case 'ReadOnly':
      return (e.ReadOnly ?? 'false') === value;
    case 'Username':
      return e.Username === value;
    case 'ResourceType':
      return e.Resources?.some((r) => r.ResourceType === value) ?? false;
    case 'ResourceName':
      return e.Resources?.some((r) => r.ResourceName === value) ?? false;
    case 'EventSource':
      return e.EventSource === value;
    case 'AccessKeyId':
      return e.AccessKeyId === value;
  }
}

function timeMs(value: unknown, member: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AwsFault('InvalidTimeRangeException', `${member} must be a timestamp.`);
  }
  return value * 1000;
}

export const cloudTrailOperations: Record<string, OperationHandler> = {
  LookupEvents(input, { state }) {
    const attributes = input.LookupAttributes;
    let filter: { key: AttributeKey; value: string } | undefined;
    if (attributes !== undefined) {
      if (!Array.isArray(attributes) || attributes.length > 1) {
        throw new AwsFault('InvalidLookupAttributesException', 'You can only specify one lookup attribute.');
      }
      const [first] = attributes as Array<{ AttributeKey?: unknown; AttributeValue?: unknown }>;
      if (first) {
        if (!ATTRIBUTE_KEYS.includes(first.AttributeKey as AttributeKey)) {
          throw new AwsFault(
            'InvalidLookupAttributesException',
            `Invalid attribute key: ${String(first.AttributeKey)}.`,
          );
        }
        if (
          typeof first.AttributeValue !== 'string' ||
          first.AttributeValue.length === 0 ||
          first.AttributeValue.length > 2000
        ) {
          throw new AwsFault(
            'InvalidLookupAttributesException',
            'The attribute value must be 1 to 2000 characters.',
          );
        }
        filter = { key: first.AttributeKey as AttributeKey, value: first.AttributeValue };
      }
    }
    if (input.EventCategory !== undefined && input.EventCategory !== 'insight') {
      throw new AwsFault('InvalidEventCategoryException', 'The only valid event category is insight.');
    }
    const now = state.clock.now();
    const end = timeMs(input.EndTime, 'EndTime') ?? now;
    const start = timeMs(input.StartTime, 'StartTime') ?? now - NINETY_DAYS_MS;
    if (start > end) throw new AwsFault('InvalidTimeRangeException', 'StartTime must be before EndTime.');
    const from = Math.max(start, now - NINETY_DAYS_MS);
    // The management-events history holds no insight events, so that category is always empty.
    const rows =
      input.EventCategory === 'insight'
        ? []
        : state.events.filter(
            (e) =>
              e.timeMs >= from &&
              e.timeMs <= end &&
              e.timeMs <= now &&
              (!filter || matches(e, filter.key, filter.value)),
          );
    const { items, nextToken } = page(rows, input, cloudTrailPaging);
    return {
      Events: items.map(({ timeMs: t, ...e }) =>
        compact({ ...e, EventTime: t / 1000, ReadOnly: e.ReadOnly ?? 'false', Username: e.Username }),
      ),
      NextToken: nextToken,
    };
  },
};

/** CloudTrail answers a broken member with the exception named for that member, where it has one. */
const MEMBER_ERRORS: Array<[prefix: string, code: string]> = [
  ['maxResults', 'InvalidMaxResultsException'],
  ['nextToken', 'InvalidNextTokenException'],
  ['lookupAttributes', 'InvalidLookupAttributesException'],
  ['eventCategory', 'InvalidEventCategoryException'],
];

export const cloudTrailService: JsonService = {
  service: 'cloudtrail',
  model: cloudTrailModel,
  // CloudTrail Lake's StartQuery / DescribeQuery / GetQueryResults are in the model already: spread their
  // handlers in here and they are routed and validated like LookupEvents.
  operations: cloudTrailOperations,
  invalid: (violations) => {
    const path = violations[0]?.path ?? '';
    const code =
      MEMBER_ERRORS.find(([prefix]) => path.startsWith(prefix))?.[1] ?? 'InvalidParameterException';
    return new AwsFault(code, validationMessage(violations));
  },
};
