// What scraping /metrics costs the client: event-loop delay with and without --server-metrics on the simulator at c=256, and one body's parse.
// Usage: node bench/scrape-cost.js [rounds]   (needs `npm run build`)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EndpointTally } from '../dist/server-metrics/endpoint-tally.js';
import { parseFamilies } from '../dist/server-metrics/families.js';
import { jsonlLine } from '../dist/server-metrics/jsonl-line.js';
import { mean, median, readSummary, runMmload, textWorkload, withWorkDir } from './lib.js';

const self = fileURLToPath(import.meta.url);
const VLLM_BODY = fileURLToPath(new URL('../test/fixtures/server-metrics/vllm.prom', import.meta.url));
const TARGET = 'event-loop delay p99 with scraping within 1 ms of the p99 without (no measurable change)';

/** One profile of the simulator; its client_health figures. */
async function run(dir, metrics, { concurrency, seconds, speed }) {
  const flags = metrics ? ['--server-metrics-formats', 'json', 'csv', 'jsonl'] : ['--no-server-metrics'];
  const { artifactDir } = await runMmload(['--sim', '--sim-speed', String(speed), ...textWorkload({ seconds, outputTokens: 64, concurrency }), ...flags], { dir });
  const summary = readSummary(artifactDir);
  const health = summary.mmload.client_health;
  return { p99: health.event_loop_delay_ms.p99, max: health.event_loop_delay_ms.max, scrapes: summary.mmload.server_metrics?.scrapes ?? 0, requests: summary.mmload.counts.completed };
}

/** Alternates on and off `rounds` times (drift hits both alike); medians of each. */
export async function scrapeCost({ rounds = 3, concurrency = 256, seconds = 10, speed = 10 } = {}) {
  const runs = await withWorkDir(async (dir) => {
    const out = { on: [], off: [] };
    for (let r = 0; r < rounds; r++) {
      out.on.push(await run(dir, true, { concurrency, seconds, speed }));
      out.off.push(await run(dir, false, { concurrency, seconds, speed }));
    }
    return out;
  });
  const figure = (list, key) => median(list.map((r) => r[key]));
  const row = {
    name: `scrape cost: client event-loop delay, mmload sim at concurrency ${concurrency}, ${seconds} s, median of ${rounds}`,
    p99_ms_with_scraping: figure(runs.on, 'p99'),
    p99_ms_without: figure(runs.off, 'p99'),
    max_ms_with_scraping: figure(runs.on, 'max'),
    max_ms_without: figure(runs.off, 'max'),
    scrapes_per_run: figure(runs.on, 'scrapes'),
    requests_per_run: mean(runs.on.map((r) => r.requests)),
  };
  row.p99_delta_ms = row.p99_ms_with_scraping - row.p99_ms_without;
  row.p99_ms_each_run = `with ${runs.on.map((r) => r.p99.toFixed(1)).join(', ')}; without ${runs.off.map((r) => r.p99.toFixed(1)).join(', ')}`;
  row.pass = row.p99_delta_ms <= 1;
  row.target = TARGET;
  return [row, parseCost()];
}

/** The main-thread work of one scrape of a vLLM body five times the fixture's (five engines): parse, tally, JSONL line. */
function parseCost({ scrapes = 200 } = {}) {
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
  return {
    name: `scrape cost: parse + tally + JSONL line of one vLLM /metrics body (${(engines.join('\n').length / 1024).toFixed(0)} KiB), ${scrapes} scrapes`,
    median_ms: median(times),
    p99_ms: [...times].sort((a, b) => a - b)[Math.floor(times.length * 0.99)],
  };
}

if (process.argv[1] === self) console.log(await scrapeCost({ rounds: Number(process.argv[2] ?? 3) }));
