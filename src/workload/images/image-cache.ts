// The on-disk cache of generated images: one directory per parameter set, one file per index, written atomically.
import { readFile } from 'node:fs/promises';
import { makeDirectories } from '../../fs/make-directories.js';
import { writeFileAtomically } from '../../fs/write-atomically.js';
import { join } from 'node:path';
import sharp from 'sharp';
import { JPEG_QUALITY, extensionOf, type ImageFormat, type ImageStyle } from './image-options.js';

/** Bump whenever the pixels a (seed, index, parameters) produce change, so stale caches are never reused. */
export const GENERATOR_VERSION = 1;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_END = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

export interface CacheParameters {
  style: ImageStyle;
  width: number;
  height: number;
  format: ImageFormat;
  seed: number;
}

/**
 * The directory name for a parameter set. It names the libvips version too: another encoder build
 * may write other bytes for the same pixels, and a cache must give exactly what a cold run would.
 */
export function cacheKey(p: CacheParameters): string {
  const encoding = p.format === 'jpeg' ? `jpeg-q${JPEG_QUALITY}` : 'png';
  return `${p.style}-${p.width}x${p.height}-${encoding}-seed${p.seed}-g${GENERATOR_VERSION}-vips${sharp.versions.vips}`;
}

export class ImageCache {
  readonly dir: string;
  private readonly format: ImageFormat;
  private ready: Promise<unknown> | undefined;

  constructor(root: string, parameters: CacheParameters) {
    this.dir = join(root, cacheKey(parameters));
    this.format = parameters.format;
  }

  pathOf(index: number): string {
    return join(this.dir, `img_${String(index).padStart(6, '0')}.${extensionOf(this.format)}`);
  }

  /** The cached file's bytes, or null when it is missing or cut short (it is then regenerated). */
  async read(index: number): Promise<Buffer | null> {
    try {
      const bytes = await readFile(this.pathOf(index));
      return isComplete(bytes, this.format) ? bytes : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new Error(`cannot read cached image ${this.pathOf(index)}: ${(err as Error).message}`);
    }
  }

  /** Writes under a temporary name, then renames, so a concurrent run never sees half a file. Returns the path. */
  async write(index: number, bytes: Buffer): Promise<string> {
    const path = this.pathOf(index);
    try {
      this.ready ??= makeDirectories(this.dir);
      await this.ready;
      await writeFileAtomically(path, bytes);
    } catch (err) {
      throw new Error(`cannot write the image cache ${this.dir}: ${(err as Error).message}`);
    }
    return path;
  }
}

/** Whether the bytes start and end as a whole file of the format does (catches truncation and foreign files). */
function isComplete(bytes: Buffer, format: ImageFormat): boolean {
  if (format === 'jpeg') {
    const n = bytes.length;
    return n > 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff && bytes[n - 2] === 0xff && bytes[n - 1] === 0xd9;
  }
  return bytes.length > PNG_SIGNATURE.length + PNG_END.length &&
    bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE) && bytes.subarray(bytes.length - PNG_END.length).equals(PNG_END);
}
