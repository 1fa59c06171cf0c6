import { handlePickOptions } from '../../../src/slack/listeners/options/pick-options';
import { awaitingTicket, buildArguments, cardMessage, fakeDeps } from './build-arguments';

const suggestion = (user: string, typed: string) => ({
  body: { user: { id: user }, message: cardMessage('t-1') },
  payload: { value: typed },
});

describe('listeners/options/pick-options', () => {
  const deps = fakeDeps({ approvers: ['U0IRENE', 'U0SOFIA'], tickets: [awaitingTicket()] });

  it('answers an approver from the stored choices, filtered by what was typed', async () => {
    const { args, calls } = buildArguments<never>(suggestion('U0IRENE', 'read'));
    await handlePickOptions(deps, 'permission-set')(args);
    expect(calls.acks).toEqual([
      { options: [{ text: expect.objectContaining({ text: 'ReadOnly' }), value: 'ps-ro' }] },
    ]);
  });

  it('answers the subject (even an approver) and non-approvers with nothing', async () => {
    for (const user of ['U0SOFIA', 'U0PRIYA']) {
      const { args, calls } = buildArguments<never>(suggestion(user, ''));
      await handlePickOptions(deps, 'account')(args);
      expect(calls.acks).toEqual([{ options: [] }]);
    }
  });
});
