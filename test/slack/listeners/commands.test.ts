import { handleCantLoginCommand } from '../../../src/slack/listeners/commands/cant-login';
import { buildArguments, fakeDeps } from './build-arguments';

const command = (user: string, text: string) => ({
  command: { user_id: user, text, channel_id: 'C0GENERAL', response_url: 'https://hooks.example/1' },
});

describe('listeners/commands/cant-login', () => {
  it('acknowledges, then queues a diagnosis of the requester', async () => {
    const deps = fakeDeps();
    const { args, calls } = buildArguments<Parameters<ReturnType<typeof handleCantLoginCommand>>[0]>(
      command('U0SOFIA', 'prod-us'),
    );
    await handleCantLoginCommand(deps)(args);
    expect(JSON.stringify(calls.acks)).toContain('On it');
    expect(deps.jobs).toEqual([
      expect.objectContaining({
        kind: 'diagnose',
        requesterId: 'U0SOFIA',
        targetId: 'U0SOFIA',
        text: 'prod-us',
      }),
    ]);
  });

  it('refuses someone else’s access to a non-approver in the ack itself, and queues nothing', async () => {
    const deps = fakeDeps();
    const { args, calls } = buildArguments<never>(command('U0PRIYA', '<@U0BEN|ben>'));
    await handleCantLoginCommand(deps)(args);
    expect(JSON.stringify(calls.acks)).toMatch(/Only Identity Center approvers/);
    expect(JSON.stringify(calls.acks)).not.toMatch(/On it/);
    expect(deps.jobs).toEqual([]);
  });

  it('slows a person down after the limit, before anything else', async () => {
    const deps = fakeDeps({ limit: 1 });
    await handleCantLoginCommand(deps)(buildArguments<never>(command('U0BEN', '')).args);
    const { args, calls } = buildArguments<never>(command('U0BEN', ''));
    await handleCantLoginCommand(deps)(args);
    expect(JSON.stringify(calls.acks)).toMatch(/try again in/);
    expect(deps.jobs).toHaveLength(1);
  });

  it('hands a sub-command to its route, with no diagnosis', async () => {
    const deps = fakeDeps();
    const handled: string[] = [];
    const route = {
      matches: (text: string) => text.trim() === 'help',
      costly: false,
      handle: async () => {
        handled.push('help');
      },
    };
    await handleCantLoginCommand(deps, [route])(buildArguments<never>(command('U0BEN', 'help')).args);
    expect(handled).toEqual(['help']);
    expect(deps.jobs).toEqual([]);
  });
});
