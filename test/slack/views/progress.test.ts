import { escapeMrkdwn } from '../../../src/slack/safety';
import { buildProgressView, progressBar } from '../../../src/slack/views/progress';
import { allText, expectNoInjection, expectWithinLimits, INJECTION } from './fixtures';

describe('buildProgressView', () => {
  it('says what it is doing and how far it got', () => {
    const view = buildProgressView({ done: 6, total: 14 });
    expect(view.text).toBe("Looking into why you can't get into AWS… Checked 6 of 14");
    expect(allText(view)).toContain(`\`${progressBar(6, 14)}\` Checked 6 of 14`);
    expect(view.blocks).toHaveLength(1);
  });

  it('draws a bar that fills as checks finish', () => {
    expect(progressBar(0, 14)).toBe('▱'.repeat(14));
    expect(progressBar(7, 14)).toBe('▰'.repeat(7) + '▱'.repeat(7));
    expect(progressBar(14, 14)).toBe('▰'.repeat(14));
  });

  it('copes with odd counts', () => {
    expect(buildProgressView({ done: 20, total: 14 }).text).toContain('Checked 14 of 14');
    expect(buildProgressView({ done: -3, total: 14 }).text).toContain('Checked 0 of 14');
    expect(buildProgressView({ done: 0, total: 0 }).text).toContain('Getting started');
    expect(buildProgressView({ done: Number.NaN, total: Number.NaN }).text).toContain('Getting started');
  });

  it('shows what the person typed, escaped', () => {
    const view = buildProgressView({ done: 1, total: 14, asked: INJECTION });
    expect(allText(view)).toContain(`You said “${escapeMrkdwn(INJECTION)}”`);
    expectNoInjection(view);
    expect(view.text).not.toContain('channel');
  });

  it('leaves out an empty question', () => {
    expect(buildProgressView({ done: 1, total: 14, asked: '   ' }).blocks).toHaveLength(1);
  });

  it('keeps a 10,000-character question within limits', () => {
    const view = buildProgressView({ done: 1, total: 14, asked: '<!channel>'.repeat(1000) });
    expectWithinLimits(view, 50);
    expectNoInjection(view);
  });
});
