// Shared by the benchmarks: the fixture server, mmload and the naive client in child processes, their CPU and memory, quantiles.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { epochNow } from '../dist/util/epoch-now.js';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
/** The built mmload CLI. */
export const CLI = here('../dist/main.js');
const SERVE = here('fixtures/serve.js');
const NAIVE = here('fixtures/naive-client.js');
const CPU_PRELOAD = here('fixtures/cpu-at-exit.js');
const MEMORY_PROBE = here('fixtures/memory-probe.js');

// epochNow, the wall clock every process here stamps with (the fixture server's too): performance.timeOrigin +
// performance.now(). Node samples the system clock once at process start and then advances it on the monotonic clock,
// so two processes agree to the clock adjustments (NTP slew, at most 0.5 ms per second by the kernel's limit, in
// practice µs) made between their starts, plus a few µs of sampling; a negative minimum lag would show skew.

export const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const median = (xs) => quantile(xs, 0.5);
/** Nearest-rank quantile (q = 1: the max). */
export const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.max(0, Math.ceil(q * xs.length) - 1))];

/** Runs fn(dir) with a fresh temporary directory, removed afterwards. */
export async function withWorkDir(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'mmload-bench-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts bench/fixtures/serve.js (StreamServerOptions, plus keepLog) in its own process, under SCHED_FIFO at
 * `priority` when `realtime`. stop() ends it and, given a dir to write it in, returns its file: { requests, samples: [[epochMs, cpuMs,
 * requests, inFlight]], log: [{ xRequestId, receivedEpochMs, tokenEpochMs }] }.
 */
export async function startServer(options, dir, { realtime = false, priority = 1 } = {}) {
  const logPath = dir === undefined ? null : join(dir, `server-${Date.now()}.json`);
  const [command, ...argv] = scheduled([process.execPath, SERVE, JSON.stringify(options), ...(logPath ? [logPath] : [])], realtime, priority);
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(child.stdout, 'data');
  const port = Number(String(line).trim());
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
      return logPath ? JSON.parse(readFileSync(logPath, 'utf8')) : null;
    },
  };
}

