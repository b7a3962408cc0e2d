// An MLPerf Q3VL accuracy run at two catalogue sizes: mmload's live memory must not grow with the catalogue's photos.
// Usage: node bench/catalogue-memory.js   (needs `npm run build`; generates two synthetic catalogues, ~2 min on 2 cores)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, withWorkDir } from './lib.js';

const CLI = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const PROBE = fileURLToPath(new URL('fixtures/memory-probe.js', import.meta.url));
const SIZES = [200, 1000];
/** A sample's text (title, description, candidates) stays in memory, a few kB; its photo (~350 kB as a data URL) must not. */
const TARGET_MB_PER_1000_SAMPLES = 20;

async function mmload(args, env = {}) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`mmload ${args.slice(0, 4).join(' ')} exited ${code}:\n${stderr.slice(-2000)}`);
}

/**
 * For each size: `mmload generate --preset mlperf-q3vl -n N`, then an Offline accuracy run of every sample at
 * --concurrency 32 against a fixture server, with a preload that notes the live memory (heap used + external, after a
 * full collection) every second. Reported: the largest live memory of each run and its growth per 1,000 samples.
 */
export async function catalogueMemory() {
  return withWorkDir(async (dir) => {
    const server = await startServer({ outputTokens: 16 });
    const peaks = [];
    try {
      for (const n of SIZES) {
        const out = join(dir, `catalogue-${n}`);
        await mmload([CLI, 'generate', '--preset', 'mlperf-q3vl', '-n', String(n), '--output-dir', out]);
        const probeFile = join(dir, `memory-${n}.jsonl`);
        await mmload(['--expose-gc', '--import', PROBE, CLI, 'profile', '--url', server.url, '--custom-dataset-type', 'mlperf_q3vl',
          '--input-file', join(out, `mlperf-q3vl_${n}rows_seed0.jsonl`), '--scenario', 'mlperf-offline', '--mlperf-mode', 'accuracy',
          '--concurrency', '32', '--artifact-dir', join(dir, `run-${n}`), '-q'], { BENCH_MEMORY_FILE: probeFile, BENCH_MEMORY_MS: '1000' });
        const samples = readFileSync(probeFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
        peaks.push(Math.max(...samples.map((s) => (s.heapUsed + s.external) / 2 ** 20)));
      }
    } finally {
      await server.stop();
    }
    const perThousand = ((peaks[1] - peaks[0]) / (SIZES[1] - SIZES[0])) * 1000;
    return {
      name: `MLPerf Q3VL accuracy run, live memory at ${SIZES.join(' and ')} catalogue samples`,
      [`live_mb_peak_${SIZES[0]}`]: peaks[0],
      [`live_mb_peak_${SIZES[1]}`]: peaks[1],
      live_mb_per_1000_samples: perThousand,
      target: `< ${TARGET_MB_PER_1000_SAMPLES}`,
      pass: perThousand < TARGET_MB_PER_1000_SAMPLES,
    };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await catalogueMemory());
