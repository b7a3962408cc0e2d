// An MLPerf Q3VL accuracy run at two catalogue sizes: mmload's live memory must not grow with the catalogue's photos.
// Usage: node bench/catalogue-memory.js   (needs `npm run build`; generates two synthetic catalogues, ~2 min on 2 cores)
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, liveMb, runMmloadProbed, runNode, startServer, withWorkDir } from './lib.js';

const SIZES = [200, 1000];
/** A sample's text (title, description, candidates) stays in memory, a few kB; its photo (~350 kB as a data URL) must not. */
const TARGET_MB_PER_1000_SAMPLES = 20;

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
        await runNode(CLI, ['generate', '--preset', 'mlperf-q3vl', '-n', String(n), '--output-dir', out]);
        const samples = await runMmloadProbed(['profile', '--url', server.url, '--custom-dataset-type', 'mlperf_q3vl',
          '--input-file', join(out, `mlperf-q3vl_${n}rows_seed0.jsonl`), '--scenario', 'mlperf-offline', '--mlperf-mode', 'accuracy',
          '--concurrency', '32', '--artifact-dir', join(dir, `run-${n}`), '-q'], { probeFile: join(dir, `memory-${n}.jsonl`), intervalMs: 1000 });
        peaks.push(Math.max(...samples.map(liveMb)));
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
