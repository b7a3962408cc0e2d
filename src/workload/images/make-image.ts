// One generated image from scratch: its pixels, its index stamped in, encoded; the same on any thread.
import { createRandom, deriveSeed } from '../../util/seeded-random.js';
import { encodeRgb } from './encode-image.js';
import type { ImageShape, ImageStyle } from './image-options.js';
import { imagePixels } from './image-pixels.js';
import { stampIndex } from './index-stamp.js';

/** All that image `index` depends on, so a worker thread can make it from a message. */
export interface ImageJob extends ImageShape {
  readonly index: number;
  readonly style: ImageStyle;
  /** The image stream's seed: image i draws from deriveSeed(streamSeed, i). */
  readonly streamSeed: number;
}

/** The encoded bytes of the job's image. */
export async function makeImage(job: ImageJob): Promise<Buffer> {
  const { index, style, streamSeed, width, height, format } = job;
  const rgb = await imagePixels(style, createRandom(deriveSeed(streamSeed, index)), width, height);
  stampIndex(rgb, width, height, index);
  return encodeRgb(rgb, width, height, format);
}
