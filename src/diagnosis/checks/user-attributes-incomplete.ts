import type { Check } from '../check';

type NameAttribute = 'GivenName' | 'FamilyName' | 'DisplayName';

const isBlank = (value: string | undefined) => !value?.trim();

/** user-attributes-incomplete: the user has the given, family and display names SCIM updates require. */
export const userAttributesIncompleteCheck: Check = {
  id: 'user-attributes-incomplete',
  title: 'Does the user have a given name, a family name and a display name?',
  needs: ['user-not-found'],
  async run({ facts, finding }) {
    const user = await facts.user();
    const values: Record<NameAttribute, string | undefined> = {
      GivenName: user.Name?.GivenName,
      FamilyName: user.Name?.FamilyName,
      DisplayName: user.DisplayName,
    };
    const missing = (Object.keys(values) as NameAttribute[]).filter((k) => isBlank(values[k]));
    if (missing.length === 0) return [];
    return [
      finding('user-attributes-incomplete', {
        evidence: { missing, externallyManaged: (user.ExternalIds?.length ?? 0) > 0 },
        fix: null,
      }),
    ];
  },
};
