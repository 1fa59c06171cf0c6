import { neededScope, slackErrorCode } from '../slack-errors';
import type { DoctorCheck, DoctorOutcome, DoctorSlack } from '../types';

async function checkUser(slack: DoctorSlack, id: string): Promise<string | undefined> {
  try {
    const out = await slack.users.info({ user: id });
    if (!out.user) return `${id}: Slack returned no user`;
    if (out.user.deleted) return `${id} (${out.user.name ?? 'unknown'}) is deactivated`;
    if (out.user.is_bot) return `${id} (${out.user.name ?? 'unknown'}) is a bot`;
    return undefined;
  } catch (error) {
    return `${id}: users.info answered ${slackErrorCode(error)}`;
  }
}

/** Can the configured approvers be found in Slack, so someone can approve a fix? */
export const approvers: DoctorCheck = {
  id: 'approvers',
  title: 'Can the configured approvers be found in Slack?',
  cheap: true,
  async run({ slack, settings }): Promise<DoctorOutcome> {
    const ids = settings.approverIds ?? [];
    const group = settings.approverGroupId;
    if (ids.length === 0 && !group) {
      if (settings.sandbox)
        return {
          status: 'warn',
          summary: `No approvers are configured; the snapshot's ${settings.fallbackApprovers?.length ? `${settings.fallbackApprovers.length} ` : ''}admins stand in (sandbox only).`,
          fix: 'Set APPROVERS (Slack user ids, comma-separated) or APPROVER_GROUP_ID (a user group id) before real use.',
        };
      return {
        status: 'fail',
        summary: 'No approvers are configured: nobody can approve a fix or look into someone else.',
        fix: 'Set APPROVERS (Slack user ids such as U0123ABCD, comma-separated) and/or APPROVER_GROUP_ID (a user group id such as S0123ABCD).',
      };
    }
    if (!slack)
      return {
        status: 'warn',
        summary: `${ids.length} approver id(s)${group ? ` and group ${group}` : ''} are configured, but without a bot token they were not looked up.`,
        fix: 'Set SLACK_BOT_TOKEN and run the doctor again.',
      };
    const problems = (await Promise.all(ids.map((id) => checkUser(slack, id)))).filter(
      (p): p is string => p !== undefined,
    );
    let groupMembers = 0;
    if (group) {
      try {
        const out = await slack.usergroups.users.list({ usergroup: group });
        groupMembers = out.users?.length ?? 0;
        if (groupMembers === 0) problems.push(`user group ${group} has no members`);
      } catch (error) {
        const code = slackErrorCode(error);
        problems.push(
          code === 'missing_scope'
            ? `user group ${group}: the token lacks ${neededScope(error) ?? 'usergroups:read'}`
            : `user group ${group}: usergroups.users.list answered ${code}`,
        );
      }
    }
    const usable = ids.length - problems.filter((p) => !p.startsWith('user group')).length + groupMembers;
    const found = `${ids.length} approver id(s)${group ? ` and ${groupMembers} member(s) of ${group}` : ''}`;
    if (problems.length === 0) return { status: 'ok', summary: `Found ${found}.` };
    return {
      status: usable > 0 ? 'warn' : 'fail',
      summary:
        usable > 0
          ? `Some approvers cannot be used: ${problems.length} problem(s); ${usable} approver(s) remain.`
          : 'None of the configured approvers can be used: nobody can approve a fix.',
      fix: "Correct APPROVERS / APPROVER_GROUP_ID: a user id is in the person's profile (⋮ > Copy member ID); a group id in the user group's URL (S…).",
      details: problems,
    };
  },
};
