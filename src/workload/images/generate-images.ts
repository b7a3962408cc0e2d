// Generates the pool's images: deterministic per (seed, index, parameters), each encoded once, cached on disk.
import { createRandom, deriveSeed } from '../../util/seeded-random.js';
import { encodeRgb } from './encode-image.js';
import { ImageCache } from './image-cache.js';
import { checkImageCount, mimeOf, shapeFunction, type GeneratedImageOptions, type ImageShape, type PoolImage } from './image-options.js';
import { imagePixels } from './image-pixels.js';
import { stampIndex } from './index-stamp.js';
import { runLimited } from './run-limited.js';

export const DEFAULT_IMAGE_CACHE_DIR = 'datasets/images';

/** The environment variable that moves the image cache (e.g. one cache for every working directory). */
export const IMAGE_CACHE_VARIABLE = 'MMLOAD_IMAGE_CACHE';

/** Seed stream of images, apart from the streams that seed text (deriveSeed(seed, 0), …). */
const IMAGE_STREAM = 0x696d6167;
const MAX_INDEX = 2 ** 32;

/**
 * Images with indices [first, first + count), in index order. Image i depends only on (seed, i, style, its
 * size and format), so generating from `first` gives the same image i as generating from 0. Cached files
 * (one directory per size and format) are read instead of regenerated; a missing or cut-short file is
 * regenerated and rewritten.
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
  let done = 0;

  return runLimited(count, async (i): Promise<PoolImage> => {
    const index = first + i;
    const shape = shapeOf(index);
    const { width, height, format } = shape;
    const cache = cacheOf(shape);
    const cached = cache ? await cache.read(index) : null;
    let bytes = cached;
    let path = cached && cache ? cache.pathOf(index) : null;
    if (!bytes) {
      const rgb = await imagePixels(style, createRandom(deriveSeed(streamSeed, index)), width, height);
      stampIndex(rgb, width, height, index);
      bytes = await encodeRgb(rgb, width, height, format);
      path = cache ? await cache.write(index, bytes) : null;
    }
    onProgress?.(++done, count);
    return { index, bytes, mime: mimeOf(format), width, height, path };
  });
}
