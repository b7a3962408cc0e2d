// Workload flags and defaults: aiperf's aliases, mmload's and aiperf's default sets, image sources, and today's preset bodies unchanged.
import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { AIPERF_DEFAULTS, MMLOAD_DEFAULTS, resolveBlockSize, resolveGeneratedSpec, type WorkloadDefaults } from '../src/commands/profile/workload-config.js';
import { workloadOptions, type WorkloadFlags } from '../src/commands/profile/workload-options.js';
import { loadTokenizer } from '../src/tokenizer/load-tokenizer.js';
import { exactly } from '../src/workload/draw.js';
import { generateImages } from '../src/workload/images/index.js';
import { loadWorkload } from '../src/workload/load-workload.js';
import { PRESETS, type Preset } from '../src/workload/presets.js';
import { planImageReuse } from '../src/workload/reuse-plan.js';
import { sharedSystemPrompt } from '../src/workload/token-text.js';
import { userTexts } from '../src/workload/user-texts.js';
import { useScratchAsCwd } from './helpers/shared-setup.js';
import { inMemory } from './helpers/in-memory.js';

const parse = (argv: string[]): WorkloadFlags =>
  workloadOptions(yargs([]).strict().exitProcess(false).fail((message) => { throw new Error(message); })).parseSync(argv) as WorkloadFlags;

function resolve(argv: string[], defaults: WorkloadDefaults, options: { preset?: Preset; requestCount?: number } = {}) {
  const problems: string[] = [];
  const spec = resolveGeneratedSpec(parse(argv), options.preset, defaults, options.requestCount, problems);
  return { spec, problems };
}

describe('workload flags', () => {
  it('take aiperf\'s spellings', () => {
    const flags = parse(['--prompt-input-tokens-mean', '300', '--synthetic-input-tokens-stddev', '5', '--prompt-input-tokens-block-size', '16',
      '--num-prompts', '40', '--dataset-sampling-strategy', 'random', '--batch-size-image', '2', '--image-width-mean', '64', '--image-width-stddev', '3',
      '--image-height-mean', '48', '--image-height-stddev', '4', '--image-format', 'random', '--image-source', 'assets']);
    const { spec } = resolve(['--isl', '300', '--isl-stddev', '5', '--num-dataset-entries', '40', '--dataset-sampling-strategy', 'random',
      '--image-batch-size', '2', '--image-width-mean', '64', '--image-width-stddev', '3', '--image-height-mean', '48', '--image-height-stddev', '4',
      '--image-format', 'random', '--image-source', 'assets'], MMLOAD_DEFAULTS);
    expect(resolveGeneratedSpec(flags, undefined, MMLOAD_DEFAULTS, undefined, [])).toEqual(spec);
    expect(spec).toMatchObject({
      userTextTokens: { mean: 300, stddev: 5 }, entries: 40, sampling: 'random', imagesPerRequest: 2,
      imageWidth: { mean: 64, stddev: 3 }, imageHeight: { mean: 48, stddev: 4 }, imageFormat: 'random', imageStyle: 'photo', imageSource: undefined,
    });
    expect(resolveBlockSize(flags, [])).toBe(16);
    expect(parse(['--synthetic-input-tokens-mean', '7'])['user-text-tokens']).toBe(7);
    expect(() => parse(['--dataset-sampling-strategy', 'roundabout'])).toThrow(/Invalid values/);
  });

  it('map --image-source noise and assets to the image style, and anything else to a directory', () => {
    expect(resolve(['--image-source', 'noise'], MMLOAD_DEFAULTS).spec).toMatchObject({ imageStyle: 'noise', imageSource: undefined });
    expect(resolve(['--image-source', 'assets'], AIPERF_DEFAULTS).spec).toMatchObject({ imageStyle: 'photo', imageSource: undefined });
    expect(resolve(['--image-source', 'pics/'], AIPERF_DEFAULTS).spec).toMatchObject({ imageStyle: 'noise', imageSource: 'pics/' });
    expect(resolve(['--image-source', 'noise', '--image-style', 'photo'], MMLOAD_DEFAULTS).problems).toEqual(['--image-source noise and --image-style photo contradict each other']);
  });

  it('name bad values', () => {
    const { problems } = resolve(['--isl-stddev', '-1', '--image-width-stddev', '-2', '--num-dataset-entries', '0', '--image-width-mean', '-5'], MMLOAD_DEFAULTS);
    expect(problems).toEqual([
      '--num-dataset-entries must be an integer >= 1 (got 0)',
      '--image-width-mean must be a number >= 0 (got -5)',
      '--image-width-stddev must be a number >= 0 (got -2)',
      '--isl-stddev must be a number >= 0 (got -1)',
    ]);
    const blockProblems: string[] = [];
    expect(resolveBlockSize({}, blockProblems)).toBe(512);
    resolveBlockSize({ 'isl-block-size': 0 }, blockProblems);
    expect(blockProblems).toEqual(['--isl-block-size must be an integer >= 1 (got 0)']);
  });
});

