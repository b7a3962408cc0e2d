// How long does generating Scenario B's image pool take, cold and from the disk cache, and what does it hold in memory?
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const self = fileURLToPath(import.meta.url);
const SIZE = 512;

/** In a fresh process (so peak RSS is this run's alone): generates `count` images, prints seconds, bytes and peak RSS. */
async function measure({ count, style, cacheDir }) {
  const { generateImages } = await import('../dist/workload/images/index.js');
  const start = performance.now();
  const images = await generateImages({ count, width: SIZE, height: SIZE, format: 'jpeg', style, seed: 0, cacheDir });
  const seconds = (performance.now() - start) / 1000;
  const bytes = images.reduce((sum, image) => sum + image.bytes.length, 0);
  process.stdout.write(JSON.stringify({ seconds, bytesPerImage: bytes / count, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

async function inChild(job) {
  const { stdout } = await promisify(execFile)(process.execPath, [self, 'measure', JSON.stringify(job)], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout);
}

/** Scenario B's pool (1,460 distinct 512×512 JPEG photos) cold, then warm from the cache; 200 noise images for their size. */
export async function imageGeneration({ count = 1460, noiseCount = 200 } = {}) {
  const cacheDir = mkdtempSync(join(tmpdir(), 'mmload-bench-images-'));
  try {
    const cold = await inChild({ count, style: 'photo', cacheDir });
    const warm = await inChild({ count, style: 'photo', cacheDir });
    const noise = await inChild({ count: noiseCount, style: 'noise', cacheDir: null });
    return [
      {
        name: `image generation, ${count} × ${SIZE}×${SIZE} jpeg photo`,
        images: count,
        cold_s: cold.seconds,
        cold_images_per_s: count / cold.seconds,
        warm_s: warm.seconds,
        warm_images_per_s: count / warm.seconds,
        bytes_per_image: cold.bytesPerImage,
        peak_rss_cold_mb: cold.peakRssMb,
        peak_rss_warm_mb: warm.peakRssMb,
      },
      {
        name: `image generation, ${noiseCount} × ${SIZE}×${SIZE} jpeg noise (no cache)`,
        images: noiseCount,
        cold_s: noise.seconds,
        cold_images_per_s: noiseCount / noise.seconds,
        bytes_per_image: noise.bytesPerImage,
        peak_rss_cold_mb: noise.peakRssMb,
      },
    ];
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === self) {
  if (process.argv[2] === 'measure') await measure(JSON.parse(process.argv[3]));
  else console.log(await imageGeneration());
}
