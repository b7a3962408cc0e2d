// Reports: aiperf's CSV and JSON layouts, the records JSONL, the console table and whole-file artifact writing.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../src/client/request-record.js';
import { summarize } from '../src/metrics/summary.js';
import type { TokenCounts } from '../src/metrics/token-counts.js';
import { toAiperfCsv, twoDecimals } from '../src/report/aiperf-csv.js';
import { toAiperfJson } from '../src/report/aiperf-json.js';
import type { AiperfRunFacts } from '../src/metrics/aiperf-run-facts.js';
import { renderConsoleTable } from '../src/report/console-table.js';
import { isoLocal } from '../src/util/local-time.js';
import { loadSummary } from '../src/executors/load-summary.js';
import { mlperfVerdict } from '../src/mlperf/mlperf-report.js';
import { toSummaryJson } from '../src/report/summary-json.js';
import { writeArtifacts } from '../src/report/write-artifacts.js';
import { aiperfLine, recordLine } from '../src/records/records-jsonl.js';
import { epochNs } from '../src/util/epoch-now.js';
import { checkAiperfCsv, checkAiperfJson, checkAiperfJsonl, nullPaths } from './helpers/aiperf-schema.js';

function record(overrides: Partial<RequestRecord>): RequestRecord {
  return {
    requestIndex: 0, phase: 'profiling', xRequestId: 'id', intendedMs: null, startMs: 0, bodySentMs: null, headersMs: null,
    chunkMs: [], chunkTokens: [], endMs: 0, streamed: true, status: 200, usage: null, contentText: null, reasoningText: null, finishReason: 'stop',
    bodyBytes: 100, responseBytes: 200, error: null, ...overrides,
  };
}

const TIME_ORIGIN = new Date(2025, 9, 17, 20, 22, 8, 939).getTime() + 0.332;
const records: RequestRecord[] = [
  record({ phase: 'warmup', xRequestId: 'w', startMs: 1, chunkMs: [2], endMs: 3 }),
  record({ xRequestId: 'a', requestIndex: 0, startMs: 1000.25, bodySentMs: 1002, headersMs: 1010, chunkMs: [1100, 1150, 1200], endMs: 1201 }),
  record({ xRequestId: 'b', requestIndex: 1, startMs: 1100, bodySentMs: 1101, headersMs: 1110, chunkMs: [1300, 1400], endMs: 1401 }),
  record({ xRequestId: 'c', requestIndex: 2, startMs: 1200, endMs: 1250, status: 503, error: { code: 503, type: 'http_error', message: 'busy, retry' } }),
];
const counts: TokenCounts[] = [
  { osl: 1, isl: 1, outputTokens: 1, reasoningTokens: null, oslSource: 'server', islSource: 'server' },
  { osl: 30, isl: 500, outputTokens: 30, reasoningTokens: null, oslSource: 'server', islSource: 'server' },
  { osl: 20, isl: 700, outputTokens: 20, reasoningTokens: null, oslSource: 'server', islSource: 'server' },
  { osl: null, isl: 600, outputTokens: null, reasoningTokens: null, oslSource: null, islSource: 'server' },
];
const facts: AiperfRunFacts = {
  benchmarkId: '0b1c2d3e-4f50-4617-8899-aabbccddeeff',
  models: ['m'],
  modelSelection: 'round_robin',
  endpoint: {
    urls: ['http://localhost:8000'], path: '/v1/chat/completions', streaming: true, timeoutSec: 600, headers: { Authorization: '<redacted>' },
    extra: { ignore_eos: true }, useLegacyMaxTokens: false, useServerTokenCount: false,
  },
  dataset: { type: 'synthetic', entries: 3 },
  phases: [{ name: 'profiling', type: 'concurrency', concurrency: 2, requests: 3 }],
  artifactDir: '/tmp/run',
  randomSeed: 7,
  cliCommand: 'mmload profile -m m --concurrency 2',
};
// An open-loop run, so mmload's achieved_request_rate is among the metrics (a closed loop has none).
const summary = summarize(records, counts, { interrupted: false, version: '9.9.9', model: 'm', inputConfig: { concurrency: 2 }, aiperfRun: facts, load: { shape: 'rate' } }, TIME_ORIGIN);

