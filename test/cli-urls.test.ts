// Several --url values: requests go round robin over the servers in issue order, on one thread or on workers.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StreamServer } from './fixtures/stream-server.js';
import { runCli } from './helpers/run-cli.js';
import { useFixtureServer, useScratch } from './helpers/shared-setup.js';
import { readJson, readJsonLines } from './helpers/read-json.js';
import { closedPort } from './helpers/closed-port.js';

const REQUESTS = 12;
/** An odd warm-up count: were warm-up and the profiled phase to share one counter, the profiled phase would start at server 1. */
const WARMUP = 3;
const WORKLOAD = ['--images-per-request', '1', '--image-size', '32', '32', '--user-text-tokens', '16', '--shared-system-prompt-length', '0',
  '--output-tokens', '4', '--request-count', String(REQUESTS), '--warmup-request-count', String(WARMUP), '--concurrency', '4', '-q', '-m', 'm'];

const setup = useScratch('mmload-urls-');
const first = useFixtureServer({ model: 'm', itlMs: 1 });
const second = useFixtureServer({ model: 'm', itlMs: 1 });
const servers = () => [first.server, second.server];

const address = (server: StreamServer) => `127.0.0.1:${server.port}`;

describe('mmload profile with several --url', () => {
  // Each spelling of the list is parsed alike (test/profile-config.test.ts); here two of them, on one thread and on two.
  const cases = [
    { name: '--url a b', urls: () => ['--url', address(first.server), address(second.server)], workers: 1, dir: 'one-thread' },
    { name: '--url twice', urls: () => ['--url', address(first.server), '--url', address(second.server)], workers: 2, dir: 'two-threads' },
  ];

  it.each(cases)('$name, --workers $workers: request k of the profiled phase goes to server k mod 2', async ({ urls, workers, dir: name }) => {
    const dir = join(setup.work, name);
    const from = servers().map((s) => s.log.length);
    const result = await runCli([...WORKLOAD, ...urls(), '--workers', String(workers), '--artifact-dir', dir]);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code, result.stderr).toBe(0);
    const summary = readJson(join(dir, 'summary.json'));
    expect(summary.mmload.client_health.worker_event_loop_delay_ms).toHaveLength(workers === 1 ? 0 : workers);

    const served = servers().map((s, i) => s.log.slice(from[i]));
    // Warm-up goes 0, 1, 0; the profiled phase 0, 1, 0, 1, ...: 2 + 6 and 1 + 6 requests.
    expect(served.map((log) => log.length)).toEqual([2 + REQUESTS / 2, 1 + REQUESTS / 2]);
    const records = readJsonLines(join(dir, 'records.jsonl'));
    expect(records).toHaveLength(REQUESTS);
    const serverOf = (id: string) => served.findIndex((log) => log.some((r) => r.xRequestId === id));
    const bySession = [...records].sort((a, b) => a.metadata.session_num - b.metadata.session_num);
    expect(bySession.map((r) => r.error ?? null)).toEqual(Array(REQUESTS).fill(null));
    expect(bySession.map((r) => serverOf(r.metadata.x_request_id))).toEqual(Array.from({ length: REQUESTS }, (_, k) => k % 2));
  });

  it('exits 2 naming the server that does not answer, sending nothing', async () => {
    const port = await closedPort();
    const from = first.server.log.length;
    const result = await runCli([...WORKLOAD, '--url', address(first.server), '--url', `127.0.0.1:${port}`]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`cannot reach the server at http://127.0.0.1:${port}: connection refused`);
    expect(first.server.log.length).toBe(from);
  });
});
