// A smooth colour field (sky- and backdrop-like gradients): a small random colour grid upscaled with smoothstep blending.
import { randomInt, type Random } from '../../util/seeded-random.js';

/**
 * Returns width×height RGB pixels. The grid has 4 to 8 cells a side, colours scattered around one
 * base colour; between grid points the colour is blended with smoothstep weights, which leaves no
 * visible creases. Separable: each grid row is first stretched to full width, then rows are blended.
 */
export function smoothField(random: Random, width: number, height: number): Buffer {
  const cells = randomInt(random, 4, 8);
  const spread = 60 + random() * 140;
  const base = [random() * 255, random() * 255, random() * 255];
  const grid = new Float32Array(cells * cells * 3);
  for (let i = 0; i < grid.length; i++) grid[i] = clamp(base[i % 3]! + (random() - 0.5) * spread);

  const rowLength = width * 3;
  const rows = new Float32Array(cells * rowLength);
  for (let x = 0; x < width; x++) {
    const [cell, t] = position(x, width, cells);
    for (let r = 0; r < cells; r++) {
      const from = (r * cells + cell) * 3;
      const to = r * rowLength + x * 3;
      for (let c = 0; c < 3; c++) rows[to + c] = grid[from + c]! + (grid[from + 3 + c]! - grid[from + c]!) * t;
    }
  }

  const rgb = Buffer.allocUnsafe(height * rowLength);
  for (let y = 0; y < height; y++) {
    const [cell, t] = position(y, height, cells);
    const above = cell * rowLength;
    const below = above + rowLength;
    const out = y * rowLength;
    for (let i = 0; i < rowLength; i++) {
      const v = rows[above + i]!;
      rgb[out + i] = v + (rows[below + i]! - v) * t;
    }
  }
  return rgb;
}

/** The grid cell left of (or above) pixel `p` and the smoothstep weight of the next grid point. */
function position(p: number, size: number, cells: number): [number, number] {
  const f = size > 1 ? (p * (cells - 1)) / (size - 1) : 0;
  const cell = Math.min(cells - 2, Math.floor(f));
  const t = f - cell;
  return [cell, t * t * (3 - 2 * t)];
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}
