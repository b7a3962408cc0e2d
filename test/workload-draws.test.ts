// Per-entry draws (ISL, OSL, image sizes and formats), entry sampling and model choice: seeded, repeatable, right distributions.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTokenizer } from '../src/tokenizer/load-tokenizer.js';
import { drawInteger, drawsByIndex, exactly, type Draw } from '../src/workload/draw.js';
import { sampleEntries } from '../src/workload/entry-sampling.js';
import { generatedTexts } from '../src/workload/generated-workload.js';
import { imageShapes } from '../src/workload/image-shapes.js';
import { generateImages, type ImageShape } from '../src/workload/images/index.js';
import { loadWorkload } from '../src/workload/load-workload.js';
import { modelChooser } from '../src/workload/model-choice.js';
import type { PreparedRequest } from '../src/workload/prepared-request.js';
import { createRandom } from '../src/util/seeded-random.js';
import type { GeneratedWorkloadSpec, WorkloadSpec } from '../src/workload/workload-spec.js';
import { inMemory } from './helpers/in-memory.js';

let work: string;
const home = process.cwd();
beforeAll(async () => {
  // Generated workloads cache their images under ./datasets: keep them out of the repository.
  work = await mkdtemp(join(tmpdir(), 'mmload-draws-'));
  process.chdir(work);
});
afterAll(async () => {
  process.chdir(home);
  await rm(work, { recursive: true, force: true });
});

const generated: GeneratedWorkloadSpec = {
  requests: 8, entries: 8, sampling: 'sequential', imagesPerRequest: 0, pool: undefined, hitRate: undefined, popularity: { kind: 'uniform' },
  imageWidth: exactly(64), imageHeight: exactly(64), imageFormat: 'jpeg', imageStyle: 'photo', imageSource: undefined, userTextTokens: exactly(12),
};
const base: WorkloadSpec = {
  models: ['m'], modelSelection: 'round_robin', inputFile: undefined, datasetType: 'single_turn', mlperf: { systemPromptFile: undefined, guidedDecoding: false, sampleCount: undefined }, generated, systemPromptTokens: undefined,
  extraInputs: {}, outputTokens: undefined, maxTokensKey: 'max_completion_tokens', forcedOutputTokens: undefined, requestCount: undefined,
  warmupRequestCount: 0, seed: 5, cacheImages: true, tokenizerPath: undefined, delivery: { mode: 'base64' }, imageUuids: false, streaming: true, blockSize: 512,
};
const bodyOf = (r: PreparedRequest) => JSON.parse(Buffer.concat(inMemory(r.body)).toString()) as Record<string, unknown>;
const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('draws', () => {
  it('give exactly the mean without a stddev (Python rounding, at least 1)', () => {
    const random = createRandom(1);
    expect([100, 2.5, 3.5, 0.2, 0].map((m) => drawInteger(exactly(m), random))).toEqual([100, 2, 4, 1, 1]);
  });

  it('with a stddev: at least 1, seeded per index, varying, and centred on the mean', () => {
    const draw: Draw = { mean: 100, stddev: 10 };
    const values = Array.from({ length: 20_000 }, (_, i) => drawsByIndex(draw, 3, 7)(i));
    expect(values.every((v) => Number.isInteger(v) && v >= 1)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(40);
    expect(Math.abs(mean(values) - 100.5)).toBeLessThan(0.5); // ceil adds half a token on average
    const spread = Math.sqrt(mean(values.map((v) => (v - mean(values)) ** 2)));
    expect(spread).toBeGreaterThan(9.5);
    expect(spread).toBeLessThan(10.5);
    expect(drawsByIndex(draw, 3, 7)(123)).toBe(values[123]);
    expect(Array.from({ length: 50 }, (_, i) => drawsByIndex(draw, 4, 7)(i))).not.toEqual(values.slice(0, 50));
    expect(Array.from({ length: 50 }, (_, i) => drawsByIndex(draw, 3, 8)(i))).not.toEqual(values.slice(0, 50));
  });

  it('reject negative samples: a small mean with a large stddev still gives integers >= 1', () => {
    const values = Array.from({ length: 2000 }, (_, i) => drawsByIndex({ mean: 1, stddev: 50 }, 0, 1)(i));
    expect(Math.min(...values)).toBe(1);
    expect(values.some((v) => v > 50)).toBe(true);
  });
});

describe('entry sampling', () => {
  const entries = Array.from({ length: 5 }, (_, i) => i);

  it('sequential takes entry i mod E', () => {
    expect(sampleEntries(entries, 12, 'sequential', 1)).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1]);
  });

  it('shuffle walks a seeded permutation per pass, a new one each pass', () => {
    const picked = sampleEntries(entries, 50, 'shuffle', 1);
    const passes = Array.from({ length: 10 }, (_, p) => picked.slice(5 * p, 5 * p + 5));
    for (const pass of passes) expect([...pass].sort()).toEqual(entries);
    expect(new Set(passes.map((p) => p.join())).size).toBeGreaterThan(3);
    expect(sampleEntries(entries, 50, 'shuffle', 1)).toEqual(picked);
    expect(sampleEntries(entries, 50, 'shuffle', 2)).not.toEqual(picked);
    expect(sampleEntries(entries, 7, 'shuffle', 1)).toEqual(picked.slice(0, 7));
  });

  it('random draws uniformly with replacement, seeded', () => {
    const picked = sampleEntries(entries, 5000, 'random', 1);
    const counts = entries.map((e) => picked.filter((p) => p === e).length);
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(120);
    // With replacement: some window of E requests repeats an entry (a shuffle never would).
    expect(Array.from({ length: 100 }, (_, p) => new Set(picked.slice(5 * p, 5 * p + 5)).size).some((n) => n < 5)).toBe(true);
    expect(sampleEntries(entries, 5000, 'random', 1)).toEqual(picked);
    expect(sampleEntries(entries, 5000, 'random', 2)).not.toEqual(picked);
  });

  it('gives a generated workload\'s requests as its entry objects, in the strategy\'s order', async () => {
    for (const sampling of ['sequential', 'shuffle', 'random'] as const) {
      const workload = await loadWorkload({ ...base, generated: { ...generated, entries: 4, sampling }, requestCount: 12 });
      expect(workload.entries).toHaveLength(4);
      expect(workload.entries.map((e) => e.index)).toEqual([0, 1, 2, 3]);
      const order = workload.requests.map((r) => workload.entries.indexOf(r));
      expect(order.every((i) => i >= 0)).toBe(true);
      expect(order).toEqual(sampleEntries([0, 1, 2, 3], 12, sampling, base.seed));
    }
  });
});

