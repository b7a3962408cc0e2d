// End to end: open-loop rates, coordinated-omission-free latency, MLPerf verdicts, durations with grace, replay on schedule.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startStreamServer, type StreamServerOptions } from './fixtures/stream-server.js';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';
import { readJson, readJsonLines } from './helpers/read-json.js';

const setup = useScratch('mmload-cli-load-');

/** Small text-only requests; the server decides the timing. */
const TEXT = ['-m', 'x', '--images-per-request', '0', '--user-text-tokens', '16', '--shared-system-prompt-length', '0', '--output-tokens', '0'];

interface Record_ { metadata: { request_start_ns: number; request_intended_ns?: number | null }; metrics: Record<string, { value: number }> | null; error: { type: string; message: string } | null }

async function profile(server: StreamServerOptions, args: string[], name: string) {
  const s = await startStreamServer(server);
  try {
    const dir = join(setup.work, name);
    const result = await runCli(['-u', `127.0.0.1:${s.port}`, ...TEXT, ...args, '--artifact-dir', dir]);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    const records = readJsonLines(join(dir, 'records.jsonl')) as Record_[];
    records.sort((a, b) => a.metadata.request_start_ns - b.metadata.request_start_ns);
    return { summary: readJson(join(dir, 'summary.json')), records, stdout: result.stdout, dir, log: s.log };
  } finally {
    await s.close();
  }
}

/** Each record's intended send time in ms after the first's, in intended order, rounded; checks none went early. Judged
 * on the records' own stamps: a server's arrival gaps also carry the first request's connection setup. */
