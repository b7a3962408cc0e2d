// What scraping costs the client: its event-loop delay with scraping on and off (simulator, c=256, alternating runs), and one large body's parse on the scraping thread.
// Usage: node bench/scrape-cost.js [rounds]   (needs `npm run build`)
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { EndpointTally } from '../dist/server-metrics/endpoint-tally.js';
import { parseFamilies } from '../dist/server-metrics/families.js';
import { jsonlLine } from '../dist/server-metrics/jsonl-line.js';
import { mean, median, quantile, readSummary, runMmload, textWorkload, withWorkDir } from './lib.js';

const self = fileURLToPath(import.meta.url);
const VLLM_BODY = fileURLToPath(new URL('../test/fixtures/server-metrics/vllm.prom', import.meta.url));
const TARGET = 'no measurable change: the median event-loop delay p99 with scraping within 1 ms of the median without, or inside the spread of the runs without';

/** With: every server metrics file, and aiperf's default DCGM endpoints tried as always. Without: no scraping thread at all. */
const FLAGS = { on: ['--server-metrics-formats', 'json', 'csv', 'jsonl'], off: ['--no-server-metrics', '--no-gpu-telemetry'] };

/** One profile of the simulator; its client_health figures. */
async function run(dir, scraping, { concurrency, seconds, speed }) {
  const { artifactDir } = await runMmload(['--sim', '--sim-speed', String(speed), ...textWorkload({ seconds, outputTokens: 64, concurrency }), ...FLAGS[scraping]], { dir });
  const summary = readSummary(artifactDir);
  const health = summary.mmload.client_health;
  return {
    p99: health.event_loop_delay_ms.p99, max: health.event_loop_delay_ms.max, cpuCores: health.cpu_cores,
    scrapes: summary.mmload.server_metrics?.scrapes ?? 0, requests: summary.mmload.counts.completed,
  };
}

/** Median and spread (min–max) of a figure over runs. */
const spread = (runs, key) => {
  const values = runs.map((r) => r[key]);
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
};
const shown = (s) => `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;

/**
 * `rounds` rounds of one run with scraping and one without, which goes first alternating (drift and load hit both
 * alike). The simulator at its real speed: the client is not CPU-bound, so its delay shows stalls, not saturation.
 */
export async function scrapeCost({ rounds = 5, concurrency = 256, seconds = 10, speed = 1 } = {}) {
  const runs = await withWorkDir(async (dir) => {
    const out = { on: [], off: [] };
    for (let r = 0; r < rounds; r++) {
      for (const scraping of r % 2 === 0 ? ['on', 'off'] : ['off', 'on']) out[scraping].push(await run(dir, scraping, { concurrency, seconds, speed }));
    }
    return out;
  });
  const [on, off] = [spread(runs.on, 'p99'), spread(runs.off, 'p99')];
  const row = {
    name: `scrape cost: client event-loop delay, mmload sim (speed ${speed}) at concurrency ${concurrency}, ${seconds} s, ${rounds} runs each, alternating`,
    p99_ms_with_scraping: on.median,
    p99_ms_without: off.median,
    p99_delta_ms: on.median - off.median,
    p99_ms_median_min_max: `with ${shown(on)}; without ${shown(off)}`,
    p99_ms_each_run: `with ${runs.on.map((r) => r.p99.toFixed(1)).join(', ')}; without ${runs.off.map((r) => r.p99.toFixed(1)).join(', ')}`,
    max_ms_with_scraping: spread(runs.on, 'max').median,
    max_ms_without: spread(runs.off, 'max').median,
    scrapes_per_run: spread(runs.on, 'scrapes').median,
    requests_per_run: `with ${mean(runs.on.map((r) => r.requests)).toFixed(0)}; without ${mean(runs.off.map((r) => r.requests)).toFixed(0)}`,
    client_cpu_cores: `with ${spread(runs.on, 'cpuCores').median.toFixed(2)}; without ${spread(runs.off, 'cpuCores').median.toFixed(2)}`,
  };
  row.pass = Math.abs(row.p99_delta_ms) <= 1 || (on.median >= off.min && on.median <= off.max);
  row.target = TARGET;
  return [row, await parseCost()];
}

/** Each scrape's parse + tally + JSONL line of a vLLM body five times the fixture's (five engines), in ms. */
function parseTimes(scrapes) {
  const one = readFileSync(VLLM_BODY, 'utf8');
  const engines = [0, 1, 2, 3, 4].map((e) => one.replaceAll('engine="0"', `engine="${e * 2}"`).replaceAll('engine="1"', `engine="${e * 2 + 1}"`));
  const tally = new EndpointTally('http://127.0.0.1:8000/metrics', 5);
  const times = [];
  for (let i = 0; i < scrapes; i++) {
    // Each scrape a little different, as a live server's counters move (so none is skipped as unchanged).
    const body = engines.join('\n').replaceAll('1900.0', `${1900 + i}.0`);
    const started = performance.now();
    const scrape = { families: parseFamilies(body), sentEpochMs: 0, firstByteEpochMs: 1_700_000_000_000 + i * 333, receivedEpochMs: 1, duplicate: false };
    tally.add(scrape);
    jsonlLine('http://127.0.0.1:8000/metrics', scrape);
    times.push(performance.now() - started);
  }
  return { times, kib: engines.join('\n').length / 1024 };
}

/** The main thread's event-loop delay p99 (ms) while `work` runs. */
async function mainLoopP99(work) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const result = await work();
  delay.disable();
  return { result, p99: delay.percentile(99) / 1e6 };
}

/** The parse of each scrape, timed where runs now do it (a thread of its own), and the main thread's loop meanwhile. */
async function parseCost({ scrapes = 200 } = {}) {
  const onThread = await mainLoopP99(() => new Promise((resolve, reject) => {
    const worker = new Worker(self, { workerData: { parseScrapes: scrapes } });
    worker.once('message', resolve).once('error', reject);
  }));
  const { times, kib } = onThread.result;
  const idle = await mainLoopP99(() => new Promise((resolve) => setTimeout(resolve, times.reduce((a, b) => a + b, 0))));
  return {
    name: `scrape cost: parse + tally + JSONL line of one vLLM /metrics body (${kib.toFixed(0)} KiB), ${scrapes} scrapes, on the scraping thread`,
    median_ms: median(times),
    p99_ms: quantile(times, 0.99),
    main_loop_p99_ms_meanwhile: onThread.p99,
    main_loop_p99_ms_idle: idle.p99,
  };
}

if (!isMainThread && workerData?.parseScrapes) parentPort.postMessage(parseTimes(workerData.parseScrapes));
else if (process.argv[1] === self) console.log(await scrapeCost({ rounds: Number(process.argv[2] ?? 5) }));
