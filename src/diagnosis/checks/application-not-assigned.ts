import type { Check } from '../check';

/** application-not-assigned: the person is assigned to the application they named, directly or through a group. */
export const applicationNotAssignedCheck: Check = {
  id: 'application-not-assigned',
  title: 'Is the person assigned to the application they asked for?',
  needs: ['user-not-found'],
  async run({ facts, request, finding }) {
    const asked = request.application?.trim();
    if (!asked) return { skip: 'the person named no application' };
    const application = await facts.requestedApplication();
    if (!application) return { skip: `no application named ${asked}` };
    const [user, groups] = await Promise.all([facts.user(), facts.groups()]);
    const answers = await Promise.all([
      facts.applicationAssignments('USER', user.UserId, application.arn),
      ...groups.map((g) => facts.applicationAssignments('GROUP', g.groupId, application.arn)),
    ]);
    if (answers.some((rows) => rows.length > 0)) return [];
    return [
      finding('application-not-assigned', {
        context: { applicationName: application.name ?? asked },
        evidence: {
          applicationArn: application.arn,
          groupsChecked: groups.map((g) => g.displayName ?? g.groupId),
        },
        fix: null,
      }),
    ];
  },
};
