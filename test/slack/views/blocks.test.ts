import type { types } from '@slack/bolt';
import { LIMITS } from '../../../src/slack/safety';
import {
  button,
  code,
  context,
  esc,
  fallback,
  header,
  section,
  withTail,
} from '../../../src/slack/views/blocks';

describe('view building blocks', () => {
  it('escapes outside text and cuts it without leaving half an escape', () => {
    expect(esc('<!channel> & <@U123>')).toBe('&lt;!channel&gt; &amp; &lt;@U123&gt;');
    const cut = esc('<'.repeat(100), 10);
    expect(cut.length).toBeLessThanOrEqual(10);
    expect(cut).toMatch(/^(&lt;)*…$/);
  });

  it('keeps backticks in outside text from closing a code span', () => {
    expect(code('a`b<c')).toBe("`a'b&lt;c`");
  });

  it('cuts every text to its limit', () => {
    const long = 'x'.repeat(10_000);
    expect(section(long).text?.text.length).toBe(LIMITS.sectionText);
    expect(header(long).text.text.length).toBe(LIMITS.headerText);
    expect(button(long, 'a').text.text.length).toBe(LIMITS.buttonText);
    expect(fallback(long).length).toBe(LIMITS.fallbackText);
  });

  it('never gives an empty fallback', () => {
    expect(fallback('   ')).not.toBe('');
  });

  it('merges context elements beyond ten', () => {
    const block = context(Array.from({ length: 25 }, (_, i) => `line ${i}`));
    expect(block.elements).toHaveLength(LIMITS.contextElements);
  });

  it('keeps the tail when the body is too long', () => {
    const body: types.KnownBlock[] = Array.from({ length: 80 }, (_, i) => section(`block ${i}`));
    const tail: types.KnownBlock[] = [
      { type: 'actions', block_id: 'tail', elements: [button('Go', 'go', 'id')] },
    ];
    const blocks = withTail(body, tail);
    expect(blocks).toHaveLength(LIMITS.blocksPerMessage);
    expect(blocks.at(-1)).toBe(tail[0]);
    expect(blocks.at(-2)?.type).toBe('context');
    expect(withTail(body.slice(0, 3), tail)).toHaveLength(4);
  });
});
