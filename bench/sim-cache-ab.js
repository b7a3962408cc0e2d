// Seed 003's embedding-cache A/B on the simulator: `mmload profile --preset cache-ab --sim` with the cache at 10 GB and 0.
// Usage: node bench/sim-cache-ab.js [rounds] [speed]   (needs `npm run build`)
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const self = fileURLToPath(import.meta.url);
const CLI = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const FIGURES = [
  ['output_tps', 'output_token_throughput', 'avg'], ['ttft_avg_ms', 'time_to_first_token', 'avg'],
  ['ttft_p50_ms', 'time_to_first_token', 'p50'], ['itl_avg_ms', 'inter_token_latency', 'avg'], ['latency_avg_ms', 'request_latency', 'avg'],
];

async function profile(cacheGb, speed, dir) {
  await promisify(execFile)(process.execPath, [CLI, 'profile', '--preset', 'cache-ab', '--sim', '--sim-speed', String(speed),
    '--sim-embedding-cache-gb', String(cacheGb), '--artifact-dir', dir], { maxBuffer: 1 << 24 });
  return JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
}

/** Alternates ON and OFF for `rounds` rounds (the load moves in waves, one run is noisy) and averages each figure. */
export async function simCacheAb({ rounds = 2, speed = 2 } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'mmload-bench-ab-'));
  try {
    const runs = { on: [], off: [] };
    for (let r = 0; r < rounds; r++) {
      runs.on.push(await profile(10, speed, join(work, `on-${r}`)));
      runs.off.push(await profile(0, speed, join(work, `off-${r}`)));
    }
    const mean = (list, tag, key) => list.reduce((sum, s) => sum + s[tag][key], 0) / list.length;
    const row = { name: `embedding-cache A/B on mmload sim (cache-ab preset, speed ${speed}, mean of ${rounds})` };
    for (const [label, tag, key] of FIGURES) {
      const on = mean(runs.on, tag, key);
      const off = mean(runs.off, tag, key);
      Object.assign(row, { [`${label}_on`]: on, [`${label}_off`]: off, [`${label}_delta_pct`]: (100 * (on - off)) / off });
    }
    row.pass = row.output_tps_delta_pct > 0 && row.ttft_avg_ms_delta_pct < 0;
    row.targets = 'same direction as the GB200 table: output TPS up (+16.4%), mean TTFT down (-27.7%)';
    return row;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === self) console.log(await simCacheAb({ rounds: Number(process.argv[2] ?? 2), speed: Number(process.argv[3] ?? 2) }));
