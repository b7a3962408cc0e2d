// Scenario B built in memory at 100 and 2,000 requests: how long it takes and what each distinct image costs in memory.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const self = fileURLToPath(import.meta.url);
const dist = new URL('../dist/', import.meta.url).href;

/** Memory after full collections: V8 frees ArrayBuffer memory on a background sweeper, so collect until it stops shrinking. */
async function settledMemory() {
  let last = Infinity;
  for (let i = 0; i < 20; i++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = process.memoryUsage();
    if (now.arrayBuffers >= last) return now;
    last = now.arrayBuffers;
  }
  return process.memoryUsage();
}

/** In a fresh process (run with --expose-gc, cwd = the image cache's home): builds the workload and reports. */
async function measure({ requests }) {
  const { loadWorkload } = await import(`${dist}workload/load-workload.js`);
  const { PRESETS } = await import(`${dist}workload/presets.js`);
  const b = PRESETS['scenario-b'];
  const before = await settledMemory();
  const start = performance.now();
  const exactly = (mean) => ({ mean, stddev: 0 });
  const workload = await loadWorkload({
    models: ['bench'], modelSelection: 'round_robin', inputFile: undefined, datasetType: 'single_turn', streaming: true,
    systemPromptTokens: b.systemPromptTokens, extraInputs: {}, outputTokens: undefined, maxTokensKey: 'max_completion_tokens',
    forcedOutputTokens: b.outputTokens, requestCount: requests, warmupRequestCount: 0, seed: 0, cacheImages: true, tokenizerPath: undefined,
    delivery: { mode: 'base64' }, imageUuids: false, blockSize: 512,
    generated: {
      requests, entries: requests, sampling: 'sequential', imagesPerRequest: b.imagesPerRequest, pool: undefined, hitRate: b.hitRate,
      popularity: { kind: 'uniform' }, imageWidth: exactly(b.imageWidth), imageHeight: exactly(b.imageHeight), imageFormat: 'jpeg',
      imageStyle: 'photo', imageSource: undefined, userTextTokens: exactly(b.userTextTokens),
    },
  });
  const seconds = (performance.now() - start) / 1000;
  const after = await settledMemory();
  const { distinctImages, distinctImageBytes } = workload.info;
  const sent = workload.requests.reduce((sum, r) => sum + r.bodyBytes, 0);
  process.stdout.write(JSON.stringify({
    seconds, distinctImages, encodedBytesPerImage: distinctImageBytes / distinctImages,
    heldBytesPerImage: (after.arrayBuffers - before.arrayBuffers) / distinctImages,
    heapMb: (after.heapUsed - before.heapUsed) / 2 ** 20, sentMb: sent / 2 ** 20, peakRssMb: process.resourceUsage().maxRSS / 1024,
  }));
  workload.requests.length; // keep the workload alive until measured
}

async function inChild(job, cwd) {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', self, 'measure', JSON.stringify(job)], { cwd, maxBuffer: 1 << 20 });
  return JSON.parse(stdout);
}

/** Cold (fresh image cache) then warm for each size. */
export async function workloadMemory({ sizes = [100, 2000] } = {}) {
  const rows = [];
  for (const requests of sizes) {
    const cwd = mkdtempSync(join(tmpdir(), 'mmload-bench-workload-'));
    try {
      const cold = await inChild({ requests }, cwd);
      const warm = await inChild({ requests }, cwd);
      rows.push({
        name: `Scenario B workload in memory, ${requests} requests`,
        distinct_images: cold.distinctImages,
        cold_build_s: cold.seconds,
        warm_build_s: warm.seconds,
        encoded_kb_per_image: cold.encodedBytesPerImage / 1024,
        held_kb_per_image: warm.heldBytesPerImage / 1024,
        held_over_encoded: warm.heldBytesPerImage / warm.encodedBytesPerImage,
        heap_mb: warm.heapMb,
        bodies_sent_mb: warm.sentMb,
        peak_rss_mb: Math.max(cold.peakRssMb, warm.peakRssMb),
      });
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }
  return rows;
}

if (process.argv[2] === 'measure') await measure(JSON.parse(process.argv[3]));
else if (process.argv[1] === self) console.log(await workloadMemory({ sizes: process.argv.slice(2).map(Number).filter(Boolean).length ? process.argv.slice(2).map(Number) : undefined }));