describe('aiperf CSV', () => {
  const csv = toAiperfCsv(summary, (info) => info.aiperf);
  const lines = csv.split('\r\n');

  it('opens with aiperf 0.8\'s header, then sorted rows with 2 decimals, a blank line and the single values', () => {
    expect(lines[0]).toBe('Metric,avg,min,max,sum,p1,p5,p10,p25,p50,p75,p90,p95,p99,std');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\n').every((line) => line === '' || line.endsWith('\r'))).toBe(true); // CRLF, as aiperf
    const latency = lines.find((l) => l.startsWith('Request Latency (ms),'))!.split(',');
    expect(latency.slice(1, 5)).toEqual(['249.88', '199.75', '300.00', '499.75']); // avg, min, max, sum exact
    expect(latency[14]).toBe('50.12'); // population std, 50.125 exactly: Python rounds the tie to even
    expect(latency.slice(1).every((v) => /^\d+\.\d\d$/.test(v))).toBe(true);
    expect(lines.find((l) => l.startsWith('Time to First Token (ms),'))).toMatch(/^Time to First Token \(ms\),149\.88,/);
    const blank = lines.indexOf('');
    expect(lines[blank + 1]).toBe('Metric,Value');
    expect(lines).toContain('Benchmark Duration (sec),0.40');
    expect(lines).toContain('Request Count,2.00');
    expect(lines).toContain('Error Request Count,1.00');
    expect(lines).toContain('Output Token Throughput (tokens/sec),125.08');
    const names = lines.slice(1, blank).map((l) => l.split(',')[0]);
    expect(names.indexOf('Inter Token Latency (ms)')).toBeLessThan(names.indexOf('Time to First Token (ms)'));
    expect(names.indexOf('Error Input Sequence Length (tokens)')).toBe(0); // error_isl sorts first
  });

  it('keeps mmload\'s own metrics out of aiperf\'s file and in summary.csv', () => {
    expect(csv).not.toMatch(/Request Upload Time|Achieved Request Rate|Stream Setup Latency/);
    const own = toAiperfCsv(summary, () => true);
    expect(own).toMatch(/\r\nRequest Upload Time \(ms\),1\.38,1\.00,1\.75,2\.75,/);
    expect(own).toMatch(/\r\nAchieved Request Rate \(requests\/sec\),/);
  });

  it('agrees with the JSON under the strict reader', () => {
    expect(checkAiperfCsv(csv, toAiperfJson(summary, facts, { exportLevel: 'records' }) as never)).toEqual([]);
  });
});

describe('twoDecimals', () => {
  it('writes numbers as Python\'s format(x, ".2f"): exact ties to even, large values in full', () => {
    expect([20, 0, 1.005, 2.675, 249.875, 0.125, 0.375, 0.625, -0.125, 1e6 + 0.125].map(twoDecimals))
      .toEqual(['20.00', '0.00', '1.00', '2.67', '249.88', '0.12', '0.38', '0.62', '-0.12', '1000000.12']);
    expect(twoDecimals(1759522428472357888)).toBe('1759522428472357888.00');
    expect(twoDecimals(-0)).toBe('-0.00');
    expect(twoDecimals(-3.14159)).toBe('-3.14');
  });
});

