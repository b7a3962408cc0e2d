// MLPerf LoadGen's rules: floor-index percentile, binomial early stopping, Offline/Server verdicts, summary text.
import { describe, expect, it } from 'vitest';
import { earlyStoppingPasses, minQueriesForEarlyStopping } from '../src/mlperf/early-stopping.js';
import { floorIndexPercentile } from '../src/mlperf/percentile.js';
import { mlperfSummaryText } from '../src/mlperf/summary-text.js';
import { judgeOffline, judgeServer } from '../src/mlperf/verdict.js';
import type { MlperfSample, ServerInput } from '../src/mlperf/verdict-types.js';

/** 1..n in a scrambled order, so a function that forgot to sort would pick the wrong value. */
function scrambled(n: number): number[] {
  return Array.from({ length: n }, (_, i) => ((i * 37) % n) + 1);
}

describe('floorIndexPercentile', () => {
  it('takes sorted[floor(p * N)] without interpolation', () => {
    const hundred = scrambled(100); // 37 and 100 are coprime: a permutation of 1..100
    expect(new Set(hundred).size).toBe(100);
    expect(floorIndexPercentile(hundred, 0.99)).toBe(100); // sorted[99]
    expect(floorIndexPercentile(hundred, 0.5)).toBe(51); // sorted[50], not the interpolated 50.5
    expect(floorIndexPercentile(hundred, 0.9)).toBe(91);
    expect(floorIndexPercentile(hundred, 0)).toBe(1);
  });

  it('lands on the maximum for small N and clamps p = 1 to the last index', () => {
    const ten = [5, 3, 9, 1, 7, 2, 8, 4, 10, 6];
    expect(floorIndexPercentile(ten, 0.99)).toBe(10); // floor(9.9) = 9 → sorted[9]
    expect(floorIndexPercentile(ten, 0.95)).toBe(10);
    expect(floorIndexPercentile(ten, 0.9)).toBe(10); // floor(9) = 9
    expect(floorIndexPercentile(ten, 0.85)).toBe(9);
    expect(floorIndexPercentile(ten, 1)).toBe(10);
    expect(ten[0]).toBe(5); // the input is not sorted in place
  });

  it('refuses an empty set and a p outside [0, 1]', () => {
    expect(() => floorIndexPercentile([], 0.5)).toThrow(RangeError);
    expect(() => floorIndexPercentile([1], 1.5)).toThrow(RangeError);
  });
});

