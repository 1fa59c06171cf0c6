import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DriftScanResult, mergeDriftScans } from '../../src/bench/drift-scan';

const result = (size: 'S' | 'L', awsCalls: number): DriftScanResult => ({
  size,
  scenario: 'drift-scan',
  quotaShare: 0.5,
  latencyMs: 50,
  durationMs: 1000,
  awsCalls,
  throttledCalls: 0,
  callsByService: { sso: awsCalls },
  boundMs: 900,
  runs: 1,
  budgetMs: 300_000,
  drifts: 3,
  driftsByKind: { 'permission-set-not-provisioned': 3 },
  coverageComplete: true,
});

describe('drift-scan results in bench-results.json', () => {
  it('adds them beside the diagnosis runs, replacing only the same size', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'bench-')), 'bench-results.json');
    writeFileSync(path, JSON.stringify({ runs: [{ size: 'S', scenario: 'single' }] }));
    await mergeDriftScans(path, [result('S', 10), result('L', 20)]);
    await mergeDriftScans(path, [result('L', 30)]);
    const json = JSON.parse(readFileSync(path, 'utf8'));
    expect(json.runs).toEqual([{ size: 'S', scenario: 'single' }]);
    expect(json.driftScans.map((r: DriftScanResult) => [r.size, r.scenario, r.awsCalls])).toEqual([
      ['S', 'drift-scan', 10],
      ['L', 'drift-scan', 30],
    ]);
  });

  it('starts the file when there is none', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'bench-')), 'bench-results.json');
    await mergeDriftScans(path, [result('L', 5)]);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ driftScans: [result('L', 5)] });
  });
});
