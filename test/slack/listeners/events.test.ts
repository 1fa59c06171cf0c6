import { handleAppHomeOpened } from '../../../src/slack/listeners/events/app-home-opened';
import { buildArguments, fakeDeps } from './build-arguments';

describe('listeners/events/app-home-opened', () => {
  it('publishes the home tab only, for the person who opened it', async () => {
    const deps = fakeDeps();
    await handleAppHomeOpened(deps)(buildArguments<never>({ event: { tab: 'home', user: 'U0BEN' } }).args);
    await handleAppHomeOpened(deps)(
      buildArguments<never>({ event: { tab: 'messages', user: 'U0BEN' } }).args,
    );
    expect(deps.jobs).toEqual([expect.objectContaining({ kind: 'publish-home', userId: 'U0BEN' })]);
  });
});
