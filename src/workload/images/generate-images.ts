// Generates the pool's images: deterministic per (seed, index, parameters), each encoded once, cached on disk.
import { deriveSeed } from '../../util/seeded-random.js';
import { ImageCache } from './image-cache.js';
import { checkImageCount, mimeOf, shapeFunction, type GeneratedImageOptions, type ImageShape, type PoolImage } from './image-options.js';
import { defaultImageThreads, JOBS_PER_THREAD, startImageMaker } from './image-threads.js';
import { runLimited } from './run-limited.js';

export const DEFAULT_IMAGE_CACHE_DIR = 'datasets/images';

/** The environment variable that moves the image cache (e.g. one cache for every working directory). */
const IMAGE_CACHE_VARIABLE = 'MMLOAD_IMAGE_CACHE';

/** Seed stream of images, apart from the streams that seed text (deriveSeed(seed, 0), …). */
const IMAGE_STREAM = 0x696d6167;
const MAX_INDEX = 2 ** 32;

/**
 * Images with indices [first, first + count), in index order. Image i depends only on (seed, i, style, its
 * size and format), so generating from `first` gives the same image i as generating from 0. Cached files
 * (one directory per size and format) are read instead of regenerated; a missing or cut-short file is
 * regenerated and rewritten. Many images to make are made on worker threads (see defaultImageThreads), with the
 * same bytes as on this thread; the cache is read and written here.
 */
export async function generateImages(options: GeneratedImageOptions): Promise<PoolImage[]> {
  const { count, seed, onProgress } = options;
  const first = options.first ?? 0;
  const style = options.style ?? 'photo';
  checkImageCount(count);
  const shapeOf = shapeFunction(options);
  if (style !== 'photo' && style !== 'noise') throw new Error(`image style must be photo or noise, got ${String(style)}`);
  if (!Number.isSafeInteger(seed)) throw new Error(`image seed must be a whole number, got ${seed}`);
  if (!Number.isSafeInteger(first) || first < 0 || first + count > MAX_INDEX) throw new Error(`image indices must lie in [0, 2^32), got first ${first}, count ${count}`);

  const cacheDir = options.cacheDir === undefined ? process.env[IMAGE_CACHE_VARIABLE] || DEFAULT_IMAGE_CACHE_DIR : options.cacheDir;
  const caches = new Map<string, ImageCache>();
  const cacheOf = (shape: ImageShape): ImageCache | null => {
    if (cacheDir === null) return null;
    const key = `${shape.width}x${shape.height}.${shape.format}`;
    let cache = caches.get(key);
    if (!cache) caches.set(key, (cache = new ImageCache(cacheDir, { style, ...shape, seed })));
    return cache;
  };
  const streamSeed = deriveSeed(seed, IMAGE_STREAM);
  const images = new Array<PoolImage>(count);
  let done = 0;
  const place = (i: number, shape: ImageShape, bytes: Buffer, path: string | null): void => {
    images[i] = { index: first + i, bytes, mime: mimeOf(shape.format), width: shape.width, height: shape.height, path };
    onProgress?.(++done, count);
  };

  // The cache first, so the images left to make are known before choosing where to make them.
  const missing: number[] = [];
  await runLimited(count, async (i) => {
    const shape = shapeOf(first + i);
    const cache = cacheOf(shape);
    const cached = cache ? await cache.read(first + i) : null;
    if (cached && cache) place(i, shape, cached, cache.pathOf(first + i));
    else missing.push(i);
  });
  missing.sort((a, b) => a - b);

  const threads = options.threads ?? defaultImageThreads(missing.length);
  const maker = startImageMaker(threads);
  try {
    await runLimited(missing.length, async (k) => {
      const i = missing[k]!;
      const shape = shapeOf(first + i);
      const cache = cacheOf(shape);
      const bytes = await maker.make({ index: first + i, style, streamSeed, width: shape.width, height: shape.height, format: shape.format });
      place(i, shape, bytes, cache ? await cache.write(first + i, bytes) : null);
    }, threads > 0 ? threads * JOBS_PER_THREAD : undefined);
  } finally {
    await maker.close();
  }
  return images;
}
