// Metrics: aiperf's known answers, exact statistics, HDR percentiles, token-count sources, goodput and counting rules.
import { describe, expect, it } from 'vitest';
import type { RequestError, RequestRecord } from '../src/client/request-record.js';
import { sloProblems } from '../src/metrics/goodput.js';
import { Distribution } from '../src/metrics/histogram.js';
import type { EncodedDistribution } from '../src/metrics/histogram.js';
import { deriveRequestMetrics } from '../src/metrics/request-metrics.js';
import { summarize, summarizeTotals } from '../src/metrics/summary.js';
import { RunTotals } from '../src/metrics/run-totals.js';
import { startTokenCounts } from '../src/metrics/token-counts.js';
import type { TokenCounts } from '../src/metrics/token-counts.js';
import { loadTokenizer } from '../src/tokenizer/load-tokenizer.js';
import { inlineTextCounter } from '../src/tokenizer/text-counter.js';
import type { PreparedRequest } from '../src/workload/prepared-request.js';

function record(overrides: Partial<RequestRecord>): RequestRecord {
  return {
    requestIndex: 0, phase: 'profiling', xRequestId: 'id', intendedMs: null, startMs: 0, bodySentMs: null, headersMs: null,
    chunkMs: [], chunkTokens: [], endMs: 0, streamed: true, status: 200, usage: null, contentText: null, reasoningText: null, finishReason: 'stop',
    bodyBytes: 100, responseBytes: 200, error: null, ...overrides,
  };
}

const server = (osl: number | null, isl: number | null = null): TokenCounts => ({
  osl, isl, outputTokens: osl, reasoningTokens: null, oslSource: osl === null ? null : 'server', islSource: isl === null ? null : 'server',
});
const usage = (promptTokens: number | null, completionTokens: number, extra: { reasoningTokens?: number; cachedTokens?: number } = {}) =>
  ({ promptTokens, completionTokens, reasoningTokens: extra.reasoningTokens ?? null, cachedTokens: extra.cachedTokens ?? null });
const failure: RequestError = { code: 500, type: 'http_error', message: 'boom' };
const meta = { interrupted: false };

describe('per-request metrics (aiperf known answers)', () => {
  it('start 100, chunks 120 and 200, OSL 6 → TTFT 20, latency 100, ITL 16', () => {
    const m = deriveRequestMetrics(record({ startMs: 100, chunkMs: [120, 200], endMs: 260 }), server(6));
    expect(m.timeToFirstTokenMs).toBe(20);
    expect(m.requestLatencyMs).toBe(100); // the last content chunk, not endMs
    expect(m.interTokenLatencyMs).toBe(16);
    expect(m.timeToSecondTokenMs).toBe(80);
    expect(m.outputTokenThroughputPerUser).toBe(62.5);
    expect(m.interChunkLatencyMs).toEqual([80]);
  });

  it('start 1000, chunks 1040/1080/1120, OSL 9 → ITL 10', () => {
    const m = deriveRequestMetrics(record({ startMs: 1000, chunkMs: [1040, 1080, 1120], endMs: 1121 }), server(9));
    expect(m.interTokenLatencyMs).toBe(10);
    expect(m.interChunkLatencyMs).toEqual([40, 40]);
  });

  it('has no ITL below 2 output tokens, no TTST below 2 chunks, and upload/header times when stamped', () => {
    const m = deriveRequestMetrics(record({ startMs: 10, bodySentMs: 13, headersMs: 15, chunkMs: [30], endMs: 31 }), server(1));
    expect([m.interTokenLatencyMs, m.outputTokenThroughputPerUser, m.timeToSecondTokenMs]).toEqual([null, null, null]);
    expect(m.requestUploadTimeMs).toBe(3);
    expect(m.streamSetupLatencyMs).toBe(5);
  });

  it('keeps aiperf\'s (latency − TTFT) / (OSL − 1) even when chunks carry several tokens', () => {
    const m = deriveRequestMetrics(record({ startMs: 0, chunkMs: [20, 80], chunkTokens: [4, 2], endMs: 90 }), server(6));
    expect(m.interTokenLatencyMs).toBe(12); // (80 − 20) / (6 − 1)
  });

  it('gives a non-streamed JSON reply latency only: no TTFT, ITL or chunk gaps to fake', () => {
    const m = deriveRequestMetrics(record({ startMs: 0, chunkMs: [90], endMs: 90, streamed: false }), server(6));
    expect(m.requestLatencyMs).toBe(90);
    expect([m.timeToFirstTokenMs, m.interTokenLatencyMs, m.outputTokenThroughputPerUser]).toEqual([null, null, null]);
    expect(m.interChunkLatencyMs).toEqual([]);
  });

  it('measures open-loop requests also from their intended send time, and their schedule lag', () => {
    const m = deriveRequestMetrics(record({ intendedMs: 100, startMs: 130, chunkMs: [150, 170], endMs: 175 }), server(3));
    expect(m.timeToFirstTokenMs).toBe(20);
    expect(m.timeToFirstTokenFromScheduleMs).toBe(50);
    expect(m.requestLatencyFromScheduleMs).toBe(70);
    const closed = deriveRequestMetrics(record({ startMs: 130, chunkMs: [150], endMs: 151 }), server(1));
    expect(closed.timeToFirstTokenFromScheduleMs).toBeNull();
  });
});

