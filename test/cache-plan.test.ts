// mmload plan: LRU arithmetic by hand, and the claim that the planned hit rate is the one the simulator's embedding cache observes.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { parseCapacities } from '../src/commands/plan/plan-config.js';
import { gigabytes } from '../src/model/engine-constants.js';
import { planWorkload } from '../src/plan/plan.js';
import { startSim } from '../src/sim/sim-server.js';
import { embeddingBytesOf, lookupOrder, lruOutcome, planCapacity, type LookupOrder } from '../src/plan/cache-plan.js';
import { loadWorkload } from '../src/workload/load-workload.js';
import type { PreparedRequest, Workload } from '../src/workload/prepared-request.js';
import { createRandom } from '../src/util/seeded-random.js';
import { exactly } from '../src/workload/draw.js';
import type { WorkloadSpec } from '../src/workload/workload-spec.js';
import { runCli } from './helpers/run-cli.js';
import { useScratchAsCwd } from './helpers/shared-setup.js';
import { inMemory } from './helpers/in-memory.js';

const profiled = (keys: string): LookupOrder<string> => ({ warmup: [], profiled: [...keys] });
const one = (): number => 1;

describe('LRU outcome', () => {
  it('counts hits of an LRU cache of n images over the lookups in order', () => {
    // a b miss, a hit, c miss (evicts b, the least recent), b miss (evicts a), a miss
    expect(lruOutcome(profiled('abacba'), 2, one)).toEqual({ lookups: 6, hits: 1, hitRate: 1 / 6 });
    expect(lruOutcome(profiled('abacba'), Infinity, one)).toEqual({ lookups: 6, hits: 3, hitRate: 0.5 });
    expect(lruOutcome(profiled('aaa'), 0, one).hits).toBe(0);
    expect(lruOutcome(profiled(''), 5, one).hitRate).toBeNull();
  });

  it('runs warm-up lookups through the cache first without counting them', () => {
    // Capacity 2: w1 w2 fill it; a evicts w1, b evicts w2, a hits.
    const order = { warmup: ['w1', 'w2'], profiled: ['a', 'b', 'a', 'w2'] };
    expect(lruOutcome(order, 2, one)).toEqual({ lookups: 4, hits: 1, hitRate: 0.25 });
  });

  it('evicts the least recently used images until a new one fits when images differ in bytes', () => {
    const bytes: Record<string, number> = { a: 3, b: 3, c: 5, d: 7, z: 9 };
    const order = profiled('abcacdcaza');
    // capacity 8: a b miss [a b]; c miss evicts a [b c]; a miss evicts b [c a]; c hit [a c]; d miss evicts a then c [d];
    // c miss evicts d [c]; a miss [c a]; z (9) never fits and evicts nothing; a hit.
    expect(lruOutcome(order, 8, (key) => bytes[key]!)).toEqual({ lookups: 10, hits: 2, hitRate: 0.2 });
    expect(planCapacity(order, { kind: 'bytes', bytes: 8 }, (key) => bytes[key]!).hits).toBe(2);
    expect(planCapacity(order, { kind: 'images', images: 8 }).hits).toBe(5);
    expect(() => planCapacity(order, { kind: 'bytes', bytes: 8 })).toThrow(/size of every image/);
  });

  it('sizes an embedding as Qwen3-VL image tokens × 2048 × 2 bytes', () => {
    expect(embeddingBytesOf(512, 512)).toBe(256 * 2048 * 2);
    expect(embeddingBytesOf(64, 64)).toBe(64 * 2048 * 2); // smart_resize raises it to 256×256
  });

  it('keys lookups by the shared Buffer: the same object is the same image, equal bytes elsewhere are not', () => {
    const [a, b, a2] = [Buffer.from('a'), Buffer.from('b'), Buffer.from('a')];
    const req = (images: Buffer[]) => ({ images }) as unknown as PreparedRequest;
    const order = lookupOrder({ warmup: [req([a2])], requests: [req([a, b]), req([b, a])] });
    expect(order.warmup).toEqual([a2]);
    expect(order.profiled).toHaveLength(4);
    expect(lruOutcome(order, Infinity, one).hits).toBe(2);
  });

  it('parses capacities in images and in GB (10^9 bytes, as the simulator rounds them)', () => {
    const problems: string[] = [];
    expect(parseCapacities(['100,500', '2GB, 0.0015 gb'], problems)).toEqual([
      { kind: 'images', images: 100 }, { kind: 'images', images: 500 },
      { kind: 'bytes', bytes: 2e9 }, { kind: 'bytes', bytes: gigabytes(0.0015) },
    ]);
    expect(problems).toEqual([]);
    parseCapacities(['1.5', '2TB', '-3'], problems);
    expect(problems).toHaveLength(3);
  });
});

