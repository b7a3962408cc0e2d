// Merging shards directly (shard/merge-shards.ts): totals add exactly, run facts come from the shards, other runs are refused.
import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../src/client/request-record.js';
import { serverTokens, streamedRecord } from './helpers/streamed-record.js';
import { RunTotals } from '../src/metrics/run-totals.js';
import { summarizeTotals } from '../src/metrics/summary.js';
import type { ShardResult } from '../src/shard/merge-read.js';
import type { ServerMetricsSummary } from '../src/server-metrics/summary-types.js';
import { mergeShards } from '../src/shard/merge-shards.js';
import { UsageError } from '../src/util/exit-codes.js';

const tokens = serverTokens;
const record = streamedRecord;

function totalsOf(records: readonly RequestRecord[]): RunTotals {
  const totals = new RunTotals();
  for (const r of records) totals.add(r, tokens, undefined);
  return totals;
}

const WHOLE = { kind: 'concurrency', concurrency: 8 };

function shard(index: number, count: number, records: readonly RequestRecord[], overrides: Partial<ShardResult> = {}): ShardResult {
  return {
    dir: `shard${index}`, shard: { index, count }, totals: totalsOf(records).encode(1_700_000_000_000), interrupted: false,
    model: 'qwen', version: '0.1.0', goodput: undefined, workload: undefined, clientHealth: undefined, serverMetrics: undefined,
    stopped: undefined, gpuTelemetry: undefined, exportPrefix: undefined,
    load: { kind: 'concurrency', concurrency: 8 / count, late_beyond_window: index, max_lag_ms: 5 * (index + 1), unsent: 1, catch_up_window_ms: 50,
      shard: { index, count, whole: WHOLE } },
    inputConfig: { shard: index }, recordsPath: `shard${index}/records.jsonl`, conversations: false, ...overrides,
  };
}

describe('mergeShards', () => {
  const a = [record(0, 20), record(5, 40), record(9, 60, true)];
  const b = [record(2, 30), record(7, 50)];

  it('adds counts and merges histograms exactly: the merged summary is the summary of all records at once', () => {
    const merged = mergeShards([shard(1, 2, b), shard(0, 2, a)], false, () => {});
    const whole = summarizeTotals(totalsOf([...a, ...b]), { interrupted: false }, 1_700_000_000_000);
    const summary = summarizeTotals(merged.totals, merged.meta, 0);
    expect(summary.counts).toEqual(whole.counts);
    expect(summary.counts).toMatchObject({ issued: 5, completed: 4, failed: 1 });
    expect(summary.distributions.time_to_first_token?.stats).toMatchObject({ min: 20, max: 50 });
    expect(summary.distributions.time_to_first_token).toEqual(whole.distributions.time_to_first_token);
    expect(merged.shards.map((s) => s.shard.index)).toEqual([0, 1]);
  });

  it('takes shard 0\'s facts, the whole run\'s load with the schedule tallies summed, and which shards made it', () => {
    const merged = mergeShards([shard(0, 2, a), shard(1, 2, b, { interrupted: true })], false, () => {});
    expect(merged.meta).toMatchObject({ model: 'qwen', version: '0.1.0', inputConfig: { shard: 0 }, interrupted: true });
    expect(merged.meta.load).toEqual({
      ...WHOLE, catch_up_window_ms: 50, late_beyond_window: 1, max_lag_ms: 10, unsent: 2,
      shards: { count: 2, merged: [{ index: 0, dir: 'shard0' }, { index: 1, dir: 'shard1' }], missing: [] },
    });
  });

  it('refuses a missing shard, or merges the rest with a warning when partial results are allowed', () => {
    expect(() => mergeShards([shard(0, 3, a), shard(2, 3, b)], false, () => {})).toThrow(/shard 1 of 3 missing/);
    const warnings: string[] = [];
    const merged = mergeShards([shard(0, 3, a), shard(2, 3, b)], true, (line) => warnings.push(line));
    expect(warnings).toEqual([expect.stringMatching(/shard 1 of 3 missing: the merged figures cover 2\/3/)]);
    expect(merged.meta.load).toMatchObject({ shards: { missing: [1] } });
  });

  it('refuses shards of different runs and a shard given twice, naming both', () => {
    const refused = (results: ShardResult[]) => () => mergeShards(results, false, () => {});
    expect(refused([shard(0, 2, a), shard(1, 3, b)])).toThrow(UsageError);
    expect(refused([shard(0, 2, a), shard(1, 2, b, { model: 'other' })])).toThrow(/shard1 \(shard 1\/2\) and shard0 \(shard 0\/2\) ran different models/);
    expect(refused([shard(0, 2, a), shard(1, 2, b, { load: { shard: { index: 1, count: 2, whole: { kind: 'rate', rate: 5 } } } })])).toThrow(/different loads/);
    expect(refused([shard(0, 2, a), shard(0, 2, b, { dir: 'again' })])).toThrow(/again and shard0 are both shard 0\/2/);
    expect(refused([shard(0, 2, a, { sliceDurationSec: 5 }), shard(1, 2, b)])).toThrow(/different slice durations/);
    expect(mergeShards([shard(0, 2, a, { sliceDurationSec: 5 }), shard(1, 2, b, { sliceDurationSec: 5 })], false, () => {}).sliceDurationSec).toBe(5);
  });

  it('takes the server metrics of the shard that scraped longest when all scraped the same endpoints, and none when they did not', () => {
    /** A view of `urls` scraped from t = first to t = last (seconds). */
    const view = (urls: string[], first: number, last: number) => ({
      url: urls[0]!, scrapes: 2, available: true, mmCache: null, prefixCache: null, dynamoEmbeddingCache: null, running: [], waiting: [], serverTtft: null,
      endpoints: urls.map((url) => ({ url, scrapes: 2, failures: 0, available: true, timeline: { t: [first, last], mmHitRate: [], prefixHitRate: [], running: [], waiting: [] } })),
    }) as ServerMetricsSummary;
    const same = mergeShards([shard(0, 2, a, { serverMetrics: view(['http://s/metrics'], -0.1, 2) }), shard(1, 2, b, { serverMetrics: view(['http://s/metrics'], -0.2, 2.5) })], false, () => {});
    expect(same.meta.serverMetrics).toEqual({ ...view(['http://s/metrics'], -0.2, 2.5), shard: 1 });
    expect(same.serverMetricsShard?.shard.index).toBe(1);
    expect(same.meta.shards?.map((s) => s.serverMetrics?.endpoints?.[0]?.timeline.t)).toEqual([[-0.1, 2], [-0.2, 2.5]]);
    const warnings: string[] = [];
    const apart = mergeShards([shard(0, 2, a, { serverMetrics: view(['http://s0/metrics'], 0, 2) }), shard(1, 2, b, { serverMetrics: view(['http://s1/metrics'], 0, 2) })], false, (line) => warnings.push(line));
    expect(apart.meta.serverMetrics).toBeUndefined();
    expect(apart.serverMetricsShard).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/scraped different server metrics endpoints/)]);
  });

  it('says which shard\'s totals cannot be decoded', () => {
    const broken = shard(1, 2, b, { totals: { ...shard(1, 2, b).totals, distributions: { time_to_first_token: 'not a histogram' } } as never });
    expect(() => mergeShards([shard(0, 2, a), broken], false, () => {})).toThrow(/shard1\/summary.json: mmload.totals cannot be decoded/);
  });
});