describe('model per entry', () => {
  it('round robin in creation order; random seeded and uniform', () => {
    const models = ['a', 'b', 'c'];
    expect(Array.from({ length: 5 }, (_, i) => modelChooser(models, 'round_robin', 0)(i))).toEqual(['a', 'b', 'c', 'a', 'b']);
    const random = Array.from({ length: 3000 }, (_, i) => modelChooser(models, 'random', 9)(i));
    for (const m of models) expect(Math.abs(random.filter((x) => x === m).length - 1000)).toBeLessThan(100);
    expect(Array.from({ length: 3000 }, (_, i) => modelChooser(models, 'random', 9)(i))).toEqual(random);
    expect(Array.from({ length: 3000 }, (_, i) => modelChooser(models, 'random', 10)(i))).not.toEqual(random);
  });

  it('is fixed per entry: a request re-sending entry 0 names entry 0\'s model, not models[i mod n]', async () => {
    const workload = await loadWorkload({ ...base, models: ['a', 'b', 'c'], generated: { ...generated, entries: 4 }, requestCount: 6, warmupRequestCount: 2 });
    expect(workload.requests.map((r) => bodyOf(r).model)).toEqual(['a', 'b', 'c', 'a', 'a', 'b']);
    expect(workload.warmup.map((r) => bodyOf(r).model)).toEqual(['b', 'c']); // indices 4 and 5, after the entries
    const random = await loadWorkload({ ...base, models: ['a', 'b', 'c'], modelSelection: 'random', generated: { ...generated, entries: 30 } });
    const chosen = random.entries.map((r) => bodyOf(r).model);
    expect(new Set(chosen)).toEqual(new Set(['a', 'b', 'c']));
    expect(chosen).toEqual(Array.from({ length: 30 }, (_, i) => modelChooser(['a', 'b', 'c'], 'random', base.seed)(i)));
  });
});

describe('ISL and OSL per entry', () => {
  it('give each entry a text of its drawn length and a cap of its drawn OSL, the same on every run', async () => {
    const qwen = await loadTokenizer();
    const spec: WorkloadSpec = { ...base, generated: { ...generated, entries: 40, userTextTokens: { mean: 30, stddev: 8 } }, outputTokens: { mean: 50, stddev: 10 } };
    const workload = await loadWorkload(spec);
    const lengths = workload.entries.map((r) => qwen.count(r.promptTexts[0]!));
    expect(lengths).toEqual(generatedTexts(qwen, { mean: 30, stddev: 8 }, 40, base.seed).tokens);
    expect(new Set(lengths).size).toBeGreaterThan(5);
    expect(workload.entries.map((r) => r.expectedIsl)).toEqual(lengths.map((n) => 8 + n));
    const caps = workload.entries.map((r) => bodyOf(r).max_completion_tokens as number);
    expect(new Set(caps).size).toBeGreaterThan(5);
    expect(caps.every((c) => Number.isInteger(c) && c >= 1)).toBe(true);
    expect(workload.entries.map((r) => r.requestedOsl)).toEqual(caps);
    const uncapped = await loadWorkload({ ...spec, outputTokens: exactly(0) });
    expect(uncapped.entries.every((r) => r.requestedOsl === null && !('max_completion_tokens' in bodyOf(r)))).toBe(true);
    const again = await loadWorkload(spec);
    expect(again.entries.map((r) => Buffer.concat(inMemory(r.body)).toString())).toEqual(workload.entries.map((r) => Buffer.concat(inMemory(r.body)).toString()));
  });
});

