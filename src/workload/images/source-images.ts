// The user's own images as the pool (--image-source DIR): resized to the asked size, re-encoded, never repeated.
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { encode } from './encode-image.js';
import { checkImageCount, mimeOf, shapeFunction, type ImageShape, type PoolImage, type SourceImageOptions } from './image-options.js';
import { runLimited } from './run-limited.js';

type Converted = { bytes: Buffer; shape: ImageShape } | { reason: string };

/**
 * The first `count` usable files of `dir` in file-name order, each scaled to cover its shape's width×height
 * (the i-th file in name order has shape i),
 * centre-cropped, turned upright by its EXIF orientation, flattened onto white and re-encoded as
 * 8-bit sRGB. Files sharp cannot read, and files with the same resulting pixels as an earlier one,
 * are left out with a reason. Images are never cycled: too few usable files is an error.
 */
export async function loadSourceImages(options: SourceImageOptions): Promise<PoolImage[]> {
  const { dir, count, onProgress, onSkip } = options;
  checkImageCount(count);
  const shapeOf = shapeFunction(options);
  const names = await fileNames(dir);
  const images: PoolImage[] = [];
  const firstWithPixels = new Map<string, string>();
  let converted = 0;
  let next = 0;
  while (images.length < count && next < names.length) {
    const from = next;
    const batch = names.slice(from, from + count - images.length);
    next += batch.length;
    const results = await runLimited(batch.length, async (i) => {
      const result = await convert(join(dir, batch[i]!), shapeOf(from + i));
      if ('bytes' in result) onProgress?.(Math.min(++converted, count), count);
      return result;
    });
    for (const [i, result] of results.entries()) {
      const name = batch[i]!;
      if ('reason' in result) {
        onSkip?.(name, result.reason);
        continue;
      }
      const { bytes, shape: { width, height, format } } = result;
      const key = createHash('sha256').update(bytes).digest('base64');
      const earlier = firstWithPixels.get(key);
      if (earlier !== undefined) {
        onSkip?.(name, `same pixels as ${earlier} at ${width}×${height}`);
        continue;
      }
      firstWithPixels.set(key, name);
      images.push({ index: images.length, bytes, mime: mimeOf(format), width, height, path: null });
    }
  }
  if (images.length < count) {
    const found = images.length === 0 ? 'no usable images' : `only ${images.length} usable images`;
    throw new Error(`${dir} has ${found}, ${count} needed (pool images are never repeated: that would change the reuse rate)`);
  }
  return images;
}

/** Regular files (and links) in `dir`, sorted by name in code-unit order so every platform agrees. */
async function fileNames(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`image source directory not found: ${dir}`);
    if (code === 'ENOTDIR') throw new Error(`image source is not a directory: ${dir}`);
    throw new Error(`cannot read image source directory ${dir}: ${(err as Error).message}`);
  }
}

async function convert(path: string, shape: ImageShape): Promise<Converted> {
  try {
    const pipeline = sharp(path, { autoOrient: true })
      .resize(shape.width, shape.height, { fit: 'cover', position: 'centre' })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb');
    return { bytes: await encode(pipeline, shape.format), shape };
  } catch (err) {
    return { reason: (err as Error).message };
  }
}
