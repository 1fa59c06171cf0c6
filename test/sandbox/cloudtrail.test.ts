import {
  type CloudTrailClient,
  type LookupAttribute,
  LookupEventsCommand,
  type LookupEventsCommandInput,
  paginateLookupEvents,
} from '@aws-sdk/client-cloudtrail';
import { buildSnapshot, collect, epoch, failure, PS, type StartedSandbox, startSandbox } from './fixtures';

const lookup = (ct: CloudTrailClient, input: LookupEventsCommandInput = {}) =>
  ct.send(new LookupEventsCommand(input));
const ids = async (ct: CloudTrailClient, input: LookupEventsCommandInput = {}) =>
  (await lookup(ct, input)).Events?.map((e) => e.EventId);
const by = (
  AttributeKey: LookupAttribute['AttributeKey'],
  AttributeValue: string,
): LookupEventsCommandInput => ({
  LookupAttributes: [{ AttributeKey, AttributeValue }],
});

describe('CloudTrail LookupEvents', () => {
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(async () => {
    await s.close();
  });

  it('returns the last 90 days up to now, newest first, whatever the snapshot order', async () => {
    const out = await lookup(s.ct);
    expect(out.Events?.map((e) => e.EventId)).toEqual([
      'ev-assign-1150',
      'ev-verify-1140',
      'ev-list-1130',
      'ev-old-1000',
    ]);
    expect(out.Events?.map((e) => e.EventTime)).toEqual([
      epoch('2026-11-23T11:50:00Z'),
      epoch('2026-11-23T11:40:00Z'),
      epoch('2026-11-23T11:30:00Z'),
      epoch('2026-11-23T10:00:00Z'),
    ]);
    expect(out.NextToken).toBeUndefined();
  });

  it('answers each event in the AWS shape, with ReadOnly defaulting to "false"', async () => {
    const out = await lookup(s.ct, by('EventId', 'ev-assign-1150'));
    expect(out.Events).toEqual([
      {
        EventId: 'ev-assign-1150',
        EventName: 'CreateAccountAssignment',
        EventSource: 'sso.amazonaws.com',
        EventTime: epoch('2026-11-23T11:50:00Z'),
        Username: 'admin',
        ReadOnly: 'false',
        AccessKeyId: 'ASIAEXAMPLE',
        Resources: [{ ResourceType: 'AWS::SSO::PermissionSet', ResourceName: PS.readOnly }],
      },
    ]);
    const verify = (await lookup(s.ct, by('EventId', 'ev-verify-1140'))).Events?.[0];
    expect(verify?.ReadOnly).toBe('false');
    expect(verify?.Username).toBe('');
    expect(verify?.EventTime).toBeInstanceOf(Date);
  });

  it('serialises a CloudTrailEvent given as an object to a JSON string', async () => {
    const verify = (await lookup(s.ct, by('EventId', 'ev-verify-1140'))).Events?.[0];
    expect(typeof verify?.CloudTrailEvent).toBe('string');
    expect(JSON.parse(verify!.CloudTrailEvent!)).toEqual({
      eventVersion: '1.08',
      userIdentity: { type: 'Unknown' },
      additionalEventData: { UserName: 'alice@example.com', CredentialType: 'TOTP' },
      serviceEventDetails: { CredentialVerification: 'Failure' },
    });
  });

  it('passes a CloudTrailEvent given as a string through unchanged', async () => {
    const old = (await lookup(s.ct, by('EventId', 'ev-old-1000'))).Events?.[0];
    expect(old?.CloudTrailEvent).toBe(
      '{"eventVersion":"1.08","serviceEventDetails":{"UserAuthentication":"Success"}}',
    );
  });

  it('filters on one lookup attribute of each kind', async () => {
    expect(await ids(s.ct, by('EventSource', 'signin.amazonaws.com'))).toEqual([
      'ev-verify-1140',
      'ev-old-1000',
    ]);
    expect(await ids(s.ct, by('EventSource', 'sso.amazonaws.com'))).toEqual([
      'ev-assign-1150',
      'ev-list-1130',
    ]);
    expect(await ids(s.ct, by('EventName', 'CredentialVerification'))).toEqual(['ev-verify-1140']);
    expect(await ids(s.ct, by('Username', 'bob'))).toEqual(['ev-old-1000']);
    expect(await ids(s.ct, by('ReadOnly', 'true'))).toEqual(['ev-list-1130']);
    expect(await ids(s.ct, by('ReadOnly', 'false'))).toEqual([
      'ev-assign-1150',
      'ev-verify-1140',
      'ev-old-1000',
    ]);
    expect(await ids(s.ct, by('AccessKeyId', 'ASIAEXAMPLE'))).toEqual(['ev-assign-1150']);
    expect(await ids(s.ct, by('ResourceType', 'AWS::SSO::PermissionSet'))).toEqual(['ev-assign-1150']);
    expect(await ids(s.ct, by('ResourceName', PS.readOnly))).toEqual(['ev-assign-1150']);
    expect(await ids(s.ct, by('EventName', 'NoSuchEvent'))).toEqual([]);
  });

  it('answers InvalidLookupAttributesException for two attributes', async () => {
    const err = await failure(
      lookup(s.ct, {
        LookupAttributes: [
          { AttributeKey: 'EventSource', AttributeValue: 'signin.amazonaws.com' },
          { AttributeKey: 'EventName', AttributeValue: 'CredentialVerification' },
        ],
      }),
    );
    expect(err.name).toBe('InvalidLookupAttributesException');
    expect(err.message).toBe('You can only specify one lookup attribute.');
  });

  it('answers InvalidLookupAttributesException for an unknown key or an empty value', async () => {
    const badKey = await failure(lookup(s.ct, by('Color' as LookupAttribute['AttributeKey'], 'red')));
    expect(badKey.name).toBe('InvalidLookupAttributesException');
    expect(badKey.message).toBe(
      "1 validation error detected: Value 'Color' at 'lookupAttributes.1.member.attributeKey' failed to satisfy constraint: Member must satisfy enum value set: [EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId]",
    );
    const empty = await failure(lookup(s.ct, by('EventName', '')));
    expect(empty.name).toBe('InvalidLookupAttributesException');
  });

  it('keeps only events inside the StartTime/EndTime window, both ends included', async () => {
    expect(
      await ids(s.ct, { StartTime: epoch('2026-11-23T11:35:00Z'), EndTime: epoch('2026-11-23T11:45:00Z') }),
    ).toEqual(['ev-verify-1140']);
    expect(
      await ids(s.ct, { StartTime: epoch('2026-11-23T11:30:00Z'), EndTime: epoch('2026-11-23T11:40:00Z') }),
    ).toEqual(['ev-verify-1140', 'ev-list-1130']);
    expect(await ids(s.ct, { StartTime: epoch('2026-11-23T11:45:00Z') })).toEqual(['ev-assign-1150']);
    expect(await ids(s.ct, { EndTime: epoch('2026-11-23T11:00:00Z') })).toEqual(['ev-old-1000']);
    expect(
      await ids(s.ct, {
        ...by('EventSource', 'signin.amazonaws.com'),
        StartTime: epoch('2026-11-23T09:00:00Z'),
        EndTime: epoch('2026-11-23T11:00:00Z'),
      }),
    ).toEqual(['ev-old-1000']);
  });

  it('never returns events older than 90 days, even when StartTime asks for them', async () => {
    expect(
      await ids(s.ct, { ...by('EventId', 'ev-ancient'), StartTime: epoch('2026-01-01T00:00:00Z') }),
    ).toEqual([]);
  });

  it('answers InvalidTimeRangeException when StartTime is after EndTime', async () => {
    const err = await failure(
      lookup(s.ct, { StartTime: epoch('2026-11-23T11:45:00Z'), EndTime: epoch('2026-11-23T11:35:00Z') }),
    );
    expect(err.name).toBe('InvalidTimeRangeException');
  });

  it('answers an empty list for the insight category', async () => {
    expect(await ids(s.ct, { EventCategory: 'insight' })).toEqual([]);
  });

  it.each([0, 51, 100])('answers InvalidMaxResultsException for MaxResults %p', async (MaxResults) => {
    const err = await failure(lookup(s.ct, { MaxResults }));
    expect(err.name).toBe('InvalidMaxResultsException');
    expect(err.message).toBe(
      `1 validation error detected: Value '${MaxResults}' at 'maxResults' failed to satisfy constraint: Member must have value ${MaxResults < 1 ? 'greater than or equal to 1' : 'less than or equal to 50'}`,
    );
  });

  it('accepts MaxResults 50 and 1', async () => {
    expect(await ids(s.ct, { MaxResults: 50 })).toHaveLength(4);
    const one = await lookup(s.ct, { MaxResults: 1 });
    expect(one.Events?.map((e) => e.EventId)).toEqual(['ev-assign-1150']);
    expect(one.NextToken).toEqual(expect.any(String));
  });
});

