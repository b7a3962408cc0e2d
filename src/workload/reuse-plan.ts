// Which pool images each request carries, so that an infinite image cache sees exactly the asked hit rate.
import { roundHalfEven } from '../model/qwen3-vl-tokens.js';
import { appearanceCounts, type Popularity } from './reuse-counts.js';
import { createRandom, deriveSeed, type Random } from '../util/seeded-random.js';
import { shuffleInPlace } from '../util/shuffle.js';

export type { Popularity } from './reuse-counts.js';

export interface ReusePlanOptions {
  readonly requests: number;
  readonly imagesPerRequest: number;
  /** Distinct images (`--images-pool`); default: one per slot, no reuse. */
  readonly pool?: number;
  /** Infinite-cache hit rate (`--cache-hit-rate`) in [0, 1); the pool is then round(slots · (1 − hitRate)). */
  readonly hitRate?: number;
  /** How the repeats spread over the pool; default uniform. */
  readonly popularity?: Popularity;
  readonly seed: number;
}

export interface ReusePlan {
  readonly poolSize: number;
  readonly slots: number;
  readonly hits: number;
  /** hits / slots, as an infinite cache sees it. */
  readonly hitRate: number;
  /** Per request, the pool indices of its images in slot order. */
  readonly images: readonly (readonly number[])[];
}

/** Seed stream of the plan, apart from the streams of the run's texts and images. */
const PLAN_STREAM = 0x72_65_75_73;

/**
 * Every pool image appears at least once (its one miss), the other slots repeat pool images, and no
 * request carries an image twice, so hits = slots − pool exactly. Each image's count (at most one per
 * request) is drawn by popularity; occurrences, grouped by image in a seeded order, are dealt round-robin
 * (occurrence t to request t mod requests), which puts an image's ≤ requests copies in distinct requests;
 * then request order and slot order are shuffled. Seeded and deterministic; impossible inputs throw.
 */
export function planImageReuse(options: ReusePlanOptions): ReusePlan {
  const { requests: n, imagesPerRequest: k } = options;
  const poolSize = poolSizeOf(options);
  const slots = n * k;
  const random = createRandom(deriveSeed(options.seed, PLAN_STREAM));
  const counts = appearanceCounts(poolSize, slots - poolSize, n, options.popularity ?? { kind: 'uniform' }, random);
  const images = deal(counts, n, random);
  const hits = slots - poolSize;
  return { poolSize, slots, hits, hitRate: slots === 0 ? 0 : hits / slots, images };
}

/** Checks the options and returns the pool size; 0 when requests carry no images. */
function poolSizeOf({ requests: n, imagesPerRequest: k, pool, hitRate, popularity }: ReusePlanOptions): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`the number of requests must be a positive integer (got ${n})`);
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`images per request must be a non-negative integer (got ${k})`);
  if (pool !== undefined && hitRate !== undefined) throw new RangeError('give an image pool size or a cache hit rate, not both');
  if (pool !== undefined && (!Number.isInteger(pool) || pool < 1)) throw new RangeError(`the image pool size must be a positive integer (got ${pool})`);
  if (hitRate !== undefined && !(hitRate >= 0 && hitRate < 1)) throw new RangeError(`the cache hit rate must be at least 0 and below 1 (got ${hitRate})`);
  if (popularity?.kind === 'zipf') checkZipf(popularity.s);
  if (k === 0) return 0;
  const slots = n * k;
  const size = pool ?? (hitRate === undefined ? slots : roundHalfEven(slots * (1 - hitRate)));
  if (size < k) {
    const from = hitRate === undefined ? '' : `; cache hit rate ${hitRate} over ${slots} image slots leaves round(${slots} × (1 − ${hitRate})) = ${size}`;
    throw new RangeError(`${k} images per request need a pool of at least ${k} distinct images (got ${size})${from}`);
  }
  if (size > slots) {
    throw new RangeError(`a pool of ${size} distinct images is more than the ${slots} image slots (${n} requests × ${k} images); every pool image must appear`);
  }
  return size;
}

/** Occurrences grouped by image (images in seeded order) dealt round-robin over `n` requests, then shuffled. */
function deal(counts: Int32Array, n: number, random: Random): number[][] {
  const requests = Array.from({ length: n }, (): number[] => []);
  let t = 0;
  for (const image of shuffleInPlace(Array.from(counts.keys()), random)) {
    for (let c = 0; c < counts[image]!; c++) requests[t++ % n]!.push(image);
  }
  for (const request of requests) shuffleInPlace(request, random);
  return shuffleInPlace(requests, random);
}

/** Parses `--image-popularity`: `uniform` or `zipf:<s>` with s > 0 (e.g. zipf:1.1). */
export function parsePopularity(text: string): Popularity {
  const value = text.trim().toLowerCase();
  if (value === 'uniform') return { kind: 'uniform' };
  const zipf = /^zipf:(.+)$/.exec(value);
  if (!zipf) throw new RangeError(`image popularity must be "uniform" or "zipf:<s>" with s > 0, e.g. zipf:1.1 (got "${text}")`);
  const s = Number(zipf[1]);
  checkZipf(s);
  return { kind: 'zipf', s };
}

function checkZipf(s: number): void {
  if (!(Number.isFinite(s) && s > 0)) throw new RangeError(`the zipf exponent must be a number above 0 (got ${s})`);
}
