import type { Check } from '../check';

/** instance-not-found: the bot can read exactly one active Identity Center instance. */
export const instanceNotFoundCheck: Check = {
  id: 'instance-not-found',
  title: 'Can the bot find the Identity Center instance?',
  needs: [],
  gate: 'there is no Identity Center instance to read',
  async run({ facts, finding }) {
    const resolution = await facts.instanceResolution();
    switch (resolution.kind) {
      case 'found':
        return [];
      case 'none':
        return [
          finding('instance-not-found', {
            evidence: { region: facts.settings.region, instancesSeen: [] },
          }),
        ];
      case 'configured-missing':
        return [
          finding('instance-not-found', {
            evidence: {
              region: facts.settings.region,
              configuredInstanceArn: resolution.configuredArn,
              instancesSeen: resolution.instanceArns,
            },
          }),
        ];
      case 'ambiguous':
        // Several instances and none configured: the bot cannot guess which one the person uses.
        return [
          finding('instance-not-found', {
            evidence: {
              region: facts.settings.region,
              instancesSeen: resolution.instanceArns,
              ambiguous: true,
            },
          }),
        ];
    }
  },
};