describe('image sizes and formats per image', () => {
  const meta = async (bytes: Buffer) => {
    const { width, height, format } = await sharp(bytes).metadata();
    return { width, height, format };
  };

  it('draw width, height and format per image, and the images are what was drawn', async () => {
    const shapes = imageShapes({ imageWidth: { mean: 64.9, stddev: 16.7 }, imageHeight: { mean: 48, stddev: 8 }, imageFormat: 'random' }, 1);
    if (!('shapeOf' in shapes)) throw new Error('expected per-image shapes');
    const images = await generateImages({ ...shapes, count: 24, seed: 1, cacheDir: null });
    const expected: ImageShape[] = Array.from({ length: 24 }, (_, i) => shapes.shapeOf(i));
    const actual = await Promise.all(images.map((image) => meta(image.bytes)));
    expect(actual).toEqual(expected.map((s) => ({ width: s.width, height: s.height, format: s.format })));
    expect(images.map((image) => image.mime)).toEqual(expected.map((s) => `image/${s.format}`));
    expect(new Set(expected.map((s) => s.width)).size).toBeGreaterThan(5);
    expect(new Set(expected.map((s) => s.height)).size).toBeGreaterThan(3);
    expect(new Set(expected.map((s) => s.format))).toEqual(new Set(['png', 'jpeg']));
    // aiperf truncates mean and stddev first: 64.9 ± 16.7 draws as 64 ± 16.
    const truncated = imageShapes({ imageWidth: { mean: 64, stddev: 16 }, imageHeight: { mean: 48, stddev: 8 }, imageFormat: 'random' }, 1);
    expect(Array.from({ length: 24 }, (_, i) => (truncated as typeof shapes).shapeOf(i))).toEqual(expected);
  });

  it('give every image exactly W×H without a stddev', () => {
    expect(imageShapes({ imageWidth: exactly(512), imageHeight: exactly(384), imageFormat: 'png' }, 1)).toEqual({ width: 512, height: 384, format: 'png' });
  });

  it('keep the disk cache exact with drawn sizes: one directory per size, warm reads equal cold and uncached images', async () => {
    const shapes = imageShapes({ imageWidth: { mean: 40, stddev: 12 }, imageHeight: { mean: 40, stddev: 12 }, imageFormat: 'random' }, 2);
    const cacheDir = join(work, 'drawn-cache');
    const cold = await generateImages({ ...shapes, count: 10, seed: 2, cacheDir });
    const warm = await generateImages({ ...shapes, count: 10, seed: 2, cacheDir });
    const uncached = await generateImages({ ...shapes, count: 10, seed: 2, cacheDir: null });
    const fromFour = await generateImages({ ...shapes, count: 3, first: 4, seed: 2, cacheDir: null });
    cold.forEach((image, i) => {
      expect(warm[i]!.path).toBe(image.path);
      expect(warm[i]!.bytes.equals(image.bytes)).toBe(true);
      expect(uncached[i]!.bytes.equals(image.bytes)).toBe(true);
    });
    fromFour.forEach((image, i) => expect(image.bytes.equals(cold[4 + i]!.bytes)).toBe(true));
    const sizes = new Set(cold.map((image) => `${image.width}x${image.height}`));
    expect((await readdir(cacheDir)).length).toBe(new Set(cold.map((image) => `${image.width}x${image.height}-${image.mime}`)).size);
    expect(sizes.size).toBeGreaterThan(3);
  });

  it('reach the request bodies of a generated workload', async () => {
    const workload = await loadWorkload({
      ...base,
      generated: { ...generated, entries: 6, imagesPerRequest: 2, pool: 12, imageWidth: { mean: 48, stddev: 12 }, imageHeight: exactly(32), imageFormat: 'random', imageStyle: 'noise' },
    });
    const urls = workload.entries.flatMap((r) => ((bodyOf(r).messages as { content: { image_url?: { url: string } }[] }[])[0]!.content)
      .flatMap((part) => (part.image_url ? [part.image_url.url] : [])));
    expect(urls).toHaveLength(12);
    const decoded = await Promise.all(urls.map((url) => meta(Buffer.from(url.split(',')[1]!, 'base64'))));
    expect(decoded.every((d) => d.height === 32)).toBe(true);
    expect(new Set(decoded.map((d) => d.width)).size).toBeGreaterThan(2);
    expect(new Set(decoded.map((d) => d.format))).toEqual(new Set(['png', 'jpeg']));
    urls.forEach((url, i) => expect(url.startsWith(`data:image/${decoded[i]!.format};base64,`)).toBe(true));
    expect(workload.description).toMatch(/images of 48±12×32 \(noise png\/jpeg\)/);
  });
});
