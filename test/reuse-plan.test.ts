// Image-reuse plan: exact hit rates for the seed scenarios, invariants over many inputs, popularity, LRU, errors.
import { describe, expect, it } from 'vitest';
import { lruOutcome } from '../src/plan/cache-plan.js';
import { parsePopularity, planImageReuse, type ReusePlan, type ReusePlanOptions } from '../src/workload/reuse-plan.js';

/** The hit rate an LRU cache of `capacity` images sees over a plan's slots in order (the planner's LRU, one image each). */
const lruHitRate = (images: readonly (readonly number[])[], capacity: number): number =>
  lruOutcome({ warmup: [], profiled: images.flat() }, capacity, () => 1).hitRate ?? 0;
import { roundHalfEven } from '../src/model/qwen3-vl-tokens.js';
import { createRandom, randomInt } from '../src/util/seeded-random.js';

/** Hits counted from the images themselves: a slot whose image appeared in an earlier slot. */
function countedHits(plan: ReusePlan): number {
  const seen = new Set<number>();
  let hits = 0;
  for (const request of plan.images) {
    for (const image of request) {
      if (seen.has(image)) hits++;
      seen.add(image);
    }
  }
  return hits;
}

function appearances(plan: ReusePlan): number[] {
  const counts = new Array<number>(plan.poolSize).fill(0);
  for (const request of plan.images) for (const image of request) counts[image]!++;
  return counts;
}

/** Every invariant the plan promises, checked against its own images. */
function expectSound(plan: ReusePlan, n: number, k: number): void {
  expect(plan.images).toHaveLength(n);
  for (const request of plan.images) {
    expect(request).toHaveLength(k);
    expect(new Set(request).size).toBe(k);
    for (const image of request) expect(Number.isInteger(image) && image >= 0 && image < plan.poolSize).toBe(true);
  }
  expect(appearances(plan).every((count) => count >= 1 && count <= n)).toBe(true);
  expect(plan.slots).toBe(n * k);
  expect(plan.hits).toBe(plan.slots - plan.poolSize);
  expect(countedHits(plan)).toBe(plan.hits);
  expect(lruHitRate(plan.images, Infinity)).toBe(plan.hitRate);
}

describe('planImageReuse on the seed scenarios', () => {
  it('Scenario B: 100 × 20 at 27% gives a pool of 1,460 and exactly 540 hits', () => {
    const plan = planImageReuse({ requests: 100, imagesPerRequest: 20, hitRate: 0.27, seed: 0 });
    expect(plan).toMatchObject({ poolSize: 1460, slots: 2000, hits: 540, hitRate: 0.27 });
    expectSound(plan, 100, 20);
  });

  it('Scenario A: 100 × 3 at 20% gives a pool of 240', () => {
    const plan = planImageReuse({ requests: 100, imagesPerRequest: 3, hitRate: 0.2, seed: 5 });
    expect(plan).toMatchObject({ poolSize: 240, slots: 300, hits: 60, hitRate: 0.2 });
    expectSound(plan, 100, 3);
  });

  it('cache A/B: 1,000 × 1 from a pool of 200 hits 80%, also in an LRU cache that holds the pool', () => {
    const plan = planImageReuse({ requests: 1000, imagesPerRequest: 1, pool: 200, seed: 3 });
    expect(plan.hitRate).toBe(0.8);
    expectSound(plan, 1000, 1);
    expect(lruHitRate(plan.images, 200)).toBe(0.8);
    expect(lruHitRate(plan.images, 100)).toBeLessThan(0.8);
  });

  it('rounds the pool as Python does (halves to even) and defaults to one image per slot', () => {
    expect(planImageReuse({ requests: 10, imagesPerRequest: 1, hitRate: 0.35, seed: 1 }).poolSize).toBe(6); // round(6.5)
    expect(planImageReuse({ requests: 10, imagesPerRequest: 1, hitRate: 0.25, seed: 1 }).poolSize).toBe(8); // round(7.5)
    expect(planImageReuse({ requests: 7, imagesPerRequest: 3, seed: 1 })).toMatchObject({ poolSize: 21, hits: 0, hitRate: 0 });
  });
});

describe('planImageReuse over many inputs', () => {
  it('keeps every invariant, repeats per seed and differs across seeds', () => {
    const random = createRandom(2024);
    for (let trial = 0; trial < 300; trial++) {
      const n = randomInt(random, 1, 60);
      const k = randomInt(random, 1, 8);
      const z = n * k;
      const byRate = random() < 0.5;
      const options: ReusePlanOptions = {
        requests: n, imagesPerRequest: k, seed: randomInt(random, 0, 1e9),
        popularity: random() < 0.5 ? { kind: 'uniform' } : { kind: 'zipf', s: 0.5 + 2.5 * random() },
        ...(byRate ? { hitRate: random() * (1 - k / z) * 0.999 } : { pool: randomInt(random, k, z) }),
      };
      const plan = planImageReuse(options);
      expectSound(plan, n, k);
      expect(plan.poolSize).toBe(byRate ? roundHalfEven(z * (1 - options.hitRate!)) : options.pool);
      expect(planImageReuse(options)).toEqual(plan);
      if (plan.poolSize >= 4 && z >= 12) expect(planImageReuse({ ...options, seed: options.seed + 1 }).images).not.toEqual(plan.images);
    }
  });

  it('fills a pool that must be used once per request by every image, even with steep popularity', () => {
    const plan = planImageReuse({ requests: 3, imagesPerRequest: 10, pool: 10, popularity: { kind: 'zipf', s: 8 }, seed: 9 });
    expectSound(plan, 3, 10);
    expect(appearances(plan)).toEqual(new Array(10).fill(3));
    const capped = planImageReuse({ requests: 4, imagesPerRequest: 10, pool: 12, popularity: { kind: 'zipf', s: 3 }, seed: 2 });
    expectSound(capped, 4, 10);
  });

  it('gives a text-only (empty) plan for 0 images per request', () => {
    const plan = planImageReuse({ requests: 4, imagesPerRequest: 0, seed: 1 });
    expect(plan).toEqual({ poolSize: 0, slots: 0, hits: 0, hitRate: 0, images: [[], [], [], []] });
  });
});