describe('Distribution', () => {
  it('gives exact avg, min, max and population std', () => {
    const d = new Distribution('ms');
    for (const v of [2, 4, 4, 4, 5, 5, 7, 9]) d.record(v);
    const s = d.stats()!;
    expect([s.count, s.avg, s.min, s.max]).toEqual([8, 5, 2, 9]);
    expect(s.std).toBeCloseTo(2, 12);
    expect(new Distribution('ms').stats()).toBeNull();
  });

  it('keeps sub-millisecond values exact in min/max and percentiles within HDR precision', () => {
    const d = new Distribution('ms');
    for (let v = 1; v <= 10000; v++) d.record(v / 1000);
    const s = d.stats()!;
    expect(s.min).toBe(0.001);
    expect(s.max).toBe(10);
    for (const [p, want] of [[1, 0.1], [50, 5], [90, 9], [99, 9.9]] as const) {
      expect(Math.abs(s[`p${p}`] - want) / want).toBeLessThan(0.002);
    }
  });

  it('merges shards through JSON to the same statistics as one distribution', () => {
    const whole = new Distribution('tokens');
    const [a, b] = [new Distribution('tokens'), new Distribution('tokens')];
    for (let v = 1; v <= 10000; v++) {
      whole.record(v);
      (v % 3 === 0 ? a : b).record(v);
    }
    const merged = Distribution.decode(JSON.parse(JSON.stringify(a.encode())) as EncodedDistribution);
    merged.add(Distribution.decode(b.encode()));
    const [m, w] = [merged.stats()!, whole.stats()!];
    expect(m.avg).toBe(w.avg);
    expect(m.std).toBeCloseTo(w.std, 6);
    expect([m.count, m.min, m.max, m.p50, m.p99]).toEqual([w.count, w.min, w.max, w.p50, w.p99]);
    expect(Math.abs(w.p50 - 5000) / 5000).toBeLessThan(0.001);
  });
});

