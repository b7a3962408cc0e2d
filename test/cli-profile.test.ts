// End to end: the built CLI against a real local streaming server, checking files, accounting and warm-up.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startStreamServer } from './fixtures/stream-server.js';
import { runCli } from './helpers/run-cli.js';
import { useFixtureServer, useScratch } from './helpers/shared-setup.js';
import { readJson, readJsonLines } from './helpers/read-json.js';
import { closedPort } from './helpers/closed-port.js';

/** A small text-only generated workload, so these tests exercise the pipeline rather than image generation. */
const SMALL = ['--images-per-request', '0', '--user-text-tokens', '32', '--shared-system-prompt-length', '0', '--output-tokens', '0'];
const AIPERF_CSV_HEADER = 'Metric,avg,min,max,sum,p1,p5,p10,p25,p50,p75,p90,p95,p99,std';
const setup = useScratch('mmload-cli-');


describe('mmload profile against a streaming server', () => {
  const fixture = useFixtureServer({ model: 'test-model', ttftMs: 20, itlMs: 2, outputTokens: 12 });

  it('runs the default command, keeps N in flight, drops warm-up and writes aiperf-layout files', async () => {
    const dir = join(setup.work, 'run1');
    const result = await runCli([...SMALL,
      '--url', `127.0.0.1:${fixture.server.port}`, '--concurrency', '4', '--request-count', '24', '--warmup-request-count', '3',
      '--extra-inputs', 'max_tokens:12', '--extra-inputs', 'ignore_eos:true', '--artifact-dir', dir, '--compat', 'aiperf',
    ]);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);

    const chat = fixture.server.log;
    expect(chat).toHaveLength(27);
    expect(fixture.server.maxInFlight()).toBe(4);
    const body = chat[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'test-model', stream: true, stream_options: { include_usage: true }, max_tokens: 12, ignore_eos: true });

    const summary = readJson(join(dir, 'summary.json'));
    expect(summary.request_count.avg).toBe(24);
    expect(summary.time_to_first_token.unit).toBe('ms');
    expect(summary.time_to_first_token.avg).toBeGreaterThanOrEqual(20);
    expect(summary.output_sequence_length.avg).toBe(12);
    expect(summary.was_cancelled).toBe(false);
    expect(summary.mmload.client_health).toMatchObject({ client_limited: expect.any(Boolean), cpu_cores: expect.any(Number) });
    expect(JSON.stringify(summary)).not.toMatch(/Bearer/);

    const records = readJsonLines(join(dir, 'records.jsonl'));
    expect(records).toHaveLength(24);
    // Warm-up requests were the first three the server saw, and none of them is in the records.
    const warmupIds = new Set(chat.slice(0, 3).map((r) => r.xRequestId));
    const recordIds = records.map((r) => r.metadata.x_request_id);
    expect(recordIds.some((id: string) => warmupIds.has(id))).toBe(false);
    expect(new Set(recordIds)).toEqual(new Set(chat.slice(3).map((r) => r.xRequestId)));
    for (const r of records) {
      expect(Number.isInteger(r.metadata.request_start_ns)).toBe(true);
      expect(r.metadata.request_end_ns).toBeGreaterThan(r.metadata.request_start_ns);
      expect(r).not.toHaveProperty('error');
    }

    expect(readFileSync(join(dir, 'summary.csv'), 'utf8').split('\r\n')[0]).toBe(AIPERF_CSV_HEADER);
    expect(readFileSync(join(dir, 'profile_export_aiperf.csv'), 'utf8').split('\r\n')[0]).toBe(AIPERF_CSV_HEADER);
    expect(readJson(join(dir, 'profile_export_aiperf.json')).request_count.avg).toBe(24);
    expect(readJsonLines(join(dir, 'profile_export.jsonl'))).toHaveLength(24);
    expect(result.stdout).toMatch(/Time to First Token/);
    // Not a terminal: plain progress lines, the last with the whole run.
    expect(result.stderr).toMatch(/^progress: [\d.]+ s · 24\/24 done · 0 in flight · .* · 0 errors$/m);
  });

  it('refuses to overwrite an artifact dir that already holds results', async () => {
    const dir = join(setup.work, 'run1');
    const before = readFileSync(join(dir, 'summary.json'), 'utf8');
    const sent = fixture.server.log.length;
    const result = await runCli([...SMALL, '--url', `127.0.0.1:${fixture.server.port}`, '--request-count', '2', '--artifact-dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/already holds results/);
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(before);
    expect(fixture.server.log.length).toBe(sent);
  });
});

