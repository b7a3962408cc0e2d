// Multi-node runs end to end: 3 shards (--shard, --start-at) against one server, then `mmload merge` checked against their records.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Distribution } from '../src/metrics/histogram.js';
import { runCli } from './helpers/run-cli.js';
import { useFixtureServer, useScratch } from './helpers/shared-setup.js';
import { readJson, readJsonLines } from './helpers/read-json.js';

const LINES = 30;
const marker = (k: number) => `shard-merge-line-${k}-end`;
const setup = useScratch('mmload-shards-');

/** The keys of summary.json that the refusal cases below spoil. */
interface EditableSummary {
  mmload: { totals?: unknown; model: string; load: { shard?: { count: number } } };
}

const close = (actual: number, expected: number, relative = 1e-9) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));

describe('3 shards against one server, then mmload merge', () => {
  const fixture = useFixtureServer({ model: 'test-model', ttftMs: 15, itlMs: 2, outputTokens: 6 });
  let input: string;
  const dirs = [0, 1, 2].map((i) => `shard-${i}`);
  let startAtMs: number;
  let stderr: string[];

  beforeAll(async () => {
    input = join(setup.work, 'inputs.jsonl');
    writeFileSync(input, Array.from({ length: LINES }, (_, k) => JSON.stringify({ text: `Describe ${marker(k)} briefly.` })).join('\n'));
    // Far enough ahead for three CLIs starting at once on a busy 2-core machine; a late shard warns and starts at once.
    startAtMs = Date.now() + 8000;
    const results = await Promise.all(dirs.map((dir, i) => runCli([
      '--url', `127.0.0.1:${fixture.server.port}`, '--input-file', input, '--concurrency', '4', '--warmup-request-count', '3',
      '--extra-inputs', 'max_tokens:6', '--shard', i === 2 ? 'auto/3' : `${i}/3`, '--start-at', new Date(startAtMs).toISOString(),
      '--artifact-dir', join(setup.work, dir), '--quiet',
    ], { env: i === 2 ? { JOB_COMPLETION_INDEX: '2' } : {} })));
    for (const r of results) expect(r.stderr).not.toMatch(/internal error/);
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    stderr = results.map((r) => r.stderr);
  }, 120_000);

  it('the shards issued every workload request exactly once, round-robin, after warm-up and not before --start-at', () => {
    const records = dirs.map((dir) => readJsonLines(join(setup.work, dir, 'records.jsonl')));
    expect(records.map((r) => r.length)).toEqual([10, 10, 10]);
    // Shard i sent the lines at positions p % 3 == i.
    for (const [i, shardRecords] of records.entries()) {
      expect(shardRecords.map((r: { metadata: { request_index: number } }) => r.metadata.request_index).sort((a: number, b: number) => a - b))
        .toEqual(Array.from({ length: LINES }, (_, p) => p).filter((p) => p % 3 === i));
      const firstStartNs = Math.min(...shardRecords.map((r: { metadata: { request_start_ns: number } }) => r.metadata.request_start_ns));
      expect(firstStartNs).toBeGreaterThanOrEqual((startAtMs - 20) * 1e6);
      expect(stderr[i]).toMatch(/waiting [\d.]+ s for --start-at|--start-at .* passed/);
    }
    // Join the server's log to the records by X-Request-ID: each profiled request carried its own line's text.
    const byId = new Map(records.flat().map((r) => [r.metadata.x_request_id, r.metadata.request_index]));
    const seen = new Map<number, number>();
    let warmup = 0;
    for (const entry of fixture.server.log) {
      const index = byId.get(entry.xRequestId);
      if (index === undefined) {
        warmup++;
        continue;
      }
      const line = Number(/shard-merge-line-(\d+)-end/.exec(JSON.stringify(entry.body))?.[1]);
      expect(line).toBe(index);
      seen.set(line, (seen.get(line) ?? 0) + 1);
    }
    expect(warmup).toBe(3);
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: LINES }, (_, k) => k));
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it('records each shard\'s share of the load and the whole load it belongs to', () => {
    const loads = dirs.map((dir) => readJson(join(setup.work, dir, 'summary.json')).mmload.load);
    expect(loads.map((l) => l.concurrency)).toEqual([2, 1, 1]);
    expect(loads.map((l) => l.shard.index)).toEqual([0, 1, 2]);
    for (const l of loads) expect(l.shard).toMatchObject({ count: 3, whole: { kind: 'concurrency', concurrency: 4 } });
  });

  it('merges into the summary that the three records files give, every record once, renumbered', async () => {
    const out = join(setup.work, 'merged');
    const result = await runCli(['merge', ...dirs.map((d) => join(setup.work, d)), '--artifact-dir', out]);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Time to First Token/);
    const merged = readJson(join(out, 'summary.json'));
    const records = dirs.flatMap((dir) => readJsonLines(join(setup.work, dir, 'records.jsonl')));

    for (const tag of ['time_to_first_token', 'inter_token_latency', 'request_latency']) {
      const expected = new Distribution('ms');
      for (const r of records) expected.record(r.metrics[tag].value);
      const stats = expected.stats()!;
      expect(merged.mmload.sample_counts[tag]).toBe(stats.count);
      for (const key of ['min', 'max', 'p1', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'p99'] as const) expect(merged[tag][key]).toBe(stats[key]);
      close(merged[tag].avg, stats.avg);
      close(merged[tag].std, stats.std, 1e-6);
    }
    expect(merged.mmload.counts).toEqual({ issued: 30, completed: 30, failed: 0 });
    expect(merged.request_count.avg).toBe(30);
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).toContain('data-metric="mmload.counts.issued" data-value="30"');
    expect(report).toMatch(/Merged from shards/);
    const sum = (tag: string) => records.reduce((n, r) => n + r.metrics[tag].value, 0);
    expect(merged.total_osl.avg).toBe(sum('output_sequence_length'));
    expect(merged.total_isl.avg).toBe(sum('input_sequence_length'));
    const startMs = records.map((r) => r.metadata.request_start_ns / 1e6);
    const endMs = records.map((r, i) => startMs[i]! + r.metrics.request_latency.value);
    // request_start_ns keeps microseconds: the duration agrees to a few of them.
    expect(Math.abs(merged.benchmark_duration.avg - (Math.max(...endMs) - Math.min(...startMs)) / 1000)).toBeLessThan(5e-6);
    expect(merged.mmload.load).toMatchObject({ kind: 'concurrency', concurrency: 4, shards: { count: 3, missing: [] } });
    expect(merged.was_cancelled).toBe(false);

    const lines = readJsonLines(join(out, 'records.jsonl'));
    expect(lines.map((l) => l.metadata.session_num)).toEqual(Array.from({ length: LINES }, (_, k) => k));
    expect(new Set(lines.map((l) => l.metadata.x_request_id))).toEqual(new Set(records.map((r) => r.metadata.x_request_id)));
    expect(readFileSync(join(out, 'summary.csv'), 'utf8')).toMatch(/^Metric,avg,min,max/);
  });

  it('refuses a missing shard unless --allow-partial, and then covers the shards given', async () => {
    const refused = await runCli(['merge', join(setup.work, dirs[0]!), join(setup.work, dirs[1]!), '--artifact-dir', join(setup.work, 'partial-refused')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toMatch(/^mmload: shard 2 of 3 missing: .*--allow-partial/);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(setup.work, 'partial-refused'))).toBe(false);

    const out = join(setup.work, 'partial');
    const partial = await runCli(['merge', join(setup.work, dirs[0]!), join(setup.work, dirs[1]!), '--allow-partial', '--artifact-dir', out]);
    expect(partial.code).toBe(0);
    expect(partial.stderr).toMatch(/warning: shard 2 of 3 missing/);
    const summary = readJson(join(out, 'summary.json'));
    expect(summary.request_count.avg).toBe(20);
    expect(summary.mmload.load.shards.missing).toEqual([2]);
  });

  it('refuses, in one line with exit code 2, what is not the shards of one run', async () => {
    const copy = (from: string, to: string, edit: (json: EditableSummary) => void) => {
      cpSync(join(setup.work, from), join(setup.work, to), { recursive: true });
      const json = readJson(join(setup.work, to, 'summary.json'));
      edit(json);
      writeFileSync(join(setup.work, to, 'summary.json'), JSON.stringify(json));
      return join(setup.work, to);
    };
    const withoutRecords = (dir: string) => {
      rmSync(join(dir, 'records.jsonl'));
      return dir;
    };
    const [s0, s1, s2] = dirs.map((d) => join(setup.work, d)) as [string, string, string];
    mkdirSync(join(setup.work, 'empty'));
    const cases: [string[], RegExp][] = [
      [[s0, s0, s1, s2], /both shard 0\/3/],
      [[s0, s1, join(setup.work, 'empty')], /holds no summary\.json/],
      [[s0, s1, copy(dirs[2]!, 'no-totals', (j) => delete j.mmload.totals)], /has no mmload\.totals/],
      [[s0, s1, copy(dirs[2]!, 'other-model', (j) => (j.mmload.model = 'other'))], /different models/],
      [[s0, s1, copy(dirs[2]!, 'not-a-shard', (j) => delete j.mmload.load.shard)], /not a shard's summary/],
      [[s0, s1, copy(dirs[2]!, 'other-count', (j) => (j.mmload.load.shard!.count = 4))], /different shard counts/],
      [[s0, s1, withoutRecords(copy(dirs[2]!, 'no-records', () => undefined))], /holds summary\.json but no records\.jsonl/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(['merge', ...args, '--artifact-dir', join(setup.work, 'never')]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(existsSync(join(setup.work, 'never'))).toBe(false);
  });

  it('refuses a bad --shard or --start-at before sending anything', async () => {
    const sent = fixture.server.log.length;
    for (const [args, message] of [
      [['--shard', '3/3'], /--shard 3\/3: N must be >= 1 and i in 0\.\.N-1/],
      [['--shard', 'auto/3'], /JOB_COMPLETION_INDEX, which is not set/],
      [['--shard', '0/3', '--concurrency', '2'], /--concurrency 2 cannot be split over 3 shards/],
      [['--start-at', '2025-06-01T12:00:00'], /--start-at must be an ISO-8601 time with a zone/],
    ] as [string[], RegExp][]) {
      const result = await runCli(['--url', `127.0.0.1:${fixture.server.port}`, '--input-file', input, ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(fixture.server.log.length).toBe(sent);
  });
});