describe('summarize', () => {
  it('requests (10→25), (20→35), (30→50) give a 40 ms benchmark duration', () => {
    const records = [[10, 25], [20, 35], [30, 50]].map(([s, e]) => record({ startMs: s, chunkMs: [e!], endMs: e! + 5 }));
    const summary = summarize(records, records.map(() => server(1)), meta);
    expect(summary.durationSec).toBeCloseTo(0.04, 12);
    expect(summary.values.request_throughput!.value).toBeCloseTo(75, 9);
  });

  it('1000 tokens in 2 s give 500 tokens/s', () => {
    const records = [record({ startMs: 0, chunkMs: [5, 1000], endMs: 1001 }), record({ startMs: 0, chunkMs: [9, 2000], endMs: 2001 })];
    const summary = summarize(records, [server(600, 50), server(400, 50)], meta);
    expect(summary.values.output_token_throughput).toEqual({ unit: 'tokens/sec', value: 500 });
    expect(summary.values.total_osl!.value).toBe(1000);
    expect(summary.values.total_token_throughput!.value).toBe(550);
  });

  it('counts failures only as errors and drops warm-up records before anything', () => {
    const records = [
      record({ phase: 'warmup', startMs: 0, chunkMs: [90_000], endMs: 90_001 }),
      record({ startMs: 100, chunkMs: [110, 150], endMs: 151 }),
      record({ startMs: 120, endMs: 300, status: 500, error: failure }),
      record({ startMs: 130, endMs: 140, status: 500, error: failure }),
      record({ startMs: 140, endMs: 145, status: null, error: { code: null, type: 'timeout', message: 't' } }),
    ];
    const counts = [server(99), server(4, 10), { ...server(null, 7) }, server(null), server(null)];
    const s = summarize(records, counts, meta);
    expect(s.counts).toEqual({ issued: 4, completed: 1, failed: 3 });
    expect(s.counts.completed + s.counts.failed).toBe(s.counts.issued);
    expect(s.values.request_count!.value).toBe(1);
    expect(s.values.error_request_count!.value).toBe(3);
    expect(s.distributions.request_latency!.stats.count).toBe(1);
    expect(s.distributions.request_latency!.stats.max).toBe(50);
    expect(s.distributions.output_sequence_length!.stats.max).toBe(4); // the warm-up's 99 never counted
    expect(s.distributions.error_isl!.stats.avg).toBe(7);
    // aiperf's duration spans the successful requests only (100 → 150); failures' start and end do not stretch it.
    expect(s.durationSec).toBeCloseTo(0.05, 12);
    expect(s.values.request_throughput!.value).toBeCloseTo(20, 9);
    expect(s.errorSummary).toEqual([
      { code: 500, type: 'http_error', message: 'boom', count: 2 },
      { code: null, type: 'timeout', message: 't', count: 1 },
    ]);
  });

  describe('achieved_request_rate', () => {
    const sentAt = (starts: number[]) => starts.map((startMs) => record({ startMs, chunkMs: [startMs + 5], endMs: startMs + 6 }));
    const rate = (starts: number[], shape: string | undefined) =>
      summarize(sentAt(starts), starts.map(() => server(1)), { ...meta, ...(shape ? { load: { shape } } : {}) }).values.achieved_request_rate?.value;

    it('is (sends − 1) over the first to the last send of an open-loop shape', () => {
      for (const shape of ['rate', 'schedule', 'mlperf-server']) expect(rate([0, 100, 200, 400], shape)).toBeCloseTo(7.5, 9);
    });

    it('is absent in a closed loop, where sends follow the server (8 sends 4 µs apart are no 250,000 req/s)', () => {
      const burst = Array.from({ length: 8 }, (_, i) => 1000 + i * 0.004);
      for (const shape of ['concurrency', 'mlperf-offline', undefined]) {
        expect(rate(burst, shape)).toBeUndefined();
        expect(rate([0, 100, 200, 400], shape)).toBeUndefined();
      }
    });

    it('is absent when every send of an open-loop shape fell within 1 ms', () => {
      expect(rate([1000, 1000.5, 1000.999], 'rate')).toBeUndefined();
      expect(rate([1000], 'rate')).toBeUndefined();
      expect(rate([1000, 1001], 'rate')).toBeCloseTo(1000, 9);
    });

    it('spans every shard of a merged open-loop run, and no shard of a closed-loop one', () => {
      const shard = (starts: number[]) => RunTotals.decode(summarize(sentAt(starts), starts.map(() => server(1)), meta, 0).totals);
      const merged = shard([0, 200]);
      merged.merge(shard([100, 400]));
      expect(summarizeTotals(merged, { ...meta, load: { shape: 'rate' } }, 0).values.achieved_request_rate?.value).toBeCloseTo(7.5, 9);
      expect(summarizeTotals(merged, { ...meta, load: { shape: 'concurrency' } }, 0).values).not.toHaveProperty('achieved_request_rate');
    });
  });

  it('pools every inter-chunk gap and reports goodput against inclusive SLOs', () => {
    const records = [
      record({ startMs: 0, chunkMs: [100, 110, 130], endMs: 131 }),
      record({ startMs: 0, chunkMs: [300, 340], endMs: 341 }),
    ];
    const s = summarize(records, [server(3), server(2)], { ...meta, goodput: { time_to_first_token: 100 } });
    expect(s.distributions.inter_chunk_latency!.stats.count).toBe(3);
    expect(s.values.good_request_count!.value).toBe(1);
    expect(s.values.goodput!.value).toBeCloseTo(1 / 0.34, 9);
    expect(sloProblems({ ttft: 5, request_latency: 100 })).toHaveLength(1);
  });
});