describe('early stopping', () => {
  it('needs 459 queries with none over the target at p99 / 99% confidence', () => {
    expect(minQueriesForEarlyStopping(0, 0.99)).toBe(459);
    expect(earlyStoppingPasses(459, 0, 0.99)).toBe(true);
    expect(earlyStoppingPasses(458, 0, 0.99)).toBe(false);
    expect(earlyStoppingPasses(458, 0, 0.99, 0.95)).toBe(true); // a lower confidence needs fewer
  });

  it('agrees with figures printed by LoadGen', () => {
    // Server logs: "Processed 21 queries ... at least 438 more" and "Processed 300 ... at least 159 more" (459 both).
    expect(minQueriesForEarlyStopping(0, 0.99) - 21).toBe(438);
    // SingleStream p90 logs: "Processed at least 64 queries" (t = 1), and "(708) ... Would discard 51" means
    // t = 52 fits in 708 queries and t = 53 does not; likewise 79,944 queries → 7,796 discarded.
    expect(minQueriesForEarlyStopping(1, 0.9)).toBe(64);
    for (const [queries, discarded] of [[708, 51], [79_944, 7_796], [201, 9]] as const) {
      expect(minQueriesForEarlyStopping(discarded + 1, 0.9)).toBeLessThanOrEqual(queries);
      expect(minQueriesForEarlyStopping(discarded + 2, 0.9)).toBeGreaterThan(queries);
    }
  });

  it('needs more queries for every extra over-latency query, exactly at the boundary', () => {
    let previous = minQueriesForEarlyStopping(0, 0.99);
    for (let t = 1; t <= 40; t++) {
      const needed = minQueriesForEarlyStopping(t, 0.99);
      expect(needed).toBeGreaterThan(previous + 99); // each over-latency query costs more than p/(1-p) passing ones
      expect(earlyStoppingPasses(needed, t, 0.99)).toBe(true);
      expect(earlyStoppingPasses(needed - 1, t, 0.99)).toBe(false);
      previous = needed;
    }
    expect(minQueriesForEarlyStopping(1, 0.99)).toBe(662);
  });

  it('works in log space for millions of queries', () => {
    // 0.99^10,000,000 underflows any double; the decision must still be right on both sides of 1%.
    expect(earlyStoppingPasses(10_000_000, 0, 0.99)).toBe(true);
    expect(earlyStoppingPasses(10_000_000, 99_000, 0.99)).toBe(true);
    expect(earlyStoppingPasses(10_000_000, 100_000, 0.99)).toBe(false); // exactly 1% over cannot prove p99
    const needed = minQueriesForEarlyStopping(100_000, 0.99);
    expect(Number.isFinite(needed)).toBe(true);
    expect(needed).toBeGreaterThan(10_000_000);
    expect(earlyStoppingPasses(needed, 100_000, 0.99)).toBe(true);
    expect(earlyStoppingPasses(needed - 1, 100_000, 0.99)).toBe(false);
  });

  it('refuses impossible counts', () => {
    expect(() => earlyStoppingPasses(10, 11, 0.99)).toThrow(RangeError);
    expect(() => minQueriesForEarlyStopping(-1, 0.99)).toThrow(RangeError);
    expect(() => earlyStoppingPasses(10, 0, 1)).toThrow(RangeError);
  });
});

/** n queries at 10 QPS (every 100 ms from t = 0), latency(i) ms each, failed where failed(i). */
function serverRun(n: number, latency: (i: number) => number, failed: (i: number) => boolean = () => false): MlperfSample[] {
  return Array.from({ length: n }, (_, i) => ({ scheduledMs: i * 100, endMs: i * 100 + latency(i), ok: !failed(i) }));
}

const calm = (i: number): number => 1000 + (i % 50) * 10; // 1.00 s to 1.49 s

function serverInput(samples: MlperfSample[], overrides: Partial<ServerInput> = {}): ServerInput {
  return { samples, targetQps: 10, targetLatencyMs: 12_000, percentile: 0.99, minDurationMs: 60_000, minQueryCount: 1000, firstScheduledMs: 0, ...overrides };
}

