import { classifyAwsError, errorName, LookupEventsCommand } from '../../aws';
import type { DoctorCheck, DoctorOutcome } from '../types';

const DAY_MS = 24 * 3600_000;

/** Can the bot see sign-in events, the evidence behind the password, MFA and federation checks? */
export const signinEvidence: DoctorCheck = {
  id: 'signin-evidence',
  title: 'Can the bot read sign-in events, and does it see any?',
  cheap: false,
  async run({ aws, settings, now }): Promise<DoctorOutcome> {
    const source = settings.ticketsTable
      ? `the sign-in index in ${settings.ticketsTable} first, then CloudTrail LookupEvents`
      : 'CloudTrail LookupEvents';
    const via = settings.cloudTrailRoleArn ? ` through ${settings.cloudTrailRoleArn}` : '';
    try {
      const end = now();
      const out = await aws.cloudTrail.send(
        new LookupEventsCommand({
          StartTime: new Date(end - DAY_MS),
          EndTime: new Date(end),
          MaxResults: 1,
          LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'signin.amazonaws.com' }],
        }),
      );
      const latest = out.Events?.[0]?.EventTime;
      if (latest)
        return {
          status: 'ok',
          summary: `Diagnoses read ${source}${via}; the latest sign-in event seen is from ${latest.toISOString()}.`,
        };
      return {
        status: 'warn',
        summary: `Diagnoses read ${source}${via}, but CloudTrail in ${settings.region} shows no sign-in event in the last 24 hours, so sign-in checks will report what they could not see.`,
        fix: 'Sign-in events are recorded in the account that owns the Identity Center instance, in its home region: run the bot there, or set CLOUDTRAIL_ROLE_ARN to a role in that account that allows cloudtrail:LookupEvents.',
      };
    } catch (error) {
      const code = classifyAwsError(error);
      return {
        status: code === 'access-denied' ? 'fail' : 'warn',
        summary: `cloudtrail:LookupEvents${via} failed: ${errorName(error) ?? 'unknown error'}; sign-in checks will have gaps.`,
        fix:
          code === 'access-denied'
            ? `Allow cloudtrail:LookupEvents ${settings.cloudTrailRoleArn ? 'in CLOUDTRAIL_ROLE_ARN' : "in the bot's role"}.`
            : 'Run the doctor again; if it persists, check the region and the credentials.',
      };
    }
  },
};
