// End to end: `mmload --compat aiperf` against a local streaming server writes files that aiperf 0.8's strict readers accept.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startStreamServer, type Fault, type StreamServer } from './fixtures/stream-server.js';
import { checkAiperfCsv, checkAiperfJson, checkAiperfJsonl, checkInputsJson, nullPaths } from './helpers/aiperf-schema.js';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';

/** A small text-only generated workload, so these tests exercise the exports rather than image generation. */
const SMALL = ['--images-per-request', '0', '--user-text-tokens', '32', '--shared-system-prompt-length', '0', '--output-tokens', '0'];

const setup = useScratch('mmload-aiperf-exports-');

interface Run {
  readonly dir: string;
  readonly server: StreamServer;
  readonly read: (name: string) => string;
  readonly json: (name: string) => Record<string, unknown>;
  readonly lines: (name: string) => Record<string, any>[];
}

/** Runs the CLI with --compat aiperf against a fresh fixture server, and checks every file it must write. */
async function profile(name: string, args: string[], fault?: (sequence: number) => Fault | null): Promise<Run> {
  const server = await startStreamServer({ model: 'test-model', ttftMs: 5, itlMs: 1, outputTokens: 6, ...(fault ? { fault } : {}) });
  const dir = join(setup.work, name);
  try {
    const result = await runCli([...SMALL, '--url', `127.0.0.1:${server.port}`, '--artifact-dir', dir, '--compat', 'aiperf', '--quiet', ...args]);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
  } finally {
    await server.close();
  }
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  return {
    dir, server, read,
    json: (file) => JSON.parse(read(file)) as Record<string, unknown>,
    lines: (file) => read(file).trimEnd().split('\n').map((line) => JSON.parse(line)),
  };
}

/**
 * Every aiperf file passes the strict reader and holds no null; mmload's own files hold no null metric value (nor
 * any null outside mmload's configuration echo and the inner structures of its own section).
 */
function expectValidFiles(run: Run): void {
  expect(readdirSync(run.dir).sort()).toEqual([
    'inputs.json', 'profile_export.jsonl', 'profile_export_aiperf.csv', 'profile_export_aiperf.json',
    'records.jsonl', 'report.html', 'run.json', 'summary.csv', 'summary.json',
  ]);
  const aiperf = run.json('profile_export_aiperf.json');
  expect(checkAiperfJson(aiperf)).toEqual([]);
  expect(checkAiperfCsv(run.read('profile_export_aiperf.csv'), aiperf as never)).toEqual([]);
  expect(checkAiperfJsonl(run.read('profile_export.jsonl'))).toEqual([]);
  expect(checkInputsJson(run.read('inputs.json'))).toEqual([]);

  const summary = run.json('summary.json');
  const { mmload, input_config: _config, ...rest } = summary as { mmload: Record<string, unknown>; input_config: unknown };
  expect(nullPaths(rest)).toEqual([]);
  // mmload's own section: its top-level facts are absent rather than null (deeper structures keep their own shapes).
  expect(Object.entries(mmload).filter(([, v]) => v === null).map(([k]) => k)).toEqual([]);
  // Its totals (what merge combines) hold metric totals too: none is null either (an error's code is no metric).
  const { errors: _errors, ...metricTotals } = mmload.totals as Record<string, unknown>;
  expect(nullPaths(metricTotals)).toEqual([]);
  for (const line of run.lines('records.jsonl')) {
    expect(nullPaths(line)).toEqual([]);
    expect(typeof line.metrics).toBe('object');
  }
}

/** inputs.json's payload for each profiled request is the body the server received for it. */
function expectInputsMatchWire(run: Run, expectedSessions: number): void {
  const inputs = run.json('inputs.json') as { data: { session_id: string; payloads: unknown[] }[] };
  expect(inputs.data).toHaveLength(expectedSessions);
  const bySession = new Map(inputs.data.map((s) => [s.session_id, s.payloads]));
  const sent = new Map(run.server.log.map((entry) => [entry.xRequestId, entry.body]));
  for (const line of run.lines('profile_export.jsonl')) {
    const body = sent.get(line.metadata.x_request_id);
    if (body === undefined) continue; // failed before the server read its body
    expect(bySession.get(line.metadata.conversation_id)).toEqual([body]);
  }
}

