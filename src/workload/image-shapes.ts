// The size and encoding of each generated image: drawn per image from the workload's width, height and format.
import { describeDraw, drawsByIndex, fixedValue, type Draw } from './draw.js';
import type { ImageFormat, ImageShape, ImageShapes } from './images/index.js';
import { createRandom, deriveSeed } from '../util/seeded-random.js';
import type { GeneratedWorkloadSpec } from './workload-spec.js';

/** Seed streams of the image draws, apart from every other purpose's. */
const WIDTH_STREAM = 0x77_69_64_74;
const HEIGHT_STREAM = 0x68_65_69_67;
const FORMAT_STREAM = 0x66_6f_72_6d;

export type ImageSettings = Pick<GeneratedWorkloadSpec, 'imageWidth' | 'imageHeight' | 'imageFormat'>;

/**
 * The shapes of images `offset`, `offset + 1`, …: width and height drawn per image (mean and stddev truncated to
 * integers first, as aiperf does), the format png or jpeg per image with `random`. Without a stddev and with one
 * format every image has the same shape, given as one.
 */
export function imageShapes(settings: ImageSettings, seed: number, offset = 0): ImageShapes {
  const format = settings.imageFormat;
  const size = fixedImageSize(settings);
  if (size !== undefined && format !== 'random') return { ...size, format };
  const widthOf = drawsByIndex(truncated(settings.imageWidth), seed, WIDTH_STREAM);
  const heightOf = drawsByIndex(truncated(settings.imageHeight), seed, HEIGHT_STREAM);
  const formatBase = deriveSeed(seed, FORMAT_STREAM);
  const formatOf = (index: number): ImageFormat =>
    format !== 'random' ? format : createRandom(deriveSeed(formatBase, index))() < 0.5 ? 'png' : 'jpeg';
  return { shapeOf: (i): ImageShape => ({ width: widthOf(offset + i), height: heightOf(offset + i), format: formatOf(offset + i) }) };
}

/** The size of every image when neither side has a stddev; undefined when sizes are drawn per image. */
export function fixedImageSize(settings: ImageSettings): { width: number; height: number } | undefined {
  const width = fixedValue(truncated(settings.imageWidth));
  const height = fixedValue(truncated(settings.imageHeight));
  return width === undefined || height === undefined ? undefined : { width, height };
}

/** "512×512", or "512±64×384" with a stddev: for descriptions. */
export function describeImageSize(settings: ImageSettings): string {
  return `${describeDraw(truncated(settings.imageWidth))}×${describeDraw(truncated(settings.imageHeight))}`;
}

function truncated(draw: Draw): Draw {
  return { mean: Math.trunc(draw.mean), stddev: Math.trunc(draw.stddev) };
}