describe('MMLOAD_DEFAULTS', () => {
  it('give Scenario A\'s shape without a preset: 3 photo JPEGs of 512×512, 20% reuse, 4,300 tokens, one entry per request, in order', () => {
    const { spec, problems } = resolve([], MMLOAD_DEFAULTS);
    expect(problems).toEqual([]);
    expect(spec).toEqual({
      requests: 100, entries: 100, sampling: 'sequential', imagesPerRequest: 3, pool: undefined, hitRate: 0.2, popularity: { kind: 'uniform' },
      imageWidth: exactly(512), imageHeight: exactly(512), imageFormat: 'jpeg', imageStyle: 'photo', imageSource: undefined, userTextTokens: exactly(4300),
    });
    expect(resolve([], MMLOAD_DEFAULTS, { requestCount: 40 }).spec).toMatchObject({ requests: 40, entries: 40, hitRate: 0.2 });
    expect(resolve([], MMLOAD_DEFAULTS, { preset: PRESETS['cache-ab'] }).spec).toMatchObject({ requests: 1000, entries: 1000, imagesPerRequest: 1, pool: 200, hitRate: undefined });
  });
});

describe('AIPERF_DEFAULTS', () => {
  it('send 550-token texts and no images, over 100 entries shuffled (or one per --request-count)', () => {
    expect(resolve([], AIPERF_DEFAULTS).spec).toMatchObject({ imagesPerRequest: 0, pool: undefined, hitRate: undefined, userTextTokens: exactly(550), entries: 100, sampling: 'shuffle' });
    expect(resolve([], AIPERF_DEFAULTS, { requestCount: 20 }).spec).toMatchObject({ requests: 20, entries: 20 });
    expect(resolve(['--num-dataset-entries', '7'], AIPERF_DEFAULTS, { requestCount: 20 }).spec).toMatchObject({ requests: 20, entries: 7 });
  });

  it('send one distinct noise PNG per request once width and height are given', () => {
    expect(resolve(['--image-width-mean', '512', '--image-height-mean', '512'], AIPERF_DEFAULTS).spec).toMatchObject({
      imagesPerRequest: 1, pool: 100, hitRate: undefined, imageWidth: exactly(512), imageHeight: exactly(512), imageFormat: 'png', imageStyle: 'noise',
    });
    expect(resolve(['--image-size', '300', '200', '--image-batch-size', '3'], AIPERF_DEFAULTS, { requestCount: 10 }).spec).toMatchObject({ imagesPerRequest: 3, pool: 30 });
    expect(resolve(['--image-size', '64', '64', '--cache-hit-rate', '0.5'], AIPERF_DEFAULTS).spec).toMatchObject({ pool: undefined, hitRate: 0.5 });
  });

  it('refuse images asked for without both sides', () => {
    const message = 'images need a width and a height above 0: give --image-width-mean and --image-height-mean (or --image-size)';
    expect(resolve(['--image-width-mean', '300'], AIPERF_DEFAULTS).problems).toEqual([message]);
    expect(resolve(['--image-batch-size', '2'], AIPERF_DEFAULTS).problems).toEqual([message]);
    expect(resolve(['--image-batch-size', '0'], AIPERF_DEFAULTS).problems).toEqual([]);
  });
});

describe('today\'s preset workloads', () => {
  useScratchAsCwd('mmload-defaults-'); // the image cache goes under ./datasets

  it('scenario-a sends exactly the texts, images and fields it always did, in aiperf\'s key order', async () => {
    const preset = PRESETS['scenario-a'];
    const { spec: generated, problems } = resolve([], MMLOAD_DEFAULTS, { preset, requestCount: 10 });
    expect(problems).toEqual([]);
    const seed = 3;
    const workload = await loadWorkload({
      models: ['qwen'], modelSelection: 'round_robin', inputFile: undefined, datasetType: 'single_turn', mlperf: { systemPromptFile: undefined, guidedDecoding: false, sampleCount: undefined }, generated, systemPromptTokens: 8600,
      extraInputs: {}, outputTokens: undefined, maxTokensKey: 'max_completion_tokens', forcedOutputTokens: 500, requestCount: 10, warmupRequestCount: 0,
      seed, cacheImages: true, tokenizerPath: undefined, delivery: { mode: 'base64' }, imageUuids: false, streaming: true, blockSize: 512,
    });
    // The same primitives, composed as mmload always composed them.
    const qwen = await loadTokenizer();
    const plan = planImageReuse({ requests: 10, imagesPerRequest: 3, hitRate: 0.2, seed });
    const images = await generateImages({ count: plan.poolSize, width: 512, height: 512, format: 'jpeg', style: 'photo', seed, cacheDir: null });
    const texts = userTexts(qwen, 10, 4300, seed);
    const system = sharedSystemPrompt(qwen, 8600, seed)!.text;
    const expected = plan.images.map((slots, i) => JSON.stringify({
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: [{ type: 'text', text: texts[i] }, ...slots.map((s) => ({ type: 'image_url', image_url: { url: `data:image/jpeg;base64,${images[s]!.bytes.toString('base64')}` } }))] },
      ],
      model: 'qwen', stream: true, max_tokens: 500, min_tokens: 500, ignore_eos: true, stream_options: { include_usage: true },
    }));
    expect(workload.requests.map((r) => Buffer.concat(inMemory(r.body)).toString())).toEqual(expected);
    expect(workload.requests).toEqual(workload.entries);
    expect(workload.requests.every((r) => r.requestedOsl === 500 && r.expectedIsl === 13 + 8600 + 4300 + 3 * 258)).toBe(true);
    expect(workload.description).toMatch(/^generated: 10 requests × 3 images of 512×512 \(photo jpeg\), 4300 user tokens \+ 8600-token shared system prompt/);
  });
});
