// The shard split (--shard i/N: positions, concurrency, rate, caps, seeds) and --start-at parsing and waiting.
import { describe, expect, it } from 'vitest';
import { resolveLoad } from '../src/commands/profile/resolve-load.js';
import type { LoadFlags } from '../src/commands/profile/load-options.js';
import { parseShard, shardLoad, shardSeed, shareOf } from '../src/shard/shard.js';
import { shardPositions, shardWorkload } from '../src/shard/shard-workload.js';
import { parseStartAt, waitUntil } from '../src/run/start-at.js';
import type { PreparedRequest, Workload } from '../src/workload/prepared-request.js';

describe('the shard split', () => {
  it('parses i/N and auto/N, refusing an index out of range or a missing $JOB_COMPLETION_INDEX', () => {
    const parse = (value: string, env: NodeJS.ProcessEnv = {}) => {
      const problems: string[] = [];
      return { shard: parseShard(value, env, problems), problems };
    };
    expect(parse('1/3').shard).toEqual({ index: 1, count: 3 });
    expect(parse('auto/4', { JOB_COMPLETION_INDEX: '3' }).shard).toEqual({ index: 3, count: 4 });
    for (const bad of ['3/3', '0/0', '-1/3', '1', 'a/3', '1/3/4']) expect(parse(bad).problems).toHaveLength(1);
    expect(parse('auto/4', { JOB_COMPLETION_INDEX: '4' }).problems).toHaveLength(1);
    expect(parse('auto/4').problems[0]).toMatch(/not set/);
  });

  it('splits a total so the shares sum to it and differ by at most one, the larger ones first', () => {
    for (let total = 1; total <= 40; total++) {
      for (let count = 1; count <= total; count++) {
        const shares = Array.from({ length: count }, (_, index) => shareOf(total, { index, count }));
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
        expect([...shares].sort((a, b) => b - a)).toEqual(shares);
      }
    }
  });

  const load = (flags: Partial<LoadFlags>, concurrency = 1) => resolveLoad({
    'benchmark-grace-period': 30, 'fixed-schedule': false, 'fixed-schedule-auto-offset': false, 'target-latency-ms': 1000,
    'target-latency-percentile': 99, 'min-duration': 0, 'min-query-count': 0, ...flags,
  }, concurrency, []);

  it('divides the rate by N, splits the cap, staggers constant-rate shards and seeds each shard\'s arrivals apart', () => {
    const whole = load({ 'request-rate': 10, 'request-rate-mode': 'constant', concurrency: 7 }, 7);
    const shares = [0, 1, 2].map((index) => shardLoad(whole, 7, { index, count: 3 }, []));
    expect(shares.reduce((n, s) => n + (s.load.shape as { rate: number }).rate, 0)).toBeCloseTo(10, 12);
    expect(shares.map((s) => (s.load.shape as { cap: number }).cap)).toEqual([3, 2, 2]);
    expect(shares.map((s) => s.plan.startOffsetMs)).toEqual([0, 100, 200]);
    expect(shares[1]!.plan.whole.load).toBe(whole);
    expect(shardSeed(5, { index: 0, count: 3 })).toBe(5);
    expect(new Set([0, 1, 2].map((index) => shardSeed(5, { index, count: 3 }))).size).toBe(3);
  });

  it('refuses a concurrency smaller than N and MLPerf scenarios', () => {
    const problems: string[] = [];
    shardLoad(load({}, 2), 2, { index: 0, count: 3 }, problems);
    shardLoad(load({ scenario: 'mlperf-offline' }), 1, { index: 0, count: 2 }, problems);
    expect(problems).toEqual([
      '--concurrency 2 cannot be split over 3 shards: each needs at least 1',
      expect.stringMatching(/--shard cannot split --scenario mlperf-offline/),
    ]);
  });

  const request = (index: number, timestampMs: number | null = null): PreparedRequest =>
    ({ index, body: [], bodyBytes: 0, promptTexts: [], images: [], imageIds: [], expectedIsl: null, requestedOsl: null, timestampMs });
  const workload = (requests: PreparedRequest[], warmup: PreparedRequest[] = []): Workload => ({
    entries: requests, requests, warmup, description: 'w', notices: [], dispose: async () => {},
    info: { imageSlots: 0, distinctImages: 0, plannedHitRate: null, distinctImageBytes: 0, expectedIsl: null },
  });

  it('gives shard i the positions p % N == i of the requests and of the warm-up, together each exactly once', async () => {
    expect([0, 1, 2].map((index) => shardPositions([...'abcdefghij'], { index, count: 3 }).join(''))).toEqual(['adgj', 'beh', 'cfi']);
    const whole = workload(Array.from({ length: 10 }, (_, i) => request(i)), [request(100), request(101)]);
    const parts = await Promise.all([0, 1, 2].map((index) => shardWorkload(whole, { index, count: 3, whole: { load: load({}), concurrency: 3 }, startOffsetMs: 0, rebaseTimestamps: false })));
    expect(parts.flatMap((p) => p.requests.map((r) => r.index)).sort((a, b) => a - b)).toEqual(whole.requests.map((r) => r.index));
    expect(parts.map((p) => p.warmup.map((r) => r.index))).toEqual([[100], [101], []]);
    expect(parts[0]!.info).toBe(whole.info);
  });

  it('rebases an auto-offset trace on the whole trace\'s first timestamp, and refuses a shard left without requests', async () => {
    const trace = workload([request(0, 500), request(1, 700), request(2, 900)]);
    const plan = (index: number, count: number) => ({ index, count, whole: { load: load({}), concurrency: 1 }, startOffsetMs: 0, rebaseTimestamps: true });
    expect((await shardWorkload(trace, plan(1, 2))).requests.map((r) => r.timestampMs)).toEqual([200]);
    await expect(shardWorkload(trace, plan(3, 4))).rejects.toThrow(/shard 3\/4 gets no requests: the workload has only 3/);
  });
});