describe('token counts (startTokenCounts)', () => {
  const prompts: PreparedRequest = {
    index: 0, body: [], bodyBytes: 0, promptTexts: ['You are helpful.', 'Describe this.'], images: [Buffer.from('data:,')], imageIds: [0],
    expectedIsl: 321, timestampMs: null, requestedOsl: 2,
  };

  it('counts client-side by default: the prompt joined by a space, content and reasoning apart, the usage beside them', async () => {
    const qwen = await loadTokenizer();
    const records = [
      record({ usage: usage(900, 12, { reasoningTokens: 4, cachedTokens: 512 }), contentText: 'Hello world', reasoningText: 'Let me think' }),
      record({ contentText: 'Hello world' }),
      record({ error: failure }),
    ];
    const run = startTokenCounts([prompts], inlineTextCounter(qwen));
    const counts = await Promise.all(records.map((r) => run.countsFor(r)));
    const isl = qwen.count('You are helpful. Describe this.');
    expect(qwen.count('Hello world')).toBe(2);
    expect(counts[0]).toEqual({
      isl, outputTokens: 2, reasoningTokens: qwen.count('Let me think'), osl: 2 + qwen.count('Let me think'),
      expectedIsl: 321, requestedOsl: 2, clientCounted: true, oslSource: 'tokenizer', islSource: 'tokenizer',
    });
    expect(counts[1]).toMatchObject({ isl, outputTokens: 2, reasoningTokens: null, osl: 2 });
    expect(counts[2]).toMatchObject({ isl, osl: null, oslSource: null }); // a failure has no OSL; its ISL feeds error_isl
    const s = summarize(records, counts, meta);
    expect(s.distributions.input_sequence_length!.stats.avg).toBe(isl);
    // The server's figures ride along under aiperf's usage_* tags, and are compared with the client's counts.
    expect(s.distributions.usage_prompt_tokens!.stats.avg).toBe(900);
    expect(s.distributions.usage_prompt_cache_read_tokens!.stats.avg).toBe(512);
    expect(s.distributions.usage_prompt_tokens_diff_pct!.stats.avg).toBeCloseTo((Math.abs(900 - isl) / isl) * 100, 9);
    expect(s.values.usage_discrepancy_count!.value).toBe(1);
    expect(s.values.error_request_count!.value).toBe(1);
    expect(s.values.total_error_isl!.value).toBe(isl);
    expect(s.tokenSources.osl).toEqual({ server: 0, tokenizer: 2, unknown: 0, overall: 'tokenizer' });
  });

  it('takes every count from the usage with --use-server-token-count: output = completion − reasoning', async () => {
    const records = [
      record({ usage: usage(900, 12, { reasoningTokens: 5 }), contentText: 'ignored' }),
      record({ contentText: 'no usage' }),
      record({ phase: 'warmup', usage: usage(1, 1) }),
      record({ error: failure, usage: usage(900, 0) }),
    ];
    const run = startTokenCounts([prompts], null);
    const counts = await Promise.all(records.map((r) => run.countsFor(r)));
    expect(counts[0]).toMatchObject({ isl: 900, osl: 12, outputTokens: 7, reasoningTokens: 5, oslSource: 'server', islSource: 'server' });
    expect(counts[1]).toMatchObject({ isl: null, osl: null, oslSource: null, islSource: null }); // no usage: nothing
    expect(counts[2]).toEqual({ isl: null, osl: null, outputTokens: null, reasoningTokens: null, oslSource: null, islSource: null });
    expect(counts[3]).toMatchObject({ isl: null, osl: null }); // no error_isl without a tokenizer
    const s = summarize(records, counts, meta);
    expect(s.distributions.usage_prompt_tokens_diff_pct).toBeUndefined(); // nothing to compare with
    expect(s.values.total_reasoning_tokens!.value).toBe(5);
    expect(s.tokenSources.osl.overall).toBe('server');
  });
});
