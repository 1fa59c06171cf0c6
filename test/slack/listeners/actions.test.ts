import { handleApprove } from '../../../src/slack/listeners/actions/approve';
import { handleCheckAgain } from '../../../src/slack/listeners/actions/check-again';
import { handleGetHuman } from '../../../src/slack/listeners/actions/get-human';
import { handleHomeRefresh } from '../../../src/slack/listeners/actions/home-refresh';
import { handleItWorksNow } from '../../../src/slack/listeners/actions/it-works-now';
import { handlePickChoice } from '../../../src/slack/listeners/actions/pick-choice';
import { handlePickSymptom } from '../../../src/slack/listeners/actions/pick-symptom';
import { handleReject } from '../../../src/slack/listeners/actions/reject';
import { limitActionsPerPerson } from '../../../src/slack/listeners/rate-limit';
import { awaitingTicket, buildArguments, cardMessage, fakeDeps } from './build-arguments';

const click = (user: string, action: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  body: { user: { id: user }, trigger_id: 'trig-1', response_url: 'https://hooks.example/r', ...extra },
  action,
});

const reportMessage = {
  type: 'message',
  ts: '1.0',
  blocks: [{ type: 'actions', elements: [{ action_id: 'report_check_again', value: 't-9' }] }],
};

describe('listeners/actions', () => {
  it('check-again: acks and re-diagnoses the same ticket', async () => {
    const deps = fakeDeps();
    const { args, calls } = buildArguments<never>(click('U0BEN', { value: 't-9' }));
    await handleCheckAgain(deps)(args);
    expect(calls.acks).toHaveLength(1);
    expect(deps.jobs).toEqual([
      expect.objectContaining({ kind: 'diagnose', checkId: 't-9', requesterId: 'U0BEN' }),
    ]);
  });

  it('pick-symptom: reads the check id from the message and queues the symptom', async () => {
    const deps = fakeDeps();
    const { args } = buildArguments<never>(
      click('U0BEN', { selected_option: { value: 'symptom-no-accounts' } }, { message: reportMessage }),
    );
    await handlePickSymptom(deps)(args);
    expect(deps.jobs).toEqual([expect.objectContaining({ checkId: 't-9', symptom: 'symptom-no-accounts' })]);
  });

  it('it-works-now and get-human: queue their job for the worker to check ownership', async () => {
    const deps = fakeDeps();
    await handleItWorksNow(deps)(buildArguments<never>(click('U0BEN', { value: 't-9' })).args);
    await handleGetHuman(deps)(buildArguments<never>(click('U0BEN', { value: 't-9' })).args);
    expect(deps.jobs.map((j) => j.kind)).toEqual(['it-works', 'get-human']);
  });

  it('approve: queues only the ticket id and who clicked', async () => {
    const deps = fakeDeps();
    await handleApprove(deps)(buildArguments<never>(click('U0IRENE', { value: 't-1' })).args);
    expect(deps.jobs).toEqual([
      expect.objectContaining({
        kind: 'approve',
        ticketId: 't-1',
        clickerId: 'U0IRENE',
        responseUrl: 'https://hooks.example/r',
      }),
    ]);
  });

  it('reject: opens the dialog for an approver; tells anyone else why and opens nothing', async () => {
    const deps = fakeDeps({ approvers: ['U0IRENE', 'U0SOFIA'], tickets: [awaitingTicket()] });
    const irene = buildArguments<never>(click('U0IRENE', { value: 't-1' }));
    await handleReject(deps)(irene.args);
    expect(irene.calls.viewsOpened).toHaveLength(1);
    const sofia = buildArguments<never>(click('U0SOFIA', { value: 't-1' }));
    await handleReject(deps)(sofia.args);
    expect(sofia.calls.viewsOpened).toEqual([]);
    expect(JSON.stringify(sofia.calls.responds)).toMatch(/your own access/);
  });

  it('pick-choice: reads the ticket id from the card and queues the pick', async () => {
    const deps = fakeDeps();
    const { args } = buildArguments<never>(
      click(
        'U0IRENE',
        { selected_option: { value: 'ps-ro', text: { type: 'plain_text', text: 'ReadOnly' } } },
        { message: cardMessage('t-1') },
      ),
    );
    await handlePickChoice(deps, 'permission-set')(args);
    expect(deps.jobs).toEqual([
      expect.objectContaining({ kind: 'pick', ticketId: 't-1', what: 'permission-set', value: 'ps-ro' }),
    ]);
  });

  it('home-refresh: queues a publish of the clicker’s home', async () => {
    const deps = fakeDeps();
    await handleHomeRefresh(deps)(buildArguments<never>(click('U0BEN', {})).args);
    expect(deps.jobs).toEqual([expect.objectContaining({ kind: 'publish-home', userId: 'U0BEN' })]);
  });

  it('the rate-limit middleware passes within the limit and answers (without queueing) past it', async () => {
    const deps = fakeDeps({ limit: 1 });
    const first = buildArguments<never>(click('U0BEN', {}));
    await limitActionsPerPerson(deps)(first.args);
    expect(first.calls.nexts).toBe(1);
    const second = buildArguments<never>(click('U0BEN', {}));
    await limitActionsPerPerson(deps)(second.args);
    expect(second.calls.nexts).toBe(0);
    expect(second.calls.acks).toHaveLength(1);
    expect(JSON.stringify(second.calls.responds)).toMatch(/try again in/);
  });
});
