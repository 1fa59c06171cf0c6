import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BenchResults } from '../../src/bench/report';
import {
  formatBenchTable,
  replaceBetweenMarkers,
  TABLE_END,
  TABLE_START,
  tableIn,
} from '../../src/bench/table';

const ROOT = resolve(__dirname, '../..');
/** The run the README shows. */
const RESULTS = resolve(ROOT, 'src/bench/results/bench-results.json');

describe("the README's performance table", () => {
  it('is exactly what the generator makes of the committed results', () => {
    const results = JSON.parse(readFileSync(RESULTS, 'utf8')) as BenchResults;
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
    expect(tableIn(readme)).toBe(formatBenchTable(results));
  });

  it('is replaced between its markers and nowhere else', () => {
    const text = `before\n${TABLE_START}\nold\n${TABLE_END}\nafter\n`;
    expect(replaceBetweenMarkers(text, 'new')).toBe(`before\n${TABLE_START}\nnew\n${TABLE_END}\nafter\n`);
    expect(() => replaceBetweenMarkers('no markers', 'new')).toThrow('markers');
  });
});
