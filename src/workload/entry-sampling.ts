// Which dataset entry each sent request carries: in order, drawn at random, or shuffled once per pass.
import { createRandom, deriveSeed } from '../util/seeded-random.js';
import { shuffleInPlace } from '../util/shuffle.js';

/** aiperf's --dataset-sampling-strategy. */
export type Sampling = 'sequential' | 'random' | 'shuffle';
export const SAMPLINGS: readonly Sampling[] = ['sequential', 'random', 'shuffle'];

/** Seed stream of the sampling, apart from every other purpose's. */
const SAMPLING_STREAM = 0x73_61_6d_70;

/**
 * `count` entries (the same objects, never copies): sequential takes entry i mod E; random draws uniformly
 * with replacement; shuffle walks a seeded permutation of the E entries, a new one each pass.
 */
export function sampleEntries<T>(entries: readonly T[], count: number, sampling: Sampling, seed: number): T[] {
  const n = entries.length;
  if (n === 0) throw new RangeError('cannot sample requests from no entries');
  const base = deriveSeed(seed, SAMPLING_STREAM);
  switch (sampling) {
    case 'sequential':
      return Array.from({ length: count }, (_, i) => entries[i % n]!);
    case 'random': {
      const random = createRandom(base);
      return Array.from({ length: count }, () => entries[Math.floor(random() * n)]!);
    }
    case 'shuffle': {
      const picked: T[] = [];
      for (let pass = 0; picked.length < count; pass++) {
        const order = shuffleInPlace(Array.from({ length: n }, (_, i) => i), createRandom(deriveSeed(base, pass)));
        for (const i of order.slice(0, count - picked.length)) picked.push(entries[i]!);
      }
      return picked;
    }
  }
}