describe('aiperf JSON', () => {
  const json = toAiperfJson(summary, facts, { exportLevel: 'records' }) as Record<string, any>;

  it('follows schema 1.5: versions, id, aiperf\'s metric blocks in its order, run facts, nothing of mmload\'s', () => {
    expect(checkAiperfJson(json)).toEqual([]);
    const keys = Object.keys(json);
    expect(keys.slice(0, 3)).toEqual(['schema_version', 'aiperf_version', 'benchmark_id']);
    expect(keys.slice(keys.indexOf('input_config'), keys.indexOf('runtime_submission_invalid_reasons') + 1))
      .toEqual(['input_config', 'run_info', 'was_cancelled', 'error_summary', 'start_time', 'end_time', 'runtime_submission_invalid_reasons']);
    expect(keys).not.toContain('mmload');
    expect(keys).not.toContain('request_upload_time');
    expect(keys).not.toContain('achieved_request_rate');
    expect(keys).not.toContain('goodput'); // no --goodput: absent, not null
    expect(nullPaths(json)).toEqual([]);
  });

  it('writes per-request metrics with every statistic, count and sum; single values with unit and avg', () => {
    expect(Object.keys(json.time_to_first_token)).toEqual(['unit', 'avg', 'p1', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'p99', 'min', 'max', 'std', 'count', 'sum']);
    expect(json.request_latency).toMatchObject({ unit: 'ms', count: 2, sum: 499.75 });
    expect(json.output_token_throughput_per_user.unit).toBe('tokens/sec/user');
    expect(json.request_throughput).toEqual({ unit: 'requests/sec', avg: 2 / ((1400 - 1000.25) / 1000) });
    expect(json.request_count).toEqual({ unit: 'requests', avg: 2 });
    expect(json.benchmark_duration).toEqual({ unit: 'sec', avg: (1400 - 1000.25) / 1000 });
    expect(json.min_request_timestamp).toEqual({ unit: 'ns', avg: (TIME_ORIGIN + 1000.25) * 1e6 });
    expect(json.total_osl).toEqual({ unit: 'tokens', avg: 50 });
    expect(json.error_request_count).toEqual({ unit: 'requests', avg: 1 });
    expect(json.total_error_isl).toEqual({ unit: 'tokens', avg: 600 });
  });

  it('carries the run facts, errors under aiperf\'s names and local start/end times', () => {
    expect(json).toMatchObject({ schema_version: '1.5', aiperf_version: '0.8.0', benchmark_id: facts.benchmarkId, was_cancelled: false });
    expect(json.start_time).toBe('2025-10-17T20:22:09.939582');
    expect(json.error_summary).toEqual([{ error_details: { code: 503, type: 'Service Unavailable', message: 'busy, retry' }, count: 1 }]);
    expect(json.run_info).toEqual({ benchmark_id: facts.benchmarkId, random_seed: 7, trial: 0, cli_command: facts.cliCommand });
    expect(json.input_config).toEqual({
      models: { strategy: 'round_robin', items: [{ name: 'm' }] },
      endpoint: {
        urls: ['http://localhost:8000'], type: 'chat', streaming: true, path: '/v1/chat/completions', timeout: 600,
        headers: { Authorization: '<redacted>' }, extra: { ignore_eos: true },
      },
      datasets: [{ name: 'default', type: 'synthetic', entries: 3 }],
      phases: [{ name: 'profiling', type: 'concurrency', concurrency: 2, requests: 3 }],
      artifacts: { dir: '/tmp/run' },
    });
    const renamed = toAiperfJson(summary, facts, { prefix: 'run1', exportLevel: 'summary' }) as Record<string, any>;
    expect(renamed.input_config.artifacts).toEqual({ dir: '/tmp/run', prefix: 'run1', records: false });
    expect(isoLocal(new Date(2025, 0, 2, 3, 4, 5, 6).getTime())).toBe('2025-01-02T03:04:05.006000');
  });
});