/** Runs `client(url)` against a fresh fixture server (startServer's options), then stops it: { result, served }. */
export async function withServer(options, dir, client) {
  const server = await startServer(options, dir);
  let result;
  try {
    result = await client(server.url);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return { result, served: await server.stop() };
}

/**
 * Server CPU in cores (1.0 = one core busy) over its busy window: from the last sample before the first chat request
 * to the first one with every request in and none open. Samples are 100 ms apart, so the window is that much loose.
 */
export function busyCores(samples) {
  const startAt = samples.findLastIndex(([, , requests]) => requests === samples[0][2]);
  const total = samples[samples.length - 1][2];
  const endAt = samples.findIndex(([, , requests, open], i) => i > startAt && requests === total && open === 0);
  if (startAt < 0 || endAt < 0) return NaN;
  const [start, end] = [samples[startAt], samples[endAt]];
  return (end[1] - start[1]) / (end[0] - start[0]);
}

/**
 * Whether a client may run under SCHED_FIFO here (`chrt -f 1`: root or CAP_SYS_NICE). Then the kernel runs it the
 * moment it is woken, as if it had cores of its own, instead of time-slicing it with the server on the same cores.
 */
export const realtimeAllowed = spawnSync('chrt', ['-f', '1', 'true']).status === 0;

/** A command line as given, or under SCHED_FIFO (`chrt -f <priority>`, 1 the lowest) when `realtime`. */
export const scheduled = (command, realtime, priority = 1) => (realtime ? ['chrt', '-f', String(priority), ...command] : command);

/**
 * Runs `node <nodeOptions> <script> <args>` as a child (under SCHED_FIFO when `realtime`; `env` added to this
 * process's); resolves with its stderr, rejects with the end of it when the child exits non-zero.
 */
export async function runNode(script, args, { nodeOptions = [], cwd, env = {}, realtime = false } = {}) {
  const [command, ...argv] = scheduled([process.execPath, ...nodeOptions, script, ...args], realtime);
  const child = spawn(command, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`${[script, ...args.slice(0, 3)].join(' ')} exited with ${code}:\n${stderr.slice(-2000)}`);
  return stderr;
}

/** Runs a node script as a child with the CPU preload; resolves with its CPU ms (user + system, all threads; and system alone), wall ms and stderr. */
async function runTimed(script, args, { cwd, dir, realtime = false }) {
  const cpuFile = join(dir, `cpu-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  const spawnedMs = epochNow();
  const stderr = await runNode(script, args, { nodeOptions: ['--import', CPU_PRELOAD], cwd, env: { BENCH_CPU_FILE: cpuFile }, realtime });
  const { user, system } = JSON.parse(readFileSync(cpuFile, 'utf8'));
  return { cpuMs: (user + system) / 1000, systemMs: system / 1000, wallMs: epochNow() - spawnedMs, spawnedMs, stderr };
}

/**
 * The built CLI with `args` under fixtures/memory-probe.js, which runs a full collection every `intervalMs` (5 s when
 * absent) and then notes the main thread's memory in `probeFile`; resolves with those samples, [{ t, heapUsed, external, rss }].
 */
export async function runMmloadProbed(args, { probeFile, intervalMs, cwd }) {
  const env = { BENCH_MEMORY_FILE: probeFile, ...(intervalMs === undefined ? {} : { BENCH_MEMORY_MS: String(intervalMs) }) };
  await runNode(CLI, args, { nodeOptions: ['--expose-gc', '--import', MEMORY_PROBE], cwd, env });
  return readJsonLines(probeFile);
}

/** A memory sample's live memory in MB: heap used + external, what a run retains (RSS also holds the collector's slack). */
export const liveMb = (sample) => (sample.heapUsed + sample.external) / 2 ** 20;

/** `mmload profile <args>` (the built CLI; cwd: where its datasets/images cache is) writing into dir/out-*; resolves with its CPU, wall time and artifact dir. */
export async function runMmload(args, { dir, cwd = process.cwd(), realtime = false }) {
  const artifactDir = join(dir, `out-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  // The bare command: mmload's own defaults (streaming on), which every benchmark's flags assume.
  const run = await runTimed(CLI, ['-q', '--artifact-dir', artifactDir, ...args], { cwd, dir, realtime });
  return { ...run, artifactDir };
}

/** The naive undici client (fixtures/naive-client.js) with the same job; firstTokensPath gets its first-token stamps. */
export function runNaive(job, { dir, realtime = false }) {
  return runTimed(NAIVE, [JSON.stringify(job)], { cwd: dir, dir, realtime });
}

/**
 * mmload flags of the text workload both clients send: one ~64-token user message, no images, no system prompt, exact
 * output length, `warmup` warm-up requests (none by default); `requests` requests, or as many as fit in `seconds`.
 */
export function textWorkload({ requests, seconds, outputTokens, concurrency, warmup = 0 }) {
  return ['--images-per-request', '0', '--user-text-tokens', '64', '--shared-system-prompt-length', '0', '--warmup-request-count', String(warmup),
    '--output-tokens', String(outputTokens), '--concurrency', String(concurrency),
    ...(seconds === undefined ? ['--request-count', String(requests)] : ['--benchmark-duration', String(seconds)])];
}

/** Each line of a JSONL file, parsed. */
const readJsonLines = (path) => readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line));

/** The records of an mmload artifact dir (records.jsonl), parsed. */
export function readRecords(artifactDir) {
  return readJsonLines(join(artifactDir, 'records.jsonl'));
}

/** summary.json of an mmload artifact dir. */
export function readSummary(artifactDir) {
  return JSON.parse(readFileSync(join(artifactDir, 'summary.json'), 'utf8'));
}