describe('--start-at', () => {
  const parse = (value: string, now = Date.UTC(2025, 5, 1, 11)) => {
    const problems: string[] = [];
    return { ms: parseStartAt(value, problems, now), problems };
  };

  it('reads ISO-8601 with a zone and epoch seconds, and refuses a time without a zone or more than a day ahead', () => {
    expect(parse('2025-06-01T12:00:00Z').ms).toBe(Date.UTC(2025, 5, 1, 12));
    expect(parse('2025-06-01T14:00:00.500+02:00').ms).toBe(Date.UTC(2025, 5, 1, 12, 0, 0, 500));
    expect(parse(String(Date.UTC(2025, 5, 1, 12) / 1000)).ms).toBe(Date.UTC(2025, 5, 1, 12));
    expect(parse('2025-06-01T12:00:00').problems[0]).toMatch(/with a zone/);
    expect(parse('noon').problems[0]).toMatch(/with a zone/);
    expect(parse(String(Date.UTC(2025, 5, 1, 12))).problems[0]).toMatch(/more than 24 h ahead \(epoch seconds are wanted, not milliseconds\)/);
  });

  it('starts at once when the time has passed, warning only past a second, and an abort ends a wait', async () => {
    const lines: string[] = [];
    const signal = new AbortController().signal;
    await waitUntil(Date.now() - 300, (l) => lines.push(l), signal);
    expect(lines).toEqual([]);
    await waitUntil(Date.now() - 5000, (l) => lines.push(l), signal);
    expect(lines[0]).toMatch(/^warning: --start-at .* passed 5\.\d s ago/);
    const abort = new AbortController();
    const waiting = waitUntil(Date.now() + 3_600_000, (l) => lines.push(l), abort.signal);
    abort.abort();
    await waiting;
    expect(lines[1]).toMatch(/^notice: waiting 3600\.0 s for --start-at/);
  });
});
