import {
  type AwsClients,
  GetCallerIdentityCommand,
  ListApplicationsCommand,
  ListGroupsCommand,
  ListPermissionSetsCommand,
  ListUsersCommand,
  toAwsCallError,
} from '../../aws';
import { DIAGNOSIS_ACTIONS } from '../../aws/iam-actions';
import { resolveInstance } from '../../inventory/resolve-instance';
import { NO_SUCH_ID, type ProbeContext, probe } from '../probes';
import type { DoctorCheck, DoctorOutcome } from '../types';

/** A real id is only a better probe target: when its read fails, a stand-in of the right form is used,
 * and the probe of that same action reports the failure (denied, or not confirmed) in the results. */
const useStandIn = (): undefined => undefined;

const first = async <T>(read: () => Promise<T[] | undefined>): Promise<T | undefined> =>
  (await read().catch(useStandIn))?.[0];

/** Real ids to probe with where a read returns one, stand-ins of the right form otherwise. */
async function probeContext(
  aws: AwsClients,
  instanceArn: string,
  identityStoreId: string,
): Promise<ProbeContext> {
  const instanceId = instanceArn.split('/').pop() ?? 'ssoins-0000000000000000';
  const [caller, ps, user, group, app] = await Promise.all([
    aws.sts.send(new GetCallerIdentityCommand({})).catch(useStandIn),
    first(
      async () =>
        (await aws.ssoAdmin.send(new ListPermissionSetsCommand({ InstanceArn: instanceArn, MaxResults: 1 })))
          .PermissionSets,
    ),
    first(
      async () =>
        (
          await aws.identityStore.send(
            new ListUsersCommand({ IdentityStoreId: identityStoreId, MaxResults: 1 }),
          )
        ).Users,
    ),
    first(
      async () =>
        (
          await aws.identityStore.send(
            new ListGroupsCommand({ IdentityStoreId: identityStoreId, MaxResults: 1 }),
          )
        ).Groups,
    ),
    first(
      async () =>
        (await aws.ssoAdmin.send(new ListApplicationsCommand({ InstanceArn: instanceArn, MaxResults: 1 })))
          .Applications,
    ),
  ]);
  const accountId = caller?.Account ?? '000000000000';
  return {
    instanceArn,
    identityStoreId,
    accountId,
    permissionSetArn: ps ?? `arn:aws:sso:::permissionSet/${instanceId}/ps-0000000000000000`,
    userId: user?.UserId ?? NO_SUCH_ID,
    groupId: group?.GroupId ?? NO_SUCH_ID,
    applicationArn:
      app?.ApplicationArn ?? `arn:aws:sso::${accountId}:application/${instanceId}/apl-0000000000000000`,
  };
}

/** Is every read the diagnosis makes allowed? One harmless read per IAM action, so a missing
 * permission shows up here rather than as a gap in someone's diagnosis. */
export const iamReadActions: DoctorCheck = {
  id: 'iam-read-actions',
  title: 'May the bot make every AWS read the diagnosis needs?',
  cheap: false,
  async run({ aws, settings }): Promise<DoctorOutcome> {
    let unreadable = '';
    const found = await resolveInstance(aws, settings.region, settings.instanceArn).catch(
      (error: unknown) => {
        unreadable = ` (${toAwsCallError(error, 'sso', 'ListInstances').message.slice(0, 200)})`;
        return undefined;
      },
    );
    if (found?.kind !== 'found')
      return {
        status: 'warn',
        summary: `Not checked: the Identity Center instance could not be read${unreadable}, and most reads need it (${DIAGNOSIS_ACTIONS.length} actions unverified).`,
        fix: 'Fix the Identity Center check first, then run the doctor again.',
      };
    const ctx = await probeContext(aws, found.instance.InstanceArn, found.instance.IdentityStoreId);
    const verdicts = await Promise.all(
      DIAGNOSIS_ACTIONS.map(async (action) => ({ action, verdict: await probe(action, aws, ctx) })),
    );
    const denied = verdicts.filter((v) => v.verdict.kind === 'denied').map((v) => v.action);
    const unknown = verdicts.flatMap((v) =>
      v.verdict.kind === 'unknown' ? [`${v.action}: ${v.verdict.error}`] : [],
    );
    if (denied.length > 0)
      return {
        status: 'fail',
        summary: `${denied.length} of ${DIAGNOSIS_ACTIONS.length} actions are denied; diagnoses will have gaps where they are needed.`,
        fix: `Allow ${denied.join(', ')} in the bot's role (the CDK app in infra/ grants exactly the list in src/aws/iam-actions.ts).${settings.cloudTrailRoleArn && denied.includes('cloudtrail:LookupEvents') ? ' cloudtrail:LookupEvents is read through CLOUDTRAIL_ROLE_ARN: allow it there.' : ''}`,
        details: [...denied.map((a) => `denied: ${a}`), ...unknown.map((u) => `not confirmed: ${u}`)],
      };
    if (unknown.length > 0)
      return {
        status: 'warn',
        summary: `${DIAGNOSIS_ACTIONS.length - unknown.length} of ${DIAGNOSIS_ACTIONS.length} actions allowed; ${unknown.length} could not be confirmed.`,
        fix: 'Run the doctor again; if the same actions stay unconfirmed, check them with the IAM policy simulator.',
        details: unknown.map((u) => `not confirmed: ${u}`),
      };
    return { status: 'ok', summary: `All ${DIAGNOSIS_ACTIONS.length} read actions are allowed.` };
  },
};
