// Metrics: aiperf's known answers, exact statistics, HDR percentiles, token-count sources, goodput and counting rules.
import { describe, expect, it } from 'vitest';
import type { RequestError, RequestRecord } from '../src/client/request-record.js';
import { sloProblems } from '../src/metrics/goodput.js';
import { Distribution } from '../src/metrics/histogram.js';
import type { EncodedDistribution } from '../src/metrics/histogram.js';
import { deriveRequestMetrics } from '../src/metrics/request-metrics.js';
import { summarize } from '../src/metrics/summary.js';
import { resolveTokenCounts } from '../src/metrics/token-counts.js';
import type { TokenCounts } from '../src/metrics/token-counts.js';
import { loadTokenizer } from '../src/tokenizer/load-tokenizer.js';
import type { PreparedRequest } from '../src/workload/prepared-request.js';

function record(overrides: Partial<RequestRecord>): RequestRecord {
  return {
    requestIndex: 0, phase: 'profiling', xRequestId: 'id', intendedMs: null, startMs: 0, bodySentMs: null, headersMs: null,
    chunkMs: [], chunkTokens: [], endMs: 0, streamed: true, status: 200, usage: null, outputText: null, finishReason: 'stop',
    bodyBytes: 100, responseBytes: 200, error: null, ...overrides,
  };
}

const server = (osl: number | null, isl: number | null = null): TokenCounts => ({
  osl, isl, oslSource: osl === null ? null : 'server', islSource: isl === null ? null : 'server',
});
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
    expect(s.durationSec).toBeCloseTo(0.2, 12); // 100 → 300: a failure ends at its endMs
    expect(s.errorSummary).toEqual([
      { code: 500, type: 'http_error', message: 'boom', count: 2 },
      { code: null, type: 'timeout', message: 't', count: 1 },
    ]);
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

describe('resolveTokenCounts', () => {
  const prompts: PreparedRequest = { index: 0, body: [], bodyBytes: 0, promptTexts: ['You are helpful.', 'Describe this.'], images: [Buffer.from('data:,')], expectedIsl: 321 };

  it('takes OSL from the server usage, else counts the streamed text with the Qwen3 tokenizer', async () => {
    const records = [
      record({ usage: { promptTokens: 900, completionTokens: 12 } }),
      record({ outputText: 'Hello world' }),
      record({ error: failure }),
    ];
    const counts = await resolveTokenCounts(records, () => prompts, { useServerTokenCount: false });
    const qwen = await loadTokenizer();
    expect(qwen.count('Hello world')).toBe(2);
    // The workload's expected ISL rides along beside the server's count.
    expect(counts[0]).toEqual({ osl: 12, isl: 900, expectedIsl: 321, oslSource: 'server', islSource: 'server' });
    expect(counts[1]).toEqual({
      osl: 2,
      isl: qwen.count('You are helpful.') + qwen.count('Describe this.'),
      expectedIsl: 321,
      oslSource: 'tokenizer',
      islSource: 'tokenizer',
    });
    expect(counts[2]!.osl).toBeNull(); // a failure has no OSL, but its ISL feeds error_isl
    expect(counts[2]!.isl).toBe(counts[1]!.isl);
    const tally = summarize(records, counts, meta).tokenSources.osl;
    expect(tally).toEqual({ server: 1, tokenizer: 1, unknown: 0, overall: 'mixed' });
  });

  it('never counts client-side with --use-server-token-count', async () => {
    const records = [record({ outputText: 'Hello world' }), record({ phase: 'warmup', usage: { promptTokens: 1, completionTokens: 1 } })];
    const counts = await resolveTokenCounts(records, () => prompts, { useServerTokenCount: true });
    expect(counts).toEqual([
      { osl: null, isl: null, expectedIsl: 321, oslSource: null, islSource: null },
      { osl: null, isl: null, oslSource: null, islSource: null }, // warm-up: nothing at all
    ]);
    expect(summarize(records, counts, meta).tokenSources.osl.overall).toBe('none');
  });
});