describe('CloudTrail LookupEvents over time', () => {
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(async () => {
    await s.close();
  });

  it('shows an event once the clock has passed its time', async () => {
    expect(await ids(s.ct, by('EventSource', 'signin.amazonaws.com'))).toEqual([
      'ev-verify-1140',
      'ev-old-1000',
    ]);
    s.clock.advance(9 * 60_000);
    expect(await ids(s.ct, by('EventName', 'CredentialChallenge'))).toEqual([]);
    s.clock.advance(60_000);
    expect(await ids(s.ct, by('EventSource', 'signin.amazonaws.com'))).toEqual([
      'ev-future-1210',
      'ev-verify-1140',
      'ev-old-1000',
    ]);
  });
});

describe('CloudTrail paging', () => {
  const extra = Array.from({ length: 4 }, (_, i) => ({
    EventId: `ev-page-${i}`,
    EventName: 'CredentialChallenge',
    EventSource: 'signin.amazonaws.com',
    EventTime: `2026-11-23T09:0${i}:00Z`,
  }));
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox(buildSnapshot((snap) => snap.cloudTrail!.events!.push(...extra)));
  });
  afterAll(async () => {
    await s.close();
  });

  it('paginateLookupEvents with pageSize 2 yields every event exactly once, newest first', async () => {
    const { rows, pageCount } = await collect(
      paginateLookupEvents({ client: s.ct, pageSize: 2 }, { ...by('EventSource', 'signin.amazonaws.com') }),
      (p) => p.Events,
    );
    expect(pageCount).toBe(3);
    expect(rows.map((e) => e.EventId)).toEqual([
      'ev-verify-1140',
      'ev-old-1000',
      'ev-page-3',
      'ev-page-2',
      'ev-page-1',
      'ev-page-0',
    ]);
  });

  it('paginateLookupEvents over a time window yields 4 pages of the 8 events', async () => {
    const { rows, pageCount } = await collect(
      paginateLookupEvents({ client: s.ct, pageSize: 2 }, { StartTime: epoch('2026-11-23T00:00:00Z') }),
      (p) => p.Events,
    );
    expect(pageCount).toBe(4);
    expect(new Set(rows.map((e) => e.EventId)).size).toBe(8);
  });

  it('answers InvalidNextTokenException to a token reused with different parameters', async () => {
    const first = await lookup(s.ct, { ...by('EventSource', 'signin.amazonaws.com'), MaxResults: 2 });
    expect(first.NextToken).toEqual(expect.any(String));
    const err = await failure(
      lookup(s.ct, { ...by('EventSource', 'sso.amazonaws.com'), MaxResults: 2, NextToken: first.NextToken }),
    );
    expect(err.name).toBe('InvalidNextTokenException');
    const window = await failure(
      lookup(s.ct, {
        ...by('EventSource', 'signin.amazonaws.com'),
        StartTime: epoch('2026-11-23T00:00:00Z'),
        MaxResults: 2,
        NextToken: first.NextToken,
      }),
    );
    expect(window.name).toBe('InvalidNextTokenException');
    const same = await lookup(s.ct, {
      ...by('EventSource', 'signin.amazonaws.com'),
      MaxResults: 2,
      NextToken: first.NextToken,
    });
    expect(same.Events?.map((e) => e.EventId)).toEqual(['ev-page-3', 'ev-page-2']);
  });
});