describe('summary.json', () => {
  const json = toSummaryJson(summary) as Record<string, any>;

  it('holds every metric, aiperf\'s and mmload\'s, as blocks; an absent one is absent, never null', () => {
    expect(json.request_latency).toEqual(toAiperfJson(summary, facts, { exportLevel: 'records' }).request_latency);
    expect(json.request_upload_time).toMatchObject({ unit: 'ms', count: 2 });
    expect(json.achieved_request_rate.unit).toBe('requests/sec');
    for (const absent of ['goodput', 'good_request_count', 'reasoning_token_count']) expect(json).not.toHaveProperty(absent);
    expect(json.error_isl).toMatchObject({ unit: 'tokens', count: 1, sum: 600 });
    expect(nullPaths(json).filter((path) => !path.startsWith('$.mmload.totals'))).toEqual([]);
  });

  it('keeps mmload\'s error kinds, its own section and the input config', () => {
    expect(json.was_cancelled).toBe(false);
    expect(json.error_summary).toEqual([{ error_details: { code: 503, type: 'http_error', message: 'busy, retry' }, count: 1 }]);
    expect(json.input_config).toEqual({ concurrency: 2 });
    expect(json.mmload).toMatchObject({ version: '9.9.9', osl_source: 'server', interrupted: false, counts: { issued: 3, completed: 2, failed: 1 } });
    expect(json.mmload).not.toHaveProperty('goodput_slos');
    expect(json.mmload).not.toHaveProperty('simulated');
    expect(Object.keys(json).at(-2)).toBe('mmload');
  });

  it('names every key of mmload\'s own section in snake_case, as aiperf\'s, whichever sections a run has', () => {
    const shape = { kind: 'mlperf-server', mode: 'performance', targetQps: 5, targetLatencyMs: 200, percentile: 0.99, minDurationMs: 1000, minQueryCount: 2, cap: undefined } as const;
    const samples = [{ scheduledMs: 0, endMs: 150, ok: true }, { scheduledMs: 200, endMs: 420, ok: true }];
    const full = summarize(records, counts, {
      interrupted: false, version: '9.9.9', model: 'm', goodput: { time_to_first_token: 200 },
      workload: { imageSlots: 4, distinctImages: 2, plannedHitRate: 0.5, distinctImageBytes: 2048, expectedIsl: { avg: 10, min: 10, max: 10 } },
      load: loadSummary(shape, undefined, { windowMs: 10, lateBeyondWindow: 0, maxLagMs: 1, unsent: 0 }),
      clientHealth: { clientLimited: false, reasons: [], eventLoopDelayMs: { p50: 1, p99: 2, max: 3 }, workerEventLoopDelayMs: [], cpuCores: 0.1, cpuMs: 10 },
      serverMetrics: {
        url: 'http://s/metrics', scrapes: 2, available: true, mmCache: { queries: 4, hits: 2, hitRate: 0.5 }, prefixCache: { queries: 1, hits: 0, hitRate: 0 },
        dynamoEmbeddingCache: { hits: 1, misses: 1, evictions: 0, hitRate: 0.5 }, running: [{ t: 0, value: 1 }], waiting: [], serverTtft: { count: 2, meanMs: 40 },
      },
      stopped: { reason: 'server_lost', message: 'gone' },
      mlperf: mlperfVerdict(shape, samples, 0),
      simulated: { speed: 2, embeddingCacheGb: 1, maxNumSeqs: 8, prefixCaching: true },
    }, TIME_ORIGIN);
    const mmload = (toSummaryJson(full) as Record<string, any>).mmload;
    const keys = (value: unknown, path: string): string[] => (typeof value !== 'object' || value === null ? [] : Array.isArray(value)
      ? value.flatMap((item) => keys(item, `${path}[]`))
      : Object.entries(value).flatMap(([key, item]) => [`${path}.${key}`, ...keys(item, `${path}.${key}`)]));
    const all = keys(mmload, 'mmload');
    for (const section of ['load', 'server_metrics', 'client_health', 'mlperf', 'simulated', 'totals', 'workload', 'stopped']) expect(mmload).toHaveProperty(section);
    expect(all).toContain('mmload.server_metrics.mm_cache.hit_rate');
    expect(all).toContain('mmload.mlperf.early_stopping.queries_needed');
    expect(all.filter((path) => /[A-Z]/.test(path))).toEqual([]);
    expect(loadSummary({ kind: 'schedule', autoOffset: true, cap: undefined, window: { startMs: 0, endMs: 5 } }, 1000, null))
      .toMatchObject({ shape: 'schedule', auto_offset: true, window: { start_ms: 0, end_ms: 5 }, benchmark_duration_ms: 1000 });
  });
});

/** records.jsonl's lines for the profiled records above, in issue order. */
function ownLines(options: Parameters<typeof recordLine>[3]): string[] {
  return records.slice(1).map((r, i) => recordLine(r, counts[i + 1]!, i, options));
}
/** writeArtifacts' way to write records.jsonl for a run's records. */
const linesOf = { records: (tmp: string) => writeFile(tmp, ownLines({ timeOrigin: TIME_ORIGIN }).join('')) };

