// `npm run bench [-- name ...]`: runs every benchmark (or those named) against the built dist/, prints each row, writes bench/results.json.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { catalogueMemory } from './catalogue-memory.js';
import { clientCpu, clientCpuPaced } from './client-cpu.js';
import { clientCpuPerWrite } from './client-cpu-per-write.js';
import { firstTokenLag } from './first-token-lag.js';
import { flatRss } from './flat-rss.js';
import { imageGeneration } from './image-generation.js';
import { postRunPhase } from './post-run-phase.js';
import { rateAccuracy } from './rate-accuracy.js';
import { scrapeCost } from './scrape-cost.js';
import { simCacheAb } from './sim-cache-ab.js';
import { startupTime } from './startup-time.js';
import { throughputCeiling } from './throughput-ceiling.js';
import { timingAccuracy } from './timing-accuracy.js';
import { workloadMemory } from './workload-memory.js';

const benchmarks = {
  'timing-accuracy': () => timingAccuracy({ concurrency: 8 }),
  'rate-accuracy': () => rateAccuracy(),
  'client-cpu-per-write': () => clientCpuPerWrite(),
  'client-cpu': () => clientCpu(),
  'client-cpu-paced': () => clientCpuPaced(),
  'throughput-ceiling': () => throughputCeiling(),
  'first-token-lag': () => firstTokenLag(),
  'startup-time': () => startupTime(),
  'post-run-phase': () => postRunPhase(),
  'image-generation': () => imageGeneration(),
  'workload-memory': () => workloadMemory(),
  'sim-cache-ab': () => simCacheAb(),
  'flat-rss': () => flatRss(),
  'catalogue-memory': () => catalogueMemory(),
  'scrape-cost': () => scrapeCost(),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in benchmarks));
if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}`);

// Other work on the machine skews every figure here: the load average at the start is kept with the results.
const loadBefore = loadavg()[0];
const results = [];
for (const [name, run] of Object.entries(benchmarks)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const started = performance.now();
  const rows = [await run()].flat();
  for (const r of rows) {
    console.log(`\n${r.name}${r.pass === false ? '  ** TARGET MISSED **' : ''}`);
    for (const [k, v] of Object.entries(r)) if (k !== 'name') console.log(`  ${k.padEnd(26)} ${typeof v === 'number' ? v.toFixed(3) : v}`);
  }
  console.log(`  (${name}: ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  results.push(...rows);
}

const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', load_average_1m_before: loadBefore, date: new Date().toISOString() };
writeFileSync(new URL('results.json', import.meta.url), `${JSON.stringify({ machine, results }, null, 2)}\n`);
console.log(`\nmachine: ${machine.cpus} x ${machine.cpu}, node ${machine.node}, load average ${loadBefore.toFixed(2)} at the start; written to bench/results.json`);
