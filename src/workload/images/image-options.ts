// Types and fixed settings shared by generated and user-supplied pool images.
import { availableParallelism } from 'node:os';

/** 'photo': smooth colour fields, soft and hard shapes and grain, which compress like photographs; 'noise': uniform random RGB (worst case). */
export type ImageStyle = 'photo' | 'noise';
export type ImageFormat = 'jpeg' | 'png';

/** JPEG quality of every encoded image (libjpeg scale, 4:2:0 chroma): what a camera or a web pipeline typically writes. */
export const JPEG_QUALITY = 90;

export type ImageProgress = (done: number, total: number) => void;

/** One image's pixel size and encoding. */
export interface ImageShape {
  readonly width: number;
  readonly height: number;
  readonly format: ImageFormat;
}

/** Every image the same shape, or `shapeOf(i)` for image i (index i of generated images, the i-th file of a source directory). */
export type ImageShapes = ImageShape | { readonly shapeOf: (index: number) => ImageShape };

export type GeneratedImageOptions = ImageShapes & {
  /** Images with indices [first, first + count). */
  count: number;
  /** Default 0; warm-up images use indices past the pool (first = pool size). */
  first?: number;
  /** Default 'photo'. */
  style?: ImageStyle;
  seed: number;
  /** Default $MMLOAD_IMAGE_CACHE, else 'datasets/images' (relative to the working directory); null disables the disk cache. */
  cacheDir?: string | null;
  /** Called as each image completes (from the cache or freshly encoded). */
  onProgress?: ImageProgress;
  /** Worker threads that make the images not cached (0: this thread); by default one per core when there are many. */
  threads?: number;
};

export type SourceImageOptions = ImageShapes & {
  /** Directory of the user's images; files are taken in file-name order. */
  dir: string;
  count: number;
  onProgress?: ImageProgress;
  /** Called for each file left out (unreadable, not an image, or the same pixels as an earlier file). */
  onSkip?: (file: string, reason: string) => void;
};

/** One distinct image, encoded once and shared by every request that carries it. */
export interface PoolImage {
  readonly index: number;
  /** The encoded file (JPEG or PNG). */
  readonly bytes: Buffer;
  readonly mime: 'image/jpeg' | 'image/png';
  /** Pixel size as encoded: what the server decodes. */
  readonly width: number;
  readonly height: number;
  /** The file on disk when the image was cached, else null. */
  readonly path: string | null;
}

const MAX_SIDE = 16_384;

export function mimeOf(format: ImageFormat): PoolImage['mime'] {
  return format === 'jpeg' ? 'image/jpeg' : 'image/png';
}

export function extensionOf(format: ImageFormat): string {
  return format === 'jpeg' ? 'jpg' : 'png';
}

/** Image pipelines kept in flight: sharp runs each on libuv's thread pool, so two per core keeps every core busy. */
export function pipelinesInFlight(): number {
  return Math.min(8, Math.max(2, availableParallelism() * 2));
}

/** The shape function of `shapes`: one shape is checked at once, per-image shapes as each is asked for. */
export function shapeFunction(shapes: ImageShapes): (index: number) => ImageShape {
  if ('shapeOf' in shapes) return (index) => checkShape(shapes.shapeOf(index));
  const shape = checkShape({ width: shapes.width, height: shapes.height, format: shapes.format });
  return () => shape;
}

/** Throws a one-line message unless the count is usable. */
export function checkImageCount(count: number): void {
  if (!Number.isSafeInteger(count) || count < 0) throw new Error(`image count must be a whole number >= 0, got ${count}`);
}

/** Throws a one-line message unless size and format are usable. */
function checkShape(shape: ImageShape): ImageShape {
  for (const [name, side] of [['width', shape.width], ['height', shape.height]] as const) {
    if (!Number.isSafeInteger(side) || side < 1 || side > MAX_SIDE) throw new Error(`image ${name} must be a whole number from 1 to ${MAX_SIDE}, got ${side}`);
  }
  if (shape.format !== 'jpeg' && shape.format !== 'png') throw new Error(`image format must be jpeg or png, got ${String(shape.format)}`);
  return shape;
}
