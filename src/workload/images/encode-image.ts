// Encodes images with sharp at the project's fixed settings, so equal pixels always give equal bytes.
import sharp, { type Sharp } from 'sharp';
import { JPEG_QUALITY, type ImageFormat } from './image-options.js';

/** Encodes width×height RGB pixels. */
export function encodeRgb(rgb: Buffer, width: number, height: number, format: ImageFormat): Promise<Buffer> {
  return encode(sharp(rgb, { raw: { width, height, channels: 3 } }), format);
}

/** Finishes a sharp pipeline as JPEG (quality JPEG_QUALITY) or PNG (sharp's defaults: zlib level 6, no palette). */
export function encode(pipeline: Sharp, format: ImageFormat): Promise<Buffer> {
  return (format === 'jpeg' ? pipeline.jpeg({ quality: JPEG_QUALITY }) : pipeline.png()).toBuffer();
}