describe('mmload --compat aiperf writes what aiperf 0.8 reads', () => {
  it('a clean streaming run', async () => {
    const run = await profile('clean', ['--concurrency', '2', '--request-count', '12', '--warmup-request-count', '2']);
    expectValidFiles(run);
    expectInputsMatchWire(run, 12);
    const aiperf = run.json('profile_export_aiperf.json') as Record<string, any>;
    expect(aiperf).toMatchObject({ schema_version: '1.5', aiperf_version: '0.8.0', was_cancelled: false, error_summary: [], runtime_submission_invalid_reasons: [] });
    expect(aiperf.request_count).toEqual({ unit: 'requests', avg: 12 });
    expect(aiperf.time_to_first_token.count).toBe(12);
    expect(aiperf.min_request_timestamp.unit).toBe('ns');
    expect(aiperf.max_response_timestamp.avg).toBeGreaterThan(aiperf.min_request_timestamp.avg);
    expect(aiperf).not.toHaveProperty('error_request_count');
    expect(aiperf).not.toHaveProperty('achieved_request_rate'); // mmload's own
    expect(aiperf.run_info).toMatchObject({ benchmark_id: aiperf.benchmark_id, trial: 0, cli_command: expect.stringMatching(/^mmload /) });
    expect(aiperf.input_config).toMatchObject({
      models: { items: [{ name: 'test-model' }] },
      endpoint: { type: 'chat', streaming: true, path: '/v1/chat/completions' },
      phases: [{ name: 'warmup', requests: 2 }, { name: 'profiling', type: 'concurrency', concurrency: 2, requests: 12 }],
      artifacts: { dir: run.dir },
    });
    const csv = run.read('profile_export_aiperf.csv').split('\r\n');
    expect(csv[0]).toBe('Metric,avg,min,max,sum,p1,p5,p10,p25,p50,p75,p90,p95,p99,std');
    expect(csv).toContain('Request Count,12.00');
    expect(csv.some((l) => l.startsWith('Request Upload Time'))).toBe(false); // mmload's own: only in summary.csv
    expect(run.read('summary.csv')).toMatch(/\r\nRequest Upload Time \(ms\),/);

    const records = run.lines('profile_export.jsonl');
    expect(records).toHaveLength(12);
    for (const r of records) {
      expect(r).not.toHaveProperty('error');
      expect(r.metadata).toMatchObject({ benchmark_phase: 'profiling', turn_index: 0, worker_id: 'worker_0' });
      expect(r.metadata.x_correlation_id).toBe(r.metadata.x_request_id);
      expect(Object.keys(r.metrics)).toEqual(expect.arrayContaining(['time_to_first_token', 'request_latency', 'output_sequence_length', 'input_sequence_length']));
      expect(r.metrics).not.toHaveProperty('inter_chunk_latency');
    }
    // records.jsonl: the same lines plus mmload's metadata and metrics.
    const own = run.lines('records.jsonl');
    expect(own.map((r) => r.metadata.x_request_id)).toEqual(records.map((r) => r.metadata.x_request_id));
    expect(own[0]!.metadata).toMatchObject({ ...records[0]!.metadata, request_index: expect.any(Number), body_bytes: expect.any(Number) });
    expect(own[0]!.metrics).toMatchObject(records[0]!.metrics);
    expect(own[0]!.metrics.inter_chunk_latency.value.length).toBeGreaterThan(0);
    const summary = run.json('summary.json') as Record<string, any>;
    expect(summary.time_to_first_token).toEqual(aiperf.time_to_first_token);
    expect(summary).not.toHaveProperty('achieved_request_rate'); // a closed loop: sends follow the server, no rate of their own
  });

  it('a run with HTTP errors and a reset stream', async () => {
    const fault = (n: number): Fault | null =>
      n % 5 === 1 ? { kind: 'http', status: 503, message: 'engine overloaded' }
        : n % 5 === 3 ? { kind: 'http', status: 429, message: 'slow down' }
          : n === 4 ? { kind: 'reset', afterTokens: 2 }
            : null;
    const run = await profile('faults', ['--concurrency', '2', '--request-count', '15', '-m', 'test-model'], fault);
    expectValidFiles(run);
    expectInputsMatchWire(run, 15);
    const aiperf = run.json('profile_export_aiperf.json') as Record<string, any>;
    expect(aiperf.error_request_count).toEqual({ unit: 'requests', avg: 7 });
    expect(aiperf.request_count).toEqual({ unit: 'requests', avg: 8 });
    expect(aiperf.error_isl.count).toBe(7);
    expect(aiperf.total_error_isl.unit).toBe('tokens');
    const summary = aiperf.error_summary as { error_details: { code?: number; type: string; message: string }; count: number }[];
    expect(summary).toEqual(expect.arrayContaining([
      { error_details: { code: 503, type: 'Service Unavailable', message: 'engine overloaded' }, count: 3 },
      { error_details: { code: 429, type: 'Too Many Requests', message: 'slow down' }, count: 3 },
      { error_details: { type: 'ClientPayloadError', message: expect.any(String) }, count: 1 },
    ]));
    const failed = run.lines('profile_export.jsonl').filter((r) => 'error' in r);
    expect(failed).toHaveLength(7);
    for (const r of failed) expect(Object.keys(r.metrics)).toEqual(['error_isl']);
    // mmload's own files keep mmload's error kinds.
    const own = run.lines('records.jsonl').filter((r) => 'error' in r);
    expect(own.map((r) => r.error.type).sort()).toEqual([...Array(6).fill('http_error'), 'stream_reset']);
    expect((run.json('summary.json') as { error_summary: unknown[] }).error_summary).toHaveLength(3);
  });

  it('a run with --goodput', async () => {
    const run = await profile('goodput', ['--concurrency', '2', '--request-count', '10', '--goodput', 'time_to_first_token:60000 request_latency:60000']);
    expectValidFiles(run);
    const aiperf = run.json('profile_export_aiperf.json') as Record<string, any>;
    expect(aiperf.good_request_count).toEqual({ unit: 'requests', avg: 10 });
    expect(aiperf.goodput.unit).toBe('requests/sec');
    expect(aiperf.goodput.avg).toBeCloseTo(aiperf.request_throughput.avg, 6);
    const csv = run.read('profile_export_aiperf.csv').split('\r\n');
    expect(csv).toContain('Good Request Count,10.00');
    expect(csv.some((l) => /^Goodput \(requests\/sec\),\d+\.\d\d$/.test(l))).toBe(true);
    // aiperf counts good requests per record too (1 or 0): good_request_count is not a run-level-only metric.
    for (const r of run.lines('profile_export.jsonl')) expect(r.metrics.good_request_count).toEqual({ value: 1, unit: 'requests' });
  });
});