function scheduleOffsetsMs(records: Record_[]): number[] {
  const stamps = records.map(({ metadata: m }) => ({ intended: m.request_intended_ns!, start: m.request_start_ns }))
    .sort((a, b) => a.intended - b.intended);
  for (const { intended, start } of stamps) expect(start).toBeGreaterThanOrEqual(intended);
  return stamps.map(({ intended }) => Math.round((intended - stamps[0]!.intended) / 1e6));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('open-loop rate with a concurrency cap against a slow server', () => {
  it('shows latency from the intended send time growing with the queue while service time stays flat', async () => {
    // One slot, 60 ms per request: at most ~16 req/s served while 40 req/s are scheduled, so a queue builds.
    const { records, summary } = await profile({ ttftMs: 60, itlMs: 0, outputTokens: 1 },
      ['--request-rate', '40', '--request-rate-mode', 'constant', '--concurrency', '1', '--request-count', '24'], 'capped');
    const fromSchedule = records.map((r) => r.metrics!.request_latency_from_schedule!.value);
    const service = records.map((r) => r.metrics!.request_latency!.value);
    const quarter = records.length / 4;
    expect(mean(fromSchedule.slice(-quarter))).toBeGreaterThan(mean(fromSchedule.slice(0, quarter)) + 200);
    expect(Math.max(...service)).toBeLessThan(3 * Math.min(...service)); // service time flat: ~60 ms each
    expect(summary.schedule_lag.max).toBeGreaterThan(200);
    expect(summary.achieved_request_rate.avg).toBeLessThan(20);
    expect(summary.mmload.load).toMatchObject({ shape: 'rate', rate: 40, mode: 'constant', cap: 1 });
  });
});

describe('MLPerf Server emulation', () => {
  const args = ['--scenario', 'mlperf-server', '--server-target-qps', '200', '--target-latency-ms', '150',
    '--min-duration', '1', '--min-query-count', '460', '--request-count', '480'];

  it('is VALID on a calm server', async () => {
    const { summary, dir } = await profile({ ttftMs: 2, itlMs: 0, outputTokens: 2 }, args, 'mlperf-calm');
    expect(summary.mmload.mlperf).toMatchObject({ scenario: 'Server', valid: true, reasons: [] });
    expect(readFileSync(join(dir, 'mlperf_log_summary.txt'), 'utf8')).toMatch(/Result is : VALID/);
  });

  it('is INVALID when one request in ten stalls beyond the target', async () => {
    const { summary, dir } = await profile({
      ttftMs: 2, itlMs: 0, outputTokens: 2, fault: (n) => (n % 10 === 0 ? { kind: 'stall', ms: 300, afterTokens: 1 } : null),
    }, args, 'mlperf-stalls');
    expect(summary.mmload.mlperf.valid).toBe(false);
    expect(summary.mmload.mlperf.reasons.join(' ')).toMatch(/percentile/);
    expect(readFileSync(join(dir, 'mlperf_log_summary.txt'), 'utf8')).toMatch(/Result is : INVALID/);
  });
});

describe('durations', () => {
  it('--benchmark-duration stops issuing, and what outlives the grace period is cancelled and counted', async () => {
    const { summary, records } = await profile({ ttftMs: 0, itlMs: 100, outputTokens: 30 }, // each request streams ~3 s
      ['--benchmark-duration', '1', '--benchmark-grace-period', '0.5', '--concurrency', '3'], 'duration');
    expect(records).toHaveLength(3); // one round: none finished before the duration ended
    expect(records.every((r) => r.error?.type === 'cancelled' && /grace period/.test(r.error.message))).toBe(true);
    expect(summary.error_request_count.avg).toBe(3);
  });
});

describe('trace replay', () => {
  it('--fixed-schedule sends each line at its timestamp, in timestamp order', async () => {
    const file = join(setup.work, 'trace.jsonl');
    writeFileSync(file, ['{"text":"late","timestamp":5300}', '{"text":"first","timestamp":5000}', '{"text":"middle","timestamp":5150}'].join('\n'));
    const { log, records } = await profile({ ttftMs: 0, itlMs: 0, outputTokens: 1 }, ['--input-file', file, '--fixed-schedule', '--fixed-schedule-auto-offset'], 'trace');
    const texts = log.map((r) => JSON.stringify(r.body).match(/"(late|first|middle)"/)![1]);
    expect(texts).toEqual(['first', 'middle', 'late']);
    // Intended 150 and 300 ms after the first, and none sent before its time; without the schedule all three would
    // go at once, long before their intended stamps.
    expect(scheduleOffsetsMs(records)).toEqual([0, 150, 300]);
  });

  it('replays a mooncake_trace: each entry at its timestamp, output_length as max_completion_tokens', async () => {
    const file = join(setup.work, 'mooncake.jsonl');
    writeFileSync(file, [
      { timestamp: 0, input_length: 600, output_length: 5, hash_ids: [7, 8] },
      { timestamp: 200, input_length: 520, output_length: 3, hash_ids: [7, 9] },
    ].map((l) => JSON.stringify(l)).join('\n'));
    const { log, records } = await profile({ ttftMs: 0, itlMs: 0, outputTokens: 1 },
      ['--input-file', file, '--custom-dataset-type', 'mooncake_trace', '--fixed-schedule'], 'mooncake');
    expect(log.map((r) => (r.body as { max_completion_tokens: number }).max_completion_tokens)).toEqual([5, 3]);
    expect(scheduleOffsetsMs(records)).toEqual([0, 200]);
  });

  it('mmload profile replays a timestamped mooncake_trace on its schedule by itself (a window of it too); --no-fixed-schedule does not', async () => {
    const file = join(setup.work, 'auto.jsonl');
    writeFileSync(file, [0, 200, 400].map((timestamp) => JSON.stringify({ timestamp, input_length: 40, output_length: 2 })).join('\n'));
    const server = await startStreamServer({ outputTokens: 2 });
    try {
      const run = async (args: string[], name: string) => {
        const sent = server.log.length;
        const result = await runCli(['profile', '-u', `127.0.0.1:${server.port}`, '-m', 'x', '--input-file', file,
          '--custom-dataset-type', 'mooncake_trace', ...args, '--artifact-dir', join(setup.work, name)]);
        expect(result.code, result.stderr).toBe(0);
        const arrivals = server.log.slice(sent).map((r) => r.receivedEpochMs);
        return arrivals.map((t) => t - arrivals[0]!);
      };
      // From 200 ms on: two lines, the window's start being time 0 (so the first goes at once), 200 ms apart. Judged on
      // the records' own stamps: the server's arrival gap also carries the first request's connection setup.
      const windowed = await run(['--fixed-schedule-start-offset', '200'], 'auto-window');
      expect(windowed).toHaveLength(2);
      expect(scheduleOffsetsMs(readJsonLines(join(setup.work, 'auto-window', 'records.jsonl')) as Record_[])).toEqual([0, 200]);
      // Closed loop at concurrency 1 instead, aiperf's 10 requests over the 3 lines: each the moment the previous one is answered.
      const closed = await run(['--no-fixed-schedule'], 'no-schedule');
      expect(closed).toHaveLength(10);
      expect(closed[2]).toBeLessThan(150);
    } finally {
      await server.close();
    }
  });
});
