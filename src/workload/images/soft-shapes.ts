// Random shapes as an SVG overlay: translucent ellipses and small polygons, the "objects" of a photo-like image.
import { randomInt, type Random } from '../../util/seeded-random.js';

/** Small polygons per 512×512 pixels: detail that makes the image compress like a photograph rather than a gradient. */
const DETAIL_PER_BASE_AREA = [20, 60] as const;
const BASE_AREA = 512 * 512;

/** An SVG of width×height with the shapes; every number is written with one decimal, so the text is deterministic. */
export function shapesSvg(random: Random, width: number, height: number): Buffer {
  const side = Math.min(width, height);
  const parts: string[] = [];
  const ellipses = randomInt(random, 3, 8);
  for (let i = 0; i < ellipses; i++) {
    const cx = fixed(random() * width);
    const cy = fixed(random() * height);
    parts.push(`<ellipse cx="${cx}" cy="${cy}" rx="${fixed(width * (0.04 + random() * 0.25))}" ry="${fixed(height * (0.04 + random() * 0.25))}" ` +
      `transform="rotate(${fixed(random() * 180)} ${cx} ${cy})" fill="${colour(random)}" fill-opacity="${fixed(0.3 + random() * 0.6)}"/>`);
  }
  const scale = (width * height) / BASE_AREA;
  const details = Math.max(4, Math.round(randomInt(random, DETAIL_PER_BASE_AREA[0], DETAIL_PER_BASE_AREA[1]) * scale));
  for (let i = 0; i < details; i++) {
    const cx = random() * width;
    const cy = random() * height;
    const reach = side * (0.01 + random() * 0.06);
    const points: string[] = [];
    const corners = randomInt(random, 3, 6);
    for (let k = 0; k < corners; k++) points.push(`${fixed(cx + (random() - 0.5) * 2 * reach)},${fixed(cy + (random() - 0.5) * 2 * reach)}`);
    parts.push(`<polygon points="${points.join(' ')}" fill="${colour(random)}" fill-opacity="${fixed(0.3 + random() * 0.7)}"/>`);
  }
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`);
}

function colour(random: Random): string {
  return `rgb(${Math.floor(random() * 256)},${Math.floor(random() * 256)},${Math.floor(random() * 256)})`;
}

function fixed(v: number): string {
  return v.toFixed(1);
}
