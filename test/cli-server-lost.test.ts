// End to end: a server that goes away mid-run is not flooded, a lost server stops the run, and aiperf's failure threshold
// (a threshold outside 0 to 1 is refused in cli-messages.test.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startStreamServer, type StreamServer, type StreamServerOptions } from './fixtures/stream-server.js';
import { runCli, type CliResult } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';
import { readJson } from './helpers/read-json.js';

const setup = useScratch('mmload-cli-server-lost-');

/** Small text-only requests with no warm-up, so the server's log counts profiled requests only. */
const TEXT = ['-m', 'x', '--images-per-request', '0', '--user-text-tokens', '16', '--shared-system-prompt-length', '0', '--output-tokens', '0',
  '--warmup-request-count', '0', '--quiet'];
const FAST: StreamServerOptions = { ttftMs: 5, itlMs: 1, outputTokens: 4 };

/** Each test starts the CLI (a second or more on a busy machine) and runs it for a few seconds. */
const CLI_TEST_MS = 90_000;

const readLines = (path: string) => readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

/** Set while a run's CLI process is alive, so an action waiting on the server gives up once the run is over. */
let cliRunning = false;

/** Resolves once the server has seen `n` chat requests (the profiled phase is under way), or the run is over. */
async function seen(server: StreamServer, n: number): Promise<void> {
  while (server.log.length < n && cliRunning) await sleep(10);
}

/** Runs mmload (`profile` when args start with it) against `server`; `whileRunning` acts on the server while the run goes. */
async function run(server: StreamServer, args: string[], name: string, whileRunning: () => Promise<void> = async () => {}) {
  const dir = join(setup.work, name);
  const command = args[0] === 'profile' ? args.splice(0, 1) : [];
  let acting: Promise<void> = Promise.resolve();
  cliRunning = true;
  const result: CliResult = await runCli([...command, '-u', `127.0.0.1:${server.port}`, ...TEXT, ...args, '--artifact-dir', dir], {
    whileRunning: () => {
      acting = whileRunning();
    },
  }).finally(() => {
    cliRunning = false;
  });
  await acting;
  expect(result.stderr).not.toMatch(/internal error/);
  return { result, dir };
}

/** The run's accounting holds: every issued request is in records.jsonl and is either completed or failed. */
function expectExactCounts(dir: string) {
  const summary = readJson(join(dir, 'summary.json'));
  const { issued, completed, failed } = summary.mmload.counts;
  expect(completed + failed).toBe(issued);
  expect(readLines(join(dir, 'records.jsonl'))).toHaveLength(issued);
  return summary;
}

describe('a server that goes away mid-run', () => {
  it('closed loop: while it is down each slot backs off, so failures stay a handful per slot, and the run recovers when it is back', async () => {
    const first = await startStreamServer(FAST);
    const port = first.port;
    let second: StreamServer | undefined;
    let restartedEpochMs = 0;
    try {
      const { result, dir } = await run(first, ['--concurrency', '4', '--benchmark-duration', '4'], 'restart', async () => {
        await seen(first, 8);
        await first.close();
        await sleep(1000);
        second = await startStreamServer({ ...FAST, port });
        restartedEpochMs = Date.now();
      });
      expect(result.code).toBe(0);
      const summary = expectExactCounts(dir);
      const { completed, failed } = summary.mmload.counts;
      // 1 s down: per slot 50 + 100 + 200 + 400 + 800 ms of backoff covers it in at most 6 refusals (the 4 requests in
      // flight at the close fail too). Re-issuing at once, as before, made thousands.
      expect(failed).toBeGreaterThan(0);
      expect(failed).toBeLessThanOrEqual(4 * 6 + 4);
      const records = readLines(join(dir, 'records.jsonl'));
      const afterRestart = records.filter((r) => r.error === undefined && r.metadata.request_start_ns / 1e6 > restartedEpochMs);
      expect(afterRestart.length).toBeGreaterThan(0);
      expect(completed).toBeGreaterThan(afterRestart.length);
      // The waits show as schedule lag of the requests sent after them (closed loop has none otherwise).
      expect(summary.schedule_lag.count).toBeGreaterThan(0);
      expect(summary.schedule_lag.max).toBeGreaterThanOrEqual(40);
      expect(summary.mmload.stopped).toBeUndefined();
    } finally {
      await first.close();
      await second?.close();
    }
  }, CLI_TEST_MS);
});

