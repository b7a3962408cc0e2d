// Gamma-distributed draws from a seeded uniform source (Marsaglia–Tsang), for bursty arrival gaps.
import type { Random } from '../util/seeded-random.js';

/** A standard normal sampler (Marsaglia's polar method); each accepted pair yields two draws. */
function normalSampler(random: Random): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    for (;;) {
      const u = 2 * random() - 1;
      const v = 2 * random() - 1;
      const s = u * u + v * v;
      if (s === 0 || s >= 1) continue;
      const factor = Math.sqrt((-2 * Math.log(s)) / s);
      spare = v * factor;
      return u * factor;
    }
  };
}

/**
 * Returns draws of Gamma(shape, scale): mean shape·scale, coefficient of variation 1/√shape.
 * Marsaglia–Tsang for shape >= 1; below 1, the shape + 1 draw times U^(1/shape) (their boost).
 */
export function gammaSampler(shape: number, scale: number, random: Random): () => number {
  const normal = normalSampler(random);
  const boosted = shape < 1;
  const d = (boosted ? shape + 1 : shape) - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const unitDraw = (): number => {
    for (;;) {
      const x = normal();
      const t = 1 + c * x;
      if (t <= 0) continue;
      const v = t * t * t;
      const u = random();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  };
  // 1 − random() lies in (0, 1], so the boost never takes a power of zero.
  if (boosted) return () => unitDraw() * Math.pow(1 - random(), 1 / shape) * scale;
  return () => unitDraw() * scale;
}
