import { limitViewsPerPerson } from '../../../src/slack/listeners/rate-limit';
import { handleRejectReason } from '../../../src/slack/listeners/views/reject-reason';
import { buildArguments, fakeDeps } from './build-arguments';

const submission = (reason: string | null) => ({
  body: { user: { id: 'U0IRENE' } },
  view: {
    private_metadata: 't-1',
    state: { values: { reject_reason: { reason: { type: 'plain_text_input', value: reason } } } },
  },
});

describe('listeners/views/reject-reason', () => {
  it('queues the rejection with its reason, or without one', async () => {
    const deps = fakeDeps();
    await handleRejectReason(deps)(buildArguments<never>(submission('not now')).args);
    await handleRejectReason(deps)(buildArguments<never>(submission(null)).args);
    expect(deps.jobs).toEqual([
      expect.objectContaining({ kind: 'reject', ticketId: 't-1', clickerId: 'U0IRENE', reason: 'not now' }),
      expect.not.objectContaining({ reason: expect.anything() }),
    ]);
  });

  it('past the rate limit the dialog stays open and says when to try again', async () => {
    const deps = fakeDeps({ limit: 1 });
    await limitViewsPerPerson(deps)(buildArguments<never>(submission('x')).args);
    const { args, calls } = buildArguments<never>(submission('x'));
    await limitViewsPerPerson(deps)(args);
    expect(calls.nexts).toBe(0);
    expect(calls.acks).toEqual([
      { response_action: 'errors', errors: { reject_reason: expect.stringMatching(/try again in \d+ s/) } },
    ]);
  });
});