describe('a server that never comes back', () => {
  it.each([
    ['closed loop', ['--concurrency', '4', '--benchmark-duration', '60']],
    ['open loop', ['--request-rate', '40', '--benchmark-duration', '60']],
  ])('%s: the run stops after --server-lost-timeout, writes its results marked so, and exits 3', async (name, shape) => {
    const server = await startStreamServer(FAST);
    try {
      const { result, dir } = await run(server, [...shape, '--server-lost-timeout', '1'], `lost-${name.replace(' ', '-')}`, async () => {
        await seen(server, 8);
        await server.close();
      });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/stopped: server unreachable since \d{4}-\d\d-\d\dT[\d:.]+ \(\d+ s, --server-lost-timeout\)/);
      expect(result.stderr).toMatch(/results: .* \(stopped early\)/);
      const summary = expectExactCounts(dir);
      expect(summary.mmload.stopped).toEqual({ reason: 'server_lost', message: expect.stringMatching(/^server unreachable since /) });
      expect(summary).toMatchObject({ was_cancelled: true, mmload: { interrupted: false } });
      expect(summary.mmload.counts.issued).toBeLessThan(1000);
      expect(summary.mmload.counts.completed).toBeGreaterThan(0);
      expect(existsSync(join(dir, 'report.html'))).toBe(true);
    } finally {
      await server.close();
    }
  }, CLI_TEST_MS);
});

describe('--failed-request-threshold (aiperf)', () => {
  it('stops the run once more than that share of profiled requests failed, with exit 3 and the results written', async () => {
    // Every request from the 6th on gets a 503.
    const server = await startStreamServer({ ...FAST, fault: (seq) => (seq >= 5 ? { kind: 'http', status: 503, message: 'engine down' } : null) });
    try {
      const { result, dir } = await run(server, ['profile', '--concurrency', '2', '--request-count', '500', '--failed-request-threshold', '0.25'], 'threshold');
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/stopped: \d+ of \d+ profiled requests failed \([\d.]+%\), more than --failed-request-threshold 0\.25 \(25\.0%\)/);
      const summary = expectExactCounts(dir);
      expect(summary.mmload.stopped.reason).toBe('failed_request_threshold');
      // As aiperf marks a run its threshold aborted.
      expect(readJson(join(dir, 'profile_export_aiperf.json')).was_cancelled).toBe(true);
      // Judged from the 10th settled request on, when at least 5 of them failed (> 25%): the run stops then and what
      // is in flight is cancelled, the 5th success too when its stream was slower than the 503s beside it.
      expect(summary.mmload.counts.issued).toBeLessThan(20);
      expect(summary.mmload.counts.completed).toBeGreaterThanOrEqual(4);
      expect(summary.mmload.counts.completed).toBeLessThanOrEqual(5);
    } finally {
      await server.close();
    }
  }, CLI_TEST_MS);

  it('is judged only from max(concurrency, 10) requests on, and a share at the threshold does not stop the run', async () => {
    // The first request fails: 1 of 1 is above 0.1, but too early to judge; 1 of 10 is not above it.
    const server = await startStreamServer({ ...FAST, fault: (seq) => (seq === 0 ? { kind: 'http', status: 500, message: 'first' } : null) });
    try {
      const { result, dir } = await run(server, ['profile', '--concurrency', '1', '--request-count', '10', '--failed-request-threshold', '0.1'], 'threshold-floor');
      expect(result.code).toBe(0);
      const summary = expectExactCounts(dir);
      expect(summary.mmload.counts).toEqual({ issued: 10, completed: 9, failed: 1 });
      expect(summary.mmload.stopped).toBeUndefined();
    } finally {
      await server.close();
    }
  }, CLI_TEST_MS);
});
