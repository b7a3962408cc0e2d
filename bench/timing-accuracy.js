// How true are mmload's TTFT and ITL? Compares them per request with the server's own clock (joined on X-Request-ID).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

const root = new URL('..', import.meta.url).pathname;

/** Starts the fixture server in a child process; resolves with its port and a stop() that returns its log. */
async function startServer(options, logPath) {
  const child = spawn(process.execPath, [join(root, 'bench/fixtures/serve.js'), JSON.stringify(options), logPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(child.stdout, 'data');
  return {
    port: Number(String(line).trim()),
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
      return JSON.parse(readFileSync(logPath, 'utf8'));
    },
  };
}

function runMmload(args) {
  const child = spawn(process.execPath, [join(root, 'dist/cli/main.js'), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  return once(child, 'exit').then(([code]) => {
    if (code !== 0) throw new Error(`mmload exited with ${code}`);
  });
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** One scenario: TTFT/ITL of the server vs mmload at a given concurrency. */
export async function timingAccuracy({ concurrency = 8, requests = 200, ttftMs = 50, itlMs = 10, outputTokens = 64 } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'mmload-bench-'));
  try {
    const server = await startServer({ model: 'bench', ttftMs, itlMs, outputTokens }, join(work, 'server.json'));
    const dir = join(work, 'out');
    await runMmload(['-u', `127.0.0.1:${server.port}`, '--concurrency', String(concurrency), '--request-count', String(requests),
      '--warmup-request-count', String(concurrency), '--artifact-dir', dir]);
    const truth = new Map((await server.stop()).map((r) => [r.xRequestId, r]));
    const ttftExcess = [];
    const itlError = [];
    for (const line of readFileSync(join(dir, 'records.jsonl'), 'utf8').trim().split('\n')) {
      const record = JSON.parse(line);
      const served = truth.get(record.metadata.x_request_id);
      if (!served || record.error) continue;
      const t = served.tokenEpochMs;
      ttftExcess.push(record.metrics.time_to_first_token.value - (t[0] - served.receivedEpochMs));
      itlError.push(record.metrics.inter_token_latency.value - (t[t.length - 1] - t[0]) / (t.length - 1));
    }
    return {
      name: `timing accuracy, concurrency ${concurrency}`,
      requests: ttftExcess.length,
      ttft_excess_avg_ms: mean(ttftExcess),
      ttft_excess_p99_ms: quantile(ttftExcess, 0.99),
      itl_error_avg_ms: mean(itlError),
      itl_abs_error_p99_ms: quantile(itlError.map(Math.abs), 0.99),
      targets: 'TTFT excess avg <= 3 ms, |ITL error| avg <= 0.5 ms',
      pass: mean(ttftExcess) >= 0 && mean(ttftExcess) <= 3 && Math.abs(mean(itlError)) <= 0.5,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