describe('errors are results', () => {
  it('records HTTP failures with the server message and loses no request', async () => {
    const server = await startStreamServer({
      ttftMs: 5, itlMs: 1, outputTokens: 5,
      fault: (n) => (n % 3 === 2 ? { kind: 'http', status: 503, message: 'engine overloaded' } : null),
    });
    try {
      const dir = join(setup.work, 'faults');
      const result = await runCli([...SMALL, '--url', `http://127.0.0.1:${server.port}`, '-m', 'x', '--concurrency', '3', '--request-count', '30',
        '--goodput', 'time_to_first_token:60000 request_latency:60000', '--artifact-dir', dir, '--quiet']);
      expect(result.code).toBe(0);
      expect(result.stderr).not.toMatch(/progress:/); // --quiet
      const summary = readJson(join(dir, 'summary.json'));
      expect(summary.request_count.avg).toBe(20);
      // Goodput counts only successes meeting every SLO: a failed request is never good.
      expect(summary.good_request_count.avg).toBe(20);
      expect(summary.goodput.avg).toBeCloseTo(summary.request_throughput.avg, 6);
      expect(summary.error_request_count.avg).toBe(10);
      expect(summary.error_summary).toEqual([{ error_details: { code: 503, type: 'http_error', message: expect.stringContaining('engine overloaded') }, count: 10 }]);
      const records = readJsonLines(join(dir, 'records.jsonl'));
      expect(records).toHaveLength(30);
      expect(records.filter((r) => 'error' in r)).toHaveLength(10);
    } finally {
      await server.close();
    }
  });
});

describe('bad input stops before any request with exit code 2', () => {
  const fixture = useFixtureServer({ ttftMs: 1, itlMs: 1, outputTokens: 2 });

  const expectUsageError = async (args: string[], pattern: RegExp) => {
    const sent = fixture.server.log.length;
    const dir = join(setup.work, `bad-${Math.random().toString(36).slice(2)}`);
    const result = await runCli([...SMALL, ...args, '--artifact-dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(pattern);
    expect(existsSync(dir)).toBe(false);
    expect(fixture.server.log.length).toBe(sent);
  };

  it('an unreachable server', async () => {
    const port = await closedPort();
    await expectUsageError(['--url', `127.0.0.1:${port}`, '-m', 'x'], /cannot reach the server at http:\/\/127\.0\.0\.1:\d+: connection refused/);
  });

  it('a missing input file', async () => {
    await expectUsageError(['--url', `127.0.0.1:${fixture.server.port}`, '--input-file', join(setup.work, 'nope.jsonl')], /nope\.jsonl/);
  });

  it('a malformed JSONL line, named by number', async () => {
    const file = join(setup.work, 'bad.jsonl');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, '{"text": "fine"}\n\n{"text": broken}\n');
    await expectUsageError(['--url', `127.0.0.1:${fixture.server.port}`, '--input-file', file], /bad\.jsonl:3/);
  });

  it('a tokenizer file that cannot be read', async () => {
    await expectUsageError(['--url', `127.0.0.1:${fixture.server.port}`, '--tokenizer', join(setup.work, 'missing-tokenizer.json')], /missing-tokenizer\.json/);
  });

  it('an invalid flag value, an unknown flag and an unsupported aiperf flag', async () => {
    await expectUsageError(['--url', `127.0.0.1:${fixture.server.port}`, '--concurrency', 'lots'], /--concurrency must be a number \(got 'lots'\)/);
    await expectUsageError(['--url', `127.0.0.1:${fixture.server.port}`, '--concurency', '4'], /Unknown argument: concurency/);
    await expectUsageError(['--url', `127.0.0.1:${fixture.server.port}`, '--image-size', '5'], /Not enough arguments following: image-size/);
    await expectUsageError(['--url', `127.0.0.1:${fixture.server.port}`, '--request-cancellation-rate', '10'], /mmload: --request-cancellation-rate is an aiperf flag mmload does not support: aiperf cancels/);
    await expectUsageError(['--url', `127.0.0.1:${fixture.server.port}`, '--goodput', 'time_to_frist_token:100'], /--goodput: unknown metric "time_to_frist_token"/);
  });
});

describe('input files', () => {
  it('sends lines in file order, wrapping around with a notice', async () => {
    const server = await startStreamServer({ ttftMs: 1, itlMs: 1, outputTokens: 3 });
    try {
      const file = join(setup.work, 'three.jsonl');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(file, ['{"text": "line zero"}', '{"texts": ["line one"]}', '{"text": "line two"}'].join('\n'));
      const dir = join(setup.work, 'wrap');
      const result = await runCli(['-u', `127.0.0.1:${server.port}`, '-m', 'x', '--input-file', file, '--custom-dataset-type', 'single_turn', '--request-count', '5', '--artifact-dir', dir]);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/notice: .*wrap/i);
      const texts = server.log.map((r) => JSON.stringify((r.body as { messages: unknown }).messages).match(/line (\w+)/)![1]);
      expect(texts).toEqual(['zero', 'one', 'two', 'zero', 'one']);
    } finally {
      await server.close();
    }
  });
});

