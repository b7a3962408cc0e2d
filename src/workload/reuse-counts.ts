// How often each pool image appears in a reuse plan: once each, plus extra draws by popularity, capped per image.
import { type Random } from '../util/seeded-random.js';
import { shuffleInPlace } from '../util/shuffle.js';

export type Popularity = { readonly kind: 'uniform' } | { readonly kind: 'zipf'; readonly s: number };

/**
 * Appearances of each of `poolSize` images: 1 + its share of `extra` draws, no image above `cap`
 * (needs poolSize · cap ≥ poolSize + extra). Each draw picks an image with probability proportional to
 * its weight among the images still below the cap: 1 for `uniform`, rank^−s for `zipf` over a seeded
 * random ranking of the pool.
 *
 * The draws are simulated as competing exponential clocks: image i rings at rate wᵢ, each ring is one
 * draw, and a capped image stops ringing. The next ring among the running clocks is image i with
 * probability wᵢ / Σ w (running), which is exactly the capped redraw rule, with no floating-point
 * bookkeeping of removed weights. A min-heap of next ring times gives O((poolSize + extra) log poolSize).
 */
export function appearanceCounts(poolSize: number, extra: number, cap: number, popularity: Popularity, random: Random): Int32Array {
  const counts = new Int32Array(poolSize).fill(1);
  if (extra === 0) return counts;
  const rates = weights(poolSize, popularity, random);
  const next = new Float64Array(poolSize);
  for (let i = 0; i < poolSize; i++) next[i] = ring(rates[i]!, random);
  const heap = Int32Array.from({ length: poolSize }, (_, i) => i).sort((a, b) => next[a]! - next[b]! || a - b);
  let size = poolSize;
  for (let drawn = 0; drawn < extra; drawn++) {
    const image = heap[0]!;
    counts[image]++;
    if (counts[image]! < cap) next[image] += ring(rates[image]!, random);
    else heap[0] = heap[--size]!;
    siftDown(heap, size, next);
  }
  return counts;
}

function weights(poolSize: number, popularity: Popularity, random: Random): Float64Array {
  const rates = new Float64Array(poolSize).fill(1);
  if (popularity.kind === 'zipf') {
    const ranking = shuffleInPlace(Array.from({ length: poolSize }, (_, i) => i), random);
    for (let rank = 0; rank < poolSize; rank++) rates[ranking[rank]!] = (rank + 1) ** -popularity.s;
  }
  return rates;
}

/** Time to an exponential clock's next ring; Infinity for a rate too small to represent. */
function ring(rate: number, random: Random): number {
  return -Math.log(1 - random()) / rate;
}

/** Restores the heap order from the root after its time grew or it was replaced (ties by image index). */
function siftDown(heap: Int32Array, size: number, next: Float64Array): void {
  const before = (a: number, b: number): boolean => next[a]! < next[b]! || (next[a] === next[b] && a < b);
  let at = 0;
  const item = heap[0]!;
  for (;;) {
    let child = 2 * at + 1;
    if (child >= size) break;
    if (child + 1 < size && before(heap[child + 1]!, heap[child]!)) child++;
    if (!before(heap[child]!, item)) break;
    heap[at] = heap[child]!;
    at = child;
  }
  heap[at] = item;
}
