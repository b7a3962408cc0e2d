// The raw RGB pixels of one generated image, photo-like or noise, before its index is stamped in.
import sharp from 'sharp';
import type { Random } from '../../util/seeded-random.js';
import type { ImageStyle } from './image-options.js';
import { shapesSvg } from './soft-shapes.js';
import { smoothField } from './smooth-field.js';

/** Peak amplitude of the photo style's grain, in levels (uniform integers in ±GRAIN): sensor-like noise that JPEG spends bytes on. */
const GRAIN = 6;

/** width×height×3 bytes of RGB, every value drawn from `random` (sharp only renders the shapes' SVG). */
export async function imagePixels(style: ImageStyle, random: Random, width: number, height: number): Promise<Buffer> {
  return style === 'noise' ? noisePixels(random, width, height) : photoPixels(random, width, height);
}

/** A smooth colour field, shapes composited over it, then luminance grain. */
async function photoPixels(random: Random, width: number, height: number): Promise<Buffer> {
  const field = smoothField(random, width, height);
  const svg = shapesSvg(random, width, height);
  const rgb = await sharp(field, { raw: { width, height, channels: 3 } }).composite([{ input: svg }]).removeAlpha().raw().toBuffer();
  let bits = 0;
  for (let p = 0, n = 0; p < rgb.length; p += 3, n++) {
    bits = n % 4 === 0 ? randomUint32(random) : bits >>> 8;
    const delta = (((bits & 0xff) * (2 * GRAIN + 1)) >> 8) - GRAIN;
    for (let c = p; c < p + 3; c++) {
      const v = rgb[c]! + delta;
      rgb[c] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return rgb;
}

/** Uniform random RGB: the worst case for compression, and what the seed generators sent. */
function noisePixels(random: Random, width: number, height: number): Buffer {
  const rgb = Buffer.allocUnsafe(width * height * 3);
  let bits = 0;
  for (let i = 0; i < rgb.length; i++) {
    bits = i % 4 === 0 ? randomUint32(random) : bits >>> 8;
    rgb[i] = bits & 0xff;
  }
  return rgb;
}

/** All 32 bits of one draw (mulberry32's floats are its 32-bit outputs over 2^32), so one draw gives four bytes. */
function randomUint32(random: Random): number {
  return (random() * 4294967296) >>> 0;
}