describe('records JSONL', () => {
  type Line = { metadata: Record<string, unknown>; metrics: Record<string, { value: unknown; unit: string }>; error?: unknown };
  const own = ownLines({ timeOrigin: TIME_ORIGIN });
  const aiperf = own.map(aiperfLine);
  const parse = (lines: string[]) => lines.map((l) => JSON.parse(l) as Line);

  it('writes one line per profiled request with integer epoch ns, metrics, and an error only on failures', () => {
    expect(own).toHaveLength(3);
    const parsed = parse(own);
    expect(parsed.map((p) => p.metadata.session_num)).toEqual([0, 1, 2]);
    expect(parsed[0]!.metadata).toMatchObject({ x_request_id: 'a', x_correlation_id: 'a', conversation_id: 'session_000000', benchmark_phase: 'profiling', body_bytes: 100 });
    expect(parsed[0]!.metadata).not.toHaveProperty('was_cancelled'); // only written when true
    const start = /"request_start_ns":(\d+),/.exec(own[0]!)![1]!;
    expect(BigInt(start)).toBe(epochNs(1000.25, TIME_ORIGIN));
    expect(BigInt(start) % 1000n).toBe(0n);
    for (const key of ['request_start_ns', 'request_ack_ns', 'request_end_ns', 'request_body_sent_ns']) {
      expect(Number.isInteger(parsed[0]!.metadata[key])).toBe(true);
    }
    expect(own.join('')).not.toMatch(/_ns":-?\d+(\.\d+)?e/i);
    expect(parsed[0]!.metrics.time_to_first_token).toEqual({ value: 99.75, unit: 'ms' });
    expect(parsed[0]!.metrics.inter_chunk_latency).toEqual({ value: [50, 50], unit: 'ms' });
    expect(parsed[0]!.metrics.request_upload_time).toEqual({ value: 1.75, unit: 'ms' });
    expect(parsed[0]).not.toHaveProperty('error');
    expect(parsed[2]!.error).toEqual({ code: 503, type: 'http_error', message: 'busy, retry' });
    expect(parsed[2]!.metrics).toEqual({ error_isl: { value: 600, unit: 'tokens' } });
    expect(parsed[2]!.metadata).not.toHaveProperty('request_ack_ns');
    expect(parsed.flatMap((line) => nullPaths(line))).toEqual([]);
  });

  it('in aiperf\'s style, keeps to aiperf\'s metadata, metrics and error names', () => {
    expect(checkAiperfJsonl(aiperf.join(''))).toEqual([]);
    const parsed = parse(aiperf);
    expect(Object.keys(parsed[0]!.metadata)).toEqual([
      'session_num', 'x_request_id', 'x_correlation_id', 'conversation_id', 'turn_index', 'request_start_ns', 'request_ack_ns',
      'request_end_ns', 'worker_id', 'record_processor_id', 'benchmark_phase',
    ]);
    expect(parsed[0]!.metrics).not.toHaveProperty('inter_chunk_latency');
    expect(parsed[0]!.metrics).not.toHaveProperty('request_upload_time');
    expect(parsed[0]!.metrics.time_to_first_token).toEqual({ value: 99.75, unit: 'ms' });
    expect(parsed[2]!.error).toEqual({ code: 503, type: 'Service Unavailable', message: 'busy, retry' });
    // The same lines as records.jsonl, less mmload's extras.
    expect(parse(own).map((line) => line.metadata.request_start_ns)).toEqual(parsed.map((line) => line.metadata.request_start_ns));
  });

  it('marks a cancelled request as aiperf does, and counts good requests per record under --goodput', () => {
    const cancelled = record({ xRequestId: 'x', startMs: 10, endMs: 20, status: null, error: { code: null, type: 'cancelled', message: 'interrupted' } });
    const line = JSON.parse(aiperfLine(recordLine(cancelled, { ...counts[3]!, isl: null }, 0, { timeOrigin: 0 }))) as Line;
    expect(line!.metadata).toMatchObject({ was_cancelled: true, cancellation_time_ns: 20_000_000 });
    expect(line!.metrics).toEqual({});
    expect(line!.error).toEqual({ code: 499, type: 'RequestCancellationError', message: 'interrupted' });
    const slos = { time_to_first_token: 100, request_latency: 250 };
    const good = ownLines({ slos, timeOrigin: 0 }).map((l) => JSON.parse(aiperfLine(l)) as Line);
    expect(good.map((l) => l.metrics.good_request_count?.value)).toEqual([1, 0, undefined]); // 199.75 ms, 300 ms, failed
  });
});

describe('console table', () => {
  it('shows the metrics table, run totals, errors and where OSL came from', () => {
    const text = renderConsoleTable(summary);
    expect(text).toMatch(/Metric\s+avg\s+min\s+max\s+p99\s+p90\s+p50\s+std/);
    expect(text).toMatch(/Time to First Token \(ms\)\s+149\.88/);
    expect(text).toContain('3 issued, 2 succeeded, 1 failed');
    expect(text).toContain('1 × http_error 503: busy, retry');
    expect(text).toContain('OSL from server usage for 2 requests');
  });
});

describe('writeArtifacts', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  const newDir = async (): Promise<string> => {
    const dir = join(await mkdtemp(join(tmpdir(), 'mmload-artifacts-')), 'run');
    dirs.push(dir);
    await mkdir(dir); // the caller claims the directory before the run
    return dir;
  };

  it('writes every file whole, aiperf\'s too, summary.json last, and leaves no temporary files', async () => {
    const dir = await newDir();
    const written = await writeArtifacts(dir, summary, null, { aiperfNames: true, exportLevel: 'records', ...linesOf });
    expect(written.at(-1)).toBe(join(dir, 'summary.json')); // its presence means the rest is complete
    const files = (await readdir(dir)).sort();
    expect(files).toEqual([
      'profile_export.jsonl', 'profile_export_aiperf.csv', 'profile_export_aiperf.json',
      'records.jsonl', 'report.html', 'summary.csv', 'summary.json',
    ]);
    expect(written).toHaveLength(7);
    const read = (name: string) => readFile(join(dir, name), 'utf8');
    expect((await read('records.jsonl')).trimEnd().split('\n')).toHaveLength(3);
    const aiperfJson = await read('profile_export_aiperf.json');
    expect(aiperfJson.endsWith('}')).toBe(true); // as orjson: no final newline
    expect(checkAiperfJson(JSON.parse(aiperfJson))).toEqual([]);
    expect(checkAiperfCsv(await read('profile_export_aiperf.csv'), JSON.parse(aiperfJson))).toEqual([]);
    expect(checkAiperfJsonl(await read('profile_export.jsonl'))).toEqual([]);
    expect(JSON.parse(await read('summary.json'))).toHaveProperty('mmload');
    expect((await read('summary.csv')).startsWith('Metric,avg,min,max,sum,')).toBe(true);

    const plain = join(dir, 'plain');
    await mkdir(plain);
    await writeArtifacts(plain, summary, null, { aiperfNames: false, exportLevel: 'records', ...linesOf });
    expect((await readdir(plain)).sort()).toEqual(['records.jsonl', 'report.html', 'summary.csv', 'summary.json']);
  });

  it('names aiperf\'s files after --profile-export-prefix, and leaves out the records at export level summary', async () => {
    const dir = await newDir();
    await writeArtifacts(dir, summary, null, { aiperfNames: true, profileExportPrefix: 'trial_raw.jsonl', exportLevel: 'summary', ...linesOf });
    expect((await readdir(dir)).sort()).toEqual(['report.html', 'summary.csv', 'summary.json', 'trial.csv', 'trial.json']);
    const json = JSON.parse(await readFile(join(dir, 'trial.json'), 'utf8'));
    expect(json.input_config.artifacts).toEqual({ dir: '/tmp/run', prefix: 'trial_raw.jsonl', records: false });
  });

  it('refuses aiperf\'s files without the run facts they need', async () => {
    const dir = await newDir();
    const bare = summarize(records, counts, { interrupted: false }, TIME_ORIGIN);
    await expect(writeArtifacts(dir, bare, null, { aiperfNames: true, exportLevel: 'records', ...linesOf })).rejects.toThrow(/aiperfRun/);
  });
});
