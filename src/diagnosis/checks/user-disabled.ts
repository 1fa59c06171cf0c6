import type { Check } from '../check';

/** user-disabled: the user's status is DISABLED (only the console or the IdP can enable it again). */
export const userDisabledCheck: Check = {
  id: 'user-disabled',
  title: 'Is the user enabled?',
  needs: ['user-not-found'],
  async run({ facts, finding }) {
    const user = await facts.user();
    if (user.UserStatus !== 'DISABLED') return [];
    return [
      finding('user-disabled', {
        evidence: {
          userId: user.UserId,
          userName: user.UserName,
          userStatus: user.UserStatus,
          ...(user.UpdatedAt ? { updatedAt: user.UpdatedAt.toISOString() } : {}),
        },
        ...(user.UpdatedAt ? { evidenceAt: user.UpdatedAt.toISOString() } : {}),
      }),
    ];
  },
};
