import type { Check } from '../check';

/** user-not-found: an Identity Store user answers to the person's email or user name. */
export const userNotFoundCheck: Check = {
  id: 'user-not-found',
  title: 'Does Identity Center have a user for this person?',
  needs: ['instance-not-found'],
  gate: 'no Identity Center user matches this person',
  async run({ facts, finding }) {
    const lookup = await facts.userLookup();
    if (lookup.user) return [];
    return [
      finding('user-not-found', {
        evidence: {
          identifier: facts.request.user,
          tried: lookup.tried.map((t) => `${t.attribute} = ${t.value}`),
        },
        fix: null,
      }),
    ];
  },
};
