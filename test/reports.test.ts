// Reports: aiperf's CSV and JSON layouts, the records JSONL, the console table and whole-file artifact writing.
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../src/client/request-record.js';
import { summarize } from '../src/metrics/summary.js';
import type { TokenCounts } from '../src/metrics/token-counts.js';
import { toAiperfCsv } from '../src/report/aiperf-csv.js';
import { isoLocal, toAiperfJson } from '../src/report/aiperf-json.js';
import { renderConsoleTable } from '../src/report/console-table.js';
import { writeArtifacts } from '../src/report/write-artifacts.js';
import { epochNs, recordLines } from '../src/sinks/records-jsonl.js';

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
  { osl: 1, isl: 1, oslSource: 'server', islSource: 'server' },
  { osl: 30, isl: 500, oslSource: 'server', islSource: 'server' },
  { osl: 20, isl: 700, oslSource: 'server', islSource: 'server' },
  { osl: null, isl: 600, oslSource: null, islSource: 'server' },
];
const summary = summarize(records, counts, { interrupted: false, version: '9.9.9', model: 'm', inputConfig: { concurrency: 2 } }, TIME_ORIGIN);

describe('aiperf CSV', () => {
  const csv = toAiperfCsv(summary);
  const lines = csv.split('\r\n');

  it('opens with aiperf header, then sorted rows with 2 decimals, a blank line and the single values', () => {
    expect(lines[0]).toBe('Metric,avg,min,max,p1,p5,p10,p25,p50,p75,p90,p95,p99,std');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\n').every((line) => line === '' || line.endsWith('\r'))).toBe(true); // CRLF, as aiperf
    const latency = lines.find((l) => l.startsWith('Request Latency (ms),'))!.split(',');
    expect(latency.slice(1, 4)).toEqual(['249.88', '199.75', '300.00']); // avg, min, max exact
    expect(latency[13]).toBe('50.13'); // population std
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
  });
});

describe('aiperf JSON', () => {
  const json = toAiperfJson(summary) as Record<string, Record<string, unknown> | unknown>;

  it('keys metrics by tag with units and every statistic; single values carry only unit and avg', () => {
    const ttft = json.time_to_first_token as Record<string, unknown>;
    expect(Object.keys(ttft)).toEqual(['unit', 'avg', 'p1', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'p99', 'min', 'max', 'std']);
    expect(ttft.unit).toBe('ms');
    expect((json.output_token_throughput_per_user as { unit: string }).unit).toBe('tokens/sec/user');
    expect((json.output_sequence_length as { unit: string }).unit).toBe('tokens');
    expect(json.request_throughput).toEqual({ unit: 'requests/sec', avg: 2 / ((1400 - 1000.25) / 1000) });
    expect(json.request_count).toEqual({ unit: 'requests', avg: 2 });
    expect(json.benchmark_duration).toEqual({ unit: 'sec', avg: (1400 - 1000.25) / 1000 });
    expect(json.total_osl).toEqual({ unit: 'tokens', avg: 50 });
    expect(json.total_isl).toEqual({ unit: 'tokens', avg: 1200 });
  });

  it('carries status, errors, local start/end times, mmload keys and the input config', () => {
    expect(json.was_cancelled).toBe(false);
    expect(json.start_time).toBe('2025-10-17T20:22:09.939582');
    expect(json.end_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    expect(json.error_summary).toEqual([{ error_details: { code: 503, type: 'http_error', message: 'busy, retry' }, count: 1 }]);
    expect(json.error_request_count).toEqual({ unit: 'requests', avg: 1 });
    expect(json.total_error_isl).toEqual({ unit: 'tokens', avg: 600 });
    expect([json.goodput, json.good_request_count]).toEqual([null, null]);
    expect(json.input_config).toEqual({ concurrency: 2 });
    const own = json.mmload as Record<string, unknown>;
    expect(own).toMatchObject({ version: '9.9.9', osl_source: 'server', interrupted: false, counts: { issued: 3, completed: 2, failed: 1 } });
    expect(isoLocal(new Date(2025, 0, 2, 3, 4, 5, 6).getTime())).toBe('2025-01-02T03:04:05.006000');
  });
});

describe('records JSONL', () => {
  const lines = [...recordLines(records, counts, TIME_ORIGIN)];

  it('writes one line per profiled request with integer epoch ns and aiperf metrics or error', () => {
    expect(lines).toHaveLength(3);
    const parsed = lines.map((l) => JSON.parse(l) as { metadata: Record<string, unknown>; metrics: Record<string, { value: unknown; unit: string }> | null; error: unknown });
    expect(parsed.map((p) => p.metadata.session_num)).toEqual([0, 1, 2]);
    expect(parsed[0]!.metadata).toMatchObject({ x_request_id: 'a', benchmark_phase: 'profiling', was_cancelled: false, body_bytes: 100 });
    const start = /"request_start_ns":(\d+),/.exec(lines[0]!)![1]!;
    expect(BigInt(start)).toBe(epochNs(1000.25, TIME_ORIGIN));
    expect(BigInt(start) % 1000n).toBe(0n);
    for (const key of ['request_start_ns', 'request_ack_ns', 'request_end_ns', 'request_body_sent_ns']) {
      expect(Number.isInteger(parsed[0]!.metadata[key])).toBe(true);
    }
    expect(lines.join('')).not.toMatch(/_ns":-?\d+(\.\d+)?e/i);
    expect(parsed[0]!.metrics!.time_to_first_token).toEqual({ value: 99.75, unit: 'ms' });
    expect(parsed[0]!.metrics!.inter_chunk_latency).toEqual({ value: [50, 50], unit: 'ms' });
    expect(parsed[0]!.metrics!.request_upload_time).toEqual({ value: 1.75, unit: 'ms' });
    expect(parsed[2]!.error).toEqual({ code: 503, type: 'http_error', message: 'busy, retry' });
    expect(parsed[2]!.metrics).toEqual({ error_isl: { value: 600, unit: 'tokens' } });
    expect(parsed[2]!.metadata.request_ack_ns).toBeNull();
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

  it('writes every file whole, under aiperf names too, summary.json last, and leaves no temporary files', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'mmload-artifacts-')), 'run');
    dirs.push(dir);
    await mkdir(dir); // the caller claims the directory before the run
    const written = await writeArtifacts(dir, summary, { records, counts }, { aiperfNames: true });
    expect(written.at(-1)).toBe(join(dir, 'summary.json')); // its presence means the rest is complete
    const files = (await readdir(dir)).sort();
    expect(files).toEqual([
      'profile_export.jsonl', 'profile_export_aiperf.csv', 'profile_export_aiperf.json',
      'records.jsonl', 'report.html', 'summary.csv', 'summary.json',
    ]);
    expect(written).toHaveLength(7);
    const read = (name: string) => readFile(join(dir, name), 'utf8');
    expect(await read('profile_export.jsonl')).toBe(await read('records.jsonl'));
    expect((await read('records.jsonl')).trimEnd().split('\n')).toHaveLength(3);
    expect(JSON.parse(await read('profile_export_aiperf.json'))).toEqual(JSON.parse(await read('summary.json')));
    expect((await read('summary.csv')).startsWith('Metric,avg,min,max,')).toBe(true);

    const plain = join(dir, 'plain');
    await mkdir(plain);
    await writeArtifacts(plain, summary, { records, counts }, { aiperfNames: false });
    expect((await readdir(plain)).sort()).toEqual(['records.jsonl', 'report.html', 'summary.csv', 'summary.json']);
  });
});