/** Sends every request one at a time (warm-up first) and returns the embedding cache's counters over the profiled ones. */
async function observe(workload: Workload, embeddingCacheGb: number): Promise<{ hits: number; lookups: number }> {
  const sim = await startSim({ port: 0, speed: 50, embeddingCacheGb, model: 'plan' });
  try {
    const send = async (prepared: PreparedRequest): Promise<void> => {
      const res = await request(`${sim.url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat(inMemory(prepared.body)),
      });
      await res.body.text();
      expect(res.statusCode).toBe(200);
    };
    for (const prepared of workload.warmup) await send(prepared);
    const before = await counters(sim.url);
    for (const prepared of workload.requests) await send(prepared);
    const after = await counters(sim.url);
    return { hits: after.hits - before.hits, lookups: after.queries - before.queries };
  } finally {
    await sim.close();
  }
}

async function counters(url: string): Promise<{ hits: number; queries: number }> {
  const text = await (await request(`${url}/metrics`)).body.text();
  const read = (name: string): number => Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1]);
  return { hits: read('vllm:mm_cache_hits_total'), queries: read('vllm:mm_cache_queries_total') };
}

const BASE: WorkloadSpec = {
  models: ['plan'], modelSelection: 'round_robin', inputFile: undefined, datasetType: 'single_turn', mlperf: { systemPromptFile: undefined, guidedDecoding: false, sampleCount: undefined },
  generated: {
    requests: 60, entries: 60, sampling: 'sequential', imagesPerRequest: 1, pool: 20, hitRate: undefined, popularity: { kind: 'zipf', s: 1.1 },
    imageWidth: exactly(64), imageHeight: exactly(64), imageFormat: 'jpeg', imageStyle: 'photo', imageSource: undefined, userTextTokens: exactly(8),
  },
  systemPromptTokens: undefined, extraInputs: {}, outputTokens: undefined, maxTokensKey: 'max_completion_tokens', forcedOutputTokens: 1, requestCount: undefined,
  warmupRequestCount: 3, seed: 7, cacheImages: true, tokenizerPath: undefined, delivery: { mode: 'base64' }, imageUuids: false, streaming: false, blockSize: 512,
};

describe('the planned hit rate is the one the simulator observes', () => {
  const setup = useScratchAsCwd('mmload-cache-plan-'); // generated images are cached under ./datasets

  // Workloads and capacities where LRU and FIFO, and sized and size-blind eviction, give different counts.
  it('for a generated workload: 60 requests × 1 image from a zipf pool of 20, a cache of 7 images (0.002 GB)', async () => {
    const gb = 0.002; // 7 images of 64×64 (262,144 bytes each) fit, an 8th does not
    const workload = await loadWorkload(BASE);
    const plan = await planWorkload(workload, [{ kind: 'bytes', bytes: gigabytes(gb) }, { kind: 'images', images: 7 }]);
    const [bytes, images] = plan.rows.map((row) => row.outcome);
    expect(plan.infinite).toEqual({ lookups: 60, hits: 40, hitRate: 40 / 60 });
    expect(bytes!.hits).toBeGreaterThan(0);
    expect(bytes!.hits).toBeLessThan(40); // the cache evicts
    expect(images).toEqual(bytes);
    expect(await observe(workload, gb)).toEqual({ hits: bytes!.hits, lookups: 60 });
  });

  it('for an input file of images in three sizes, where eviction frees different amounts', async () => {
    const sizes = [[64, 64], [512, 512], [1024, 512]] as const; // 64, 256 and 512 image tokens
    const names = await Promise.all(Array.from({ length: 9 }, async (_, i) => {
      const [width, height] = sizes[i % 3]!;
      const name = `img${i}.png`;
      await sharp({ create: { width, height, channels: 3, background: { r: 20 * i, g: 200 - 15 * i, b: 90 } } }).png().toFile(join(setup.work, name));
      return name;
    }));
    const random = createRandom(5);
    const pick = (): string => names[Math.floor(random() * names.length)]!;
    const lines = Array.from({ length: 40 }, () => {
      const first = pick();
      const second = random() < 0.5 ? pick() : first;
      return JSON.stringify({ text: 'Describe this.', images: second === first ? [first] : [first, second] });
    });
    const file = join(setup.work, 'mixed.jsonl');
    await writeFile(file, `${lines.join('\n')}\n`);
    const gb = 0.004; // e.g. one 2 MiB, one 1 MiB and three 256 KiB embeddings
    const workload = await loadWorkload({ ...BASE, inputFile: file, warmupRequestCount: 2 });
    const plan = await planWorkload(workload, [{ kind: 'bytes', bytes: gigabytes(gb) }]);
    const planned = plan.rows[0]!.outcome;
    expect(plan.embeddingBytes).toEqual({ min: embeddingBytesOf(64, 64), max: embeddingBytesOf(1024, 512) });
    expect(planned.hits).toBeGreaterThan(0);
    expect(planned.hits).toBeLessThan(plan.infinite.hits);
    expect(await observe(workload, gb)).toEqual({ hits: planned.hits, lookups: planned.lookups });
  });

  it('mmload plan prints the same numbers as JSON, with the order it assumes', async () => {
    const workload = await loadWorkload(BASE);
    const expected = await planWorkload(workload, [{ kind: 'images', images: 5 }, { kind: 'bytes', bytes: 2e9 }]);
    const result = await runCli([
      'plan', '--request-count', '60', '--images-per-request', '1', '--images-pool', '20', '--image-size', '64', '64',
      '--user-text-tokens', '8', '--image-popularity', 'zipf:1.1', '--warmup-request-count', '3', '--random-seed', '7',
      '--cache-capacity', '5,2GB', '--format', 'json',
    ], { cwd: setup.work });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { capacities: { hits: number; lookups: number }[]; infinite_cache: { hit_rate: number }; order_caveat: string | null };
    expect(json.capacities.map(({ hits, lookups }) => ({ hits, lookups }))).toEqual(expected.rows.map(({ outcome: { hits, lookups } }) => ({ hits, lookups })));
    expect(json.infinite_cache.hit_rate).toBe(40 / 60);
    expect(json.order_caveat).toBeNull();
    const bad = await runCli(['plan', '--cache-capacity', '2TB'], { cwd: setup.work });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--cache-capacity takes images \(500\) or gigabytes \(2GB\)/);
  });
});