describe('popularity', () => {
  const sorted = (plan: ReusePlan): number[] => appearances(plan).sort((a, b) => b - a);

  it('zipf concentrates the repeats on few images; uniform spreads them', () => {
    for (const seed of [1, 2, 3]) {
      const base = { requests: 100, imagesPerRequest: 20, hitRate: 0.27, seed } as const;
      const uniform = sorted(planImageReuse({ ...base, popularity: { kind: 'uniform' } }));
      const zipf = sorted(planImageReuse({ ...base, popularity: { kind: 'zipf', s: 1.1 } }));
      const topTenShare = (counts: number[]): number => counts.slice(0, 10).reduce((a, b) => a + b - 1, 0) / 540;
      expect(uniform[0]).toBeLessThanOrEqual(6);
      expect(zipf[0]).toBeGreaterThan(30);
      expect(topTenShare(zipf)).toBeGreaterThan(0.3);
      expect(topTenShare(uniform)).toBeLessThan(0.1);
    }
  });

  it('zipf reuse sits closer together, so a small LRU cache hits more often', () => {
    const base = { requests: 1000, imagesPerRequest: 1, pool: 200, seed: 4 } as const;
    const uniform = planImageReuse({ ...base, popularity: { kind: 'uniform' } });
    const zipf = planImageReuse({ ...base, popularity: parsePopularity('zipf:1.1') });
    expect(lruHitRate(zipf.images, 20)).toBeGreaterThan(2 * lruHitRate(uniform.images, 20));
    expect(zipf.hitRate).toBe(uniform.hitRate);
  });

  it('parses uniform and zipf:<s>, and names what it expects otherwise', () => {
    expect(parsePopularity('uniform')).toEqual({ kind: 'uniform' });
    expect(parsePopularity(' Zipf:2 ')).toEqual({ kind: 'zipf', s: 2 });
    expect(parsePopularity('zipf:1.1')).toEqual({ kind: 'zipf', s: 1.1 });
    for (const bad of ['pareto', 'zipf', 'zipf:', 'zipf:abc']) expect(() => parsePopularity(bad)).toThrow(/"uniform" or "zipf:<s>"|zipf exponent/);
    for (const bad of ['zipf:0', 'zipf:-1', 'zipf:Infinity']) expect(() => parsePopularity(bad)).toThrow(/zipf exponent must be a number above 0/);
  });
});

describe('LRU hit rate over a plan (cache-plan lruOutcome)', () => {
  it('evicts the least recently used image', () => {
    const images = [[1, 2], [1, 3], [2]];
    expect(lruHitRate(images, 2)).toBe(1 / 5); // 1 2 miss, 1 hit, 3 miss (evicts 2), 2 miss
    expect(lruHitRate(images, Infinity)).toBe(2 / 5);
    expect(lruHitRate(images, 0)).toBe(0);
    expect(lruHitRate([[], []], 4)).toBe(0);
  });
});

describe('impossible inputs', () => {
  const plan = (options: Partial<ReusePlanOptions>) => () => planImageReuse({ requests: 10, imagesPerRequest: 2, seed: 1, ...options });

  it('names the problem', () => {
    expect(plan({ requests: 3, imagesPerRequest: 20, pool: 12 })).toThrow('20 images per request need a pool of at least 20 distinct images (got 12)');
    expect(plan({ requests: 100, imagesPerRequest: 20, hitRate: 0.995 })).toThrow(/20 images per request need a pool of at least 20 distinct images \(got 10\); cache hit rate 0.995/);
    expect(plan({ pool: 21 })).toThrow('a pool of 21 distinct images is more than the 20 image slots (10 requests × 2 images)');
    expect(plan({ hitRate: 1 })).toThrow('the cache hit rate must be at least 0 and below 1 (got 1)');
    expect(plan({ hitRate: -0.1 })).toThrow(/at least 0 and below 1/);
    expect(plan({ hitRate: Number.NaN })).toThrow(/at least 0 and below 1/);
    expect(plan({ requests: 0 })).toThrow('the number of requests must be a positive integer (got 0)');
    expect(plan({ imagesPerRequest: -1 })).toThrow('images per request must be a non-negative integer (got -1)');
    expect(plan({ imagesPerRequest: 1.5 })).toThrow(/non-negative integer/);
    expect(plan({ pool: 5, hitRate: 0.5 })).toThrow('give an image pool size or a cache hit rate, not both');
    expect(plan({ pool: 0 })).toThrow('the image pool size must be a positive integer (got 0)');
    expect(plan({ popularity: { kind: 'zipf', s: 0 } })).toThrow(/zipf exponent/);
  });
});