describe('judgeServer', () => {
  it('finds a calm run VALID, with LoadGen figures', () => {
    const verdict = judgeServer(serverInput(serverRun(1000, calm)));
    expect(verdict.valid).toBe(true);
    expect(verdict.reasons).toEqual([]);
    expect(verdict.durationMs).toBe(99_900);
    // (N - 1) / completion of the last-issued query: 999 / (99.9 s + 1.49 s)
    expect(verdict.lastIssuedCompletionMs).toBe(99_900 + 1490);
    expect(verdict.result).toBeCloseTo(999 / 101.39, 9);
    expect(verdict.scheduledQps).toBeCloseTo(999 / 99.9, 9);
    expect(verdict.targetPercentileLatencyMs).toBe(1490);
    expect(verdict.latency.percentilesMs.p50).toBe(1250); // 20 of each latency; sorted[500] is the 26th value
    expect(verdict.latency.percentilesMs['p99.9']).toBe(1490);
    expect(verdict.earlyStopping).toMatchObject({ overLatencyCount: 0, queriesNeeded: 459, passed: true });
  });

  it('finds a run with one query in ten stalled INVALID on the percentile and early stopping', () => {
    const verdict = judgeServer(serverInput(serverRun(1000, (i) => (i % 10 === 0 ? 20_000 : calm(i)))));
    expect(verdict.valid).toBe(false);
    expect(verdict.checks).toMatchObject({ performance: false, earlyStopping: false, minDuration: true, minQueries: true });
    expect(verdict.targetPercentileLatencyMs).toBe(20_000);
    expect(verdict.earlyStopping.overLatencyCount).toBe(100);
    expect(verdict.reasons).toHaveLength(2);
    expect(verdict.reasons[0]).toMatch(/99th percentile latency 20000\.0 ms is over the 12000 ms target/);
    expect(verdict.reasons[1]).toMatch(/early stopping not satisfied: 100 of 1000 queries/);
  });

  it('names the min duration when the schedule ends early, and the count when too few queries ran', () => {
    const short = judgeServer(serverInput(serverRun(1000, calm), { minDurationMs: 600_000 }));
    expect(short.valid).toBe(false);
    expect(short.reasons).toEqual([expect.stringMatching(/^min duration not met: .*99\.9 s, under the 600\.0 s minimum/)]);
    const few = judgeServer(serverInput(serverRun(1000, calm), { minQueryCount: 48_289 }));
    expect(few.reasons).toEqual([expect.stringMatching(/^min query count not met: 1000 queries issued, fewer than the 48289/)]);
  });

  it('counts one late query as over the target and then asks for 662 queries', () => {
    // Query 7 finishes 12.5 s after its scheduled arrival.
    const samples = serverRun(500, calm).map((s, i) => (i === 7 ? { ...s, endMs: s.scheduledMs + 12_500 } : s));
    const verdict = judgeServer(serverInput(samples, { minQueryCount: 1, minDurationMs: 0 }));
    expect(verdict.earlyStopping.overLatencyCount).toBe(1);
    expect(verdict.latency.maxMs).toBe(12_500);
    expect(verdict.valid).toBe(false); // 500 queries with one over need 662
    expect(verdict.earlyStopping.queriesNeeded).toBe(662);
  });

  it('counts a failed query as over the target, however fast it failed', () => {
    const oneFailed = judgeServer(serverInput(serverRun(1000, calm, (i) => i === 3)));
    expect(oneFailed.failedCount).toBe(1);
    expect(oneFailed.earlyStopping.overLatencyCount).toBe(1);
    expect(oneFailed.valid).toBe(true); // 1000 queries prove p99 with one over
    expect(oneFailed.latency.count).toBe(999);
    const manyFailed = judgeServer(serverInput(serverRun(1000, () => 5, (i) => i % 40 === 0)));
    expect(manyFailed.targetPercentileLatencyMs).toBeNull(); // 25 failed rank last; sorted[990] is one of them
    expect(manyFailed.checks.performance).toBe(false);
    expect(manyFailed.reasons[0]).toMatch(/falls on a failed query \(25 failed/);
    expect(JSON.parse(JSON.stringify(manyFailed))).toEqual(manyFailed); // JSON-safe: no Infinity or NaN
  });

  it('sits exactly on the 459-query early-stopping boundary', () => {
    const loose = { minQueryCount: 1, minDurationMs: 0 };
    expect(judgeServer(serverInput(serverRun(459, calm), loose)).valid).toBe(true);
    const below = judgeServer(serverInput(serverRun(458, calm), loose));
    expect(below.reasons).toEqual([expect.stringMatching(/^early stopping not satisfied: 0 of 458 .*at least 459 queries .*\(1 more/)]);
  });
});

describe('judgeOffline', () => {
  // Issued at 1 s; answers at 3, 5, 2 and 9 s → latencies 2, 4, 1, 8 s; the run spans 8 s.
  const samples: MlperfSample[] = [3000, 5000, 2000, 9000].map((endMs) => ({ scheduledMs: 1000, endMs, ok: true }));

  it('computes samples per second from first issue to last completion', () => {
    const verdict = judgeOffline({ samples, firstIssueMs: 1000, minDurationMs: 5000, minQueryCount: 4 });
    expect(verdict.valid).toBe(true);
    expect(verdict.durationMs).toBe(8000);
    expect(verdict.result).toBe(0.5); // 4 samples / 8 s
    expect(verdict.latency).toMatchObject({ count: 4, minMs: 1000, maxMs: 8000, meanMs: 3750 });
    expect(verdict.latency.percentilesMs.p50).toBe(4000); // sorted [1, 2, 4, 8] s, index 2
    expect(verdict.latency.percentilesMs.p90).toBe(8000); // index floor(3.6) = 3
    expect(verdict.checks).toEqual({ minDuration: true, minQueries: true, performance: null, earlyStopping: null, allAnswered: true });
  });

  it('is INVALID when too short, too small, or a sample failed', () => {
    const withFailure = [...samples.slice(0, 3), { scheduledMs: 1000, endMs: 1001, ok: false }];
    const verdict = judgeOffline({ samples: withFailure, firstIssueMs: 1000, minDurationMs: 600_000, minQueryCount: 48_289 });
    expect(verdict.valid).toBe(false);
    expect(verdict.durationMs).toBe(4000);
    expect(verdict.reasons).toHaveLength(3);
    expect(verdict.reasons[0]).toMatch(/min duration not met: the run took 4\.0 s/);
    expect(verdict.reasons[1]).toMatch(/min query count not met: 4 samples issued/);
    expect(verdict.reasons[2]).toMatch(/1 of 4 samples failed/);
  });
});

describe('mlperfSummaryText', () => {
  it('writes a VALID Server summary in LoadGen layout, latencies in ns', () => {
    const text = mlperfSummaryText(judgeServer(serverInput(serverRun(1000, calm))), { sutName: 'qwen3-vl @ 127.0.0.1:8000', parameters: { seed: 7 } });
    expect(text).toContain('SUT name : qwen3-vl @ 127.0.0.1:8000');
    expect(text).toContain('Scenario : Server');
    expect(text).toContain('Completed samples per second    : 9.85');
    expect(text).toContain('Result is : VALID\n  Performance constraints satisfied : Yes');
    expect(text).toContain('  Early stopping satisfied: Yes');
    expect(text).toContain('99.00 percentile latency (ns)   : 1490000000');
    expect(text).toContain('99.90 percentile latency (ns)   : 1490000000');
    expect(text).toContain('target_latency (ns): 12000000000');
    expect(text).toContain('min_query_count : 1000');
    expect(text).toMatch(/seed : 7\n$/);
    expect(text).not.toContain('Reasons:');
  });

  it('writes INVALID with every reason', () => {
    const verdict = judgeServer(serverInput(serverRun(1000, (i) => (i % 10 === 0 ? 20_000 : calm(i))), { minDurationMs: 600_000 }));
    const text = mlperfSummaryText(verdict, { sutName: 'sut' });
    expect(text).toContain('Result is : INVALID');
    expect(text).toContain('  Performance constraints satisfied : NO');
    expect(text).toContain('  Min duration satisfied : NO');
    expect(text).toContain('  Early stopping satisfied: NO');
    for (const reason of verdict.reasons) expect(text).toContain(` * ${reason}`);
    expect(verdict.reasons).toHaveLength(3);
  });

  it('writes an Offline summary with samples per second and no Server lines', () => {
    const samples = [3000, 5000, 2000, 9000].map((endMs) => ({ scheduledMs: 1000, endMs, ok: true }));
    const text = mlperfSummaryText(judgeOffline({ samples, firstIssueMs: 1000, minDurationMs: 0, minQueryCount: 4 }), { sutName: 'sut' });
    expect(text).toContain('Scenario : Offline');
    expect(text).toContain('Samples per second: 0.5');
    expect(text).toContain('Result is : VALID');
    expect(text).not.toContain('Early stopping');
    expect(text).not.toContain('target_qps');
  });
});