describe('non-streaming requests', () => {
  it('--no-streaming asks for one JSON reply and reports latency without inventing a TTFT', async () => {
    const server = await startStreamServer({ ttftMs: 5, itlMs: 1, outputTokens: 4 });
    try {
      const dir = join(setup.work, 'plain');
      const result = await runCli(['-u', `127.0.0.1:${server.port}`, '-m', 'x', ...SMALL, '--no-streaming', '--request-count', '3', '--artifact-dir', dir]);
      expect(result.stderr).not.toMatch(/internal error/);
      expect(result.code).toBe(0);
      expect(server.log.every((r) => (r.body as { stream: boolean }).stream === false)).toBe(true);
      for (const r of readJsonLines(join(dir, 'records.jsonl'))) {
        expect(r).not.toHaveProperty('error');
        expect(r.metrics.request_latency.value).toBeGreaterThan(0);
        expect(r.metrics.time_to_first_token).toBeUndefined();
      }
    } finally {
      await server.close();
    }
  });
});

describe('Ctrl-C', () => {
  it('writes what was measured, marked as interrupted, with every issued request accounted for', async () => {
    const server = await startStreamServer({ ttftMs: 5, itlMs: 20, outputTokens: 100 });
    try {
      const dir = join(setup.work, 'interrupted');
      const result = await runCli([...SMALL, '-u', `127.0.0.1:${server.port}`, '-m', 'x', '--concurrency', '4', '--request-count', '1000', '--artifact-dir', dir], {
        whileRunning: (child) => {
          const timer = setInterval(() => {
            if (server.log.length >= 10) {
              clearInterval(timer);
              child.kill('SIGINT');
            }
          }, 20);
        },
      });
      expect(result.code).toBe(130);
      const summary = readJson(join(dir, 'summary.json'));
      expect(summary.was_cancelled).toBe(true);
      const records = readJsonLines(join(dir, 'records.jsonl'));
      const failed = records.filter((r) => 'error' in r);
      // Every request the server saw is a record; a record the server never saw (cancelled before its body
      // arrived) is a cancelled one. The server logs a request only once its body is read.
      const seen = new Set(server.log.map((r) => r.xRequestId));
      const ids = new Set(records.map((r) => r.metadata.x_request_id));
      expect([...seen].every((id) => ids.has(id))).toBe(true);
      expect(records.filter((r) => !seen.has(r.metadata.x_request_id)).every((r) => r.error?.type === 'cancelled')).toBe(true);
      expect(summary.request_count.avg + summary.error_request_count.avg).toBe(records.length);
      expect(failed.every((r) => r.error.type === 'cancelled')).toBe(true);
      expect(failed.length).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
