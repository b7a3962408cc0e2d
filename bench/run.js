// `npm run bench`: runs every benchmark against the built dist/, prints a table and writes bench/results.json.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { imageGeneration } from './image-generation.js';
import { rateAccuracy } from './rate-accuracy.js';
import { simCacheAb } from './sim-cache-ab.js';
import { timingAccuracy } from './timing-accuracy.js';
import { workloadMemory } from './workload-memory.js';

const benchmarks = [
  () => timingAccuracy({ concurrency: 8 }),
  () => rateAccuracy(),
  () => imageGeneration(),
  () => workloadMemory(),
  () => simCacheAb(),
];

const results = [];
for (const run of benchmarks) {
  const rows = [await run()].flat();
  for (const r of rows) {
    console.log(`\n${r.name}${r.pass === false ? '  ** TARGET MISSED **' : ''}`);
    for (const [k, v] of Object.entries(r)) if (k !== 'name') console.log(`  ${k.padEnd(24)} ${typeof v === 'number' ? v.toFixed(3) : v}`);
  }
  results.push(...rows);
}

const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', date: new Date().toISOString() };
writeFileSync(new URL('results.json', import.meta.url), `${JSON.stringify({ machine, results }, null, 2)}\n`);
console.log(`\nmachine: ${machine.cpus} x ${machine.cpu}, node ${machine.node}; written to bench/results.json`);
