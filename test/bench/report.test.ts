import { DEFAULT_BENCH_CONFIG, validateBenchConfig } from '../../src/bench/config';
import { countByService, lowerBound, summarise } from '../../src/bench/report';
import type { DiagnosisSample } from '../../src/bench/run';
import type { SandboxCall } from '../../src/sandbox/emulator/server';

// The arithmetic of the bench's figures; the timings themselves are never asserted.

const call = (service: SandboxCall['service'], outcome: SandboxCall['outcome'] = 'ok'): SandboxCall => ({
  service,
  operation: 'X',
  at: 0,
  outcome,
});

function sample(fullMs: number, extra: Partial<DiagnosisSample> = {}): DiagnosisSample {
  return {
    userName: 'p',
    fullMs,
    primaryCause: 'permission-set-not-provisioned',
    signinSource: 'lookup-events',
    inventoryAt: null,
    error: false,
    incomplete: false,
    problems: [],
    ...extra,
  };
}

describe('the bench figures', () => {
  it('bounds by the slowest service’s calls ÷ the bot’s rate, plus round trips × latency', () => {
    const calls = countByService([
      ...Array.from({ length: 60 }, () => call('sso')),
      ...Array.from({ length: 12 }, () => call('cloudtrail')),
      call('sts'),
    ]);
    expect(calls).toEqual({ sso: 60, identitystore: 0, cloudtrail: 12, organizations: 0, sts: 1 });
    // 12 CloudTrail calls at 1/s = 12 s beats 60 SSO calls at 10/s = 6 s; 8 round trips × 50 ms.
    expect(lowerBound(calls, 1, DEFAULT_BENCH_CONFIG, 8)).toEqual({ boundMs: 12_400, boundBy: 'cloudtrail' });
    // One of four diagnoses' share of the same calls.
    expect(lowerBound(calls, 1 / 4, DEFAULT_BENCH_CONFIG, 8)).toEqual({
      boundMs: 3_400,
      boundBy: 'cloudtrail',
    });
  });

  it('records whether the run had a fresh inventory and how many reports took metadata from it', () => {
    const outcome = {
      samples: [sample(1000, { inventoryAt: '2026-12-05T11:59:00.000Z' }), sample(2000)],
      calls: [call('sso')],
      boundDiagnoses: 1,
      ratioOf: 'median' as const,
      roundTrips: 4,
    };
    expect(summarise('L', 'single-cold', 'index', outcome, DEFAULT_BENCH_CONFIG, 'fresh')).toMatchObject({
      inventory: 'fresh',
      inventoryAnswered: 1,
    });
    expect(summarise('L', 'single-cold', 'lookup-events', outcome, DEFAULT_BENCH_CONFIG)).toMatchObject({
      inventory: 'none',
    });
  });

  it('summarises a run: emulator counts, errors apart from incomplete, the gaps said in words', () => {
    const gap =
      'LookupEvents stopped after 10 pages …: read back to 11:42 of a window starting at 12:00 yesterday (UTC)';
    const run = summarise(
      'L',
      'single-cold',
      'lookup-events',
      {
        samples: [
          sample(1000),
          sample(3000, { incomplete: true, signinGap: gap }),
          sample(2000, { error: true, incomplete: true, problems: ['password-failures: throttled'] }),
        ],
        calls: [
          call('sso'),
          call('sso', 'throttled'),
          call('cloudtrail'),
          call('cloudtrail'),
          call('cloudtrail'),
        ],
        boundDiagnoses: 1,
        ratioOf: 'median',
        roundTrips: 4,
      },
      DEFAULT_BENCH_CONFIG,
    );
    expect(run).toMatchObject({
      diagnoses: 3,
      medianMs: 2000,
      p95Ms: 3000,
      awsCalls: 1.7,
      callsByService: { sso: 2, identitystore: 0, cloudtrail: 3, organizations: 0, sts: 0 },
      throttledCalls: 1,
      errors: 1,
      incomplete: 2,
      // 3 CloudTrail calls over 3 diagnoses at 1/s = 1 s, + 4 × 50 ms.
      boundMs: 1200,
      boundBy: 'cloudtrail',
      ratio: 1.67,
      expectedPrimary: 3,
      signinGaps: [{ reason: gap, diagnoses: 1 }],
      problems: [{ problem: 'password-failures: throttled', diagnoses: 1 }],
    });
  });

  it('refuses flattering conditions', () => {
    expect(() => validateBenchConfig({ ...DEFAULT_BENCH_CONFIG, latencyMs: 10 })).toThrow(
      'latencyMs must be at least 50',
    );
    expect(() =>
      validateBenchConfig({
        ...DEFAULT_BENCH_CONFIG,
        rates: { ...DEFAULT_BENCH_CONFIG.rates, cloudtrail: 5 },
      }),
    ).toThrow("rates.cloudtrail must be above 0 and at most AWS's 2/s");
  });
});
