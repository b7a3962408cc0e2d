// loadWorkload: single_turn JSONL files, shared image and system-prompt Buffers, request bodies, wrap-around, text-only generated prompts.
import { mkdtemp, rm, writeFile, copyFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTokenizer } from '../src/tokenizer/load-tokenizer.js';
import { exactly } from '../src/workload/draw.js';
import { loadWorkload } from '../src/workload/load-workload.js';
import type { GeneratedWorkloadSpec, WorkloadSpec } from '../src/workload/workload-spec.js';
import type { PreparedRequest } from '../src/workload/prepared-request.js';
import { inMemory } from './helpers/in-memory.js';

let dir: string;
let redPng: Buffer;
const HTTP_URL = 'http://images.example/cat.jpg?size=512&v="1"';
const DATA_URL = 'data:image/png;base64,iVBORw0KGgo=';

const textOnly: GeneratedWorkloadSpec = {
  requests: 10, entries: 10, sampling: 'sequential', imagesPerRequest: 0, pool: undefined, hitRate: undefined, popularity: { kind: 'uniform' },
  imageWidth: exactly(64), imageHeight: exactly(64), imageFormat: 'jpeg', imageStyle: 'photo', imageSource: undefined, userTextTokens: exactly(550),
};
const base: WorkloadSpec = {
  models: ['test-model'], modelSelection: 'round_robin', inputFile: undefined, datasetType: 'single_turn', mlperf: { systemPromptFile: undefined, guidedDecoding: false, sampleCount: undefined }, generated: textOnly,
  systemPromptTokens: undefined, extraInputs: {}, outputTokens: undefined, maxTokensKey: 'max_completion_tokens',
  forcedOutputTokens: undefined, requestCount: undefined, warmupRequestCount: 0, seed: 0, cacheImages: true, tokenizerPath: undefined,
  delivery: { mode: 'base64' }, imageUuids: false, streaming: true, blockSize: 512,
};

interface Part { type: string; text?: string; image_url?: { url: string }; uuid?: string }
interface Message { role: string; content: string | Part[] }
interface Body { messages: Message[]; [key: string]: unknown }

function bodyOf(request: PreparedRequest): Body {
  const bytes = Buffer.concat(inMemory(request.body));
  expect(bytes.length).toBe(request.bodyBytes);
  return JSON.parse(bytes.toString('utf8')) as Body;
}

/** The content parts of the request's user message (its last message). */
function partsOf(request: PreparedRequest): Part[] {
  const content = bodyOf(request).messages.at(-1)!.content;
  if (typeof content === 'string') throw new Error('expected content parts');
  return content;
}

/** The text of the message at `at` when its content is a plain string. */
function textOf(request: PreparedRequest, at: number): string {
  const content = bodyOf(request).messages[at]!.content;
  if (typeof content !== 'string') throw new Error('expected string content');
  return content;
}

async function jsonl(name: string, lines: (object | string)[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
  return path;
}

const dataUrl = (bytes: Buffer, mime: string): string => `data:${mime};base64,${bytes.toString('base64')}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmload-workload-'));
  const solid = (r: number, g: number, b: number) => sharp({ create: { width: 4, height: 4, channels: 3, background: { r, g, b } } });
  redPng = await solid(255, 0, 0).png().toBuffer();
  await writeFile(join(dir, 'red.png'), redPng);
  await copyFile(join(dir, 'red.png'), join(dir, 'red-copy.png'));
  await writeFile(join(dir, 'blue.png'), await solid(0, 0, 255).png().toBuffer());
  // JPEG bytes under a .png name: the MIME type must come from the magic bytes.
  await writeFile(join(dir, 'green.png'), await solid(0, 255, 0).jpeg().toBuffer());
  await mkdir(join(dir, 'sub'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('single_turn JSONL', () => {
  it('builds streaming chat bodies: text parts first, then images (local → data URL, URLs passed through)', async () => {
    const file = await jsonl('forms.jsonl', [
      { text: 'one "quoted"\nline é', image: 'red.png' },
      '',
      { texts: ['first', 'second'], images: [join(dir, 'blue.png'), HTTP_URL, DATA_URL] },
      { text: 'just text' },
      { images: ['green.png'] },
    ]);
    const workload = await loadWorkload({ ...base, inputFile: file });
    expect(workload.requests.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    expect(workload.entries).toEqual(workload.requests);
    expect(Object.keys(bodyOf(workload.requests[0]!))).toEqual(['messages', 'model', 'stream', 'stream_options']);
    expect(bodyOf(workload.requests[0]!)).toStrictEqual({
      model: 'test-model',
      messages: [{ role: 'user', content: [
        { type: 'text', text: 'one "quoted"\nline é' },
        { type: 'image_url', image_url: { url: dataUrl(redPng, 'image/png') } },
      ] }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const second = partsOf(workload.requests[1]!);
    expect(second.map((p) => p.text ?? p.image_url!.url.slice(0, 22))).toEqual(['first', 'second', 'data:image/png;base64,', HTTP_URL.slice(0, 22), DATA_URL.slice(0, 22)]);
    expect(second[3]!.image_url!.url).toBe(HTTP_URL);
    expect(second[4]!.image_url!.url).toBe(DATA_URL);
    // A lone text with no image is plain string content, as aiperf sends it.
    expect(bodyOf(workload.requests[2]!).messages).toStrictEqual([{ role: 'user', content: 'just text' }]);
    expect(partsOf(workload.requests[3]!)[0]!.image_url!.url).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    expect(workload.requests.map((r) => r.images.length)).toEqual([1, 3, 0, 1]);
    expect(workload.requests[1]!.promptTexts).toEqual(['first', 'second']);
    expect(workload.description).toMatch(/^forms\.jsonl: 4 lines; 5 image slots, 5 distinct images \(0\.0% planned hits/);
  });

  it('takes the MIME type from magic bytes and refuses files that are not images', async () => {
    const pixel = sharp({ create: { width: 2, height: 2, channels: 3, background: { r: 9, g: 9, b: 9 } } });
    await writeFile(join(dir, 'pic.webp.bin'), await pixel.clone().webp().toBuffer());
    await writeFile(join(dir, 'pic.gif.bin'), await pixel.clone().gif().toBuffer());
    await writeFile(join(dir, 'notes.png'), 'not an image');
    const file = await jsonl('magic.jsonl', [{ images: ['pic.webp.bin', 'pic.gif.bin'] }]);
    const parts = partsOf((await loadWorkload({ ...base, inputFile: file })).requests[0]!);
    expect(parts.map((p) => p.image_url!.url.split(';')[0])).toEqual(['data:image/webp', 'data:image/gif']);
    const bad = await jsonl('notimage.jsonl', [{ text: 'a', image: 'notes.png' }]);
    await expect(loadWorkload({ ...base, inputFile: bad })).rejects.toThrow(/notimage\.jsonl:1: not a PNG, JPEG, WebP or GIF image: notes\.png/);
  });

  it('shares one Buffer for an image used by several lines, also under another path', async () => {
    const file = await jsonl('shared.jsonl', [
      { text: 'a', images: ['red.png', 'blue.png'] },
      { text: 'b', image: './red.png' },
      { text: 'c', image: 'red-copy.png' },
    ]);
    const { requests, description } = await loadWorkload({ ...base, inputFile: file });
    const redPieces = requests.map((r) => inMemory(r.body).find((piece) => piece.length > 30 && piece.includes(redPng.toString('base64')))!);
    expect(redPieces[0]).toBeDefined();
    expect(redPieces[1]).toBe(redPieces[0]);
    expect(redPieces[2]).toBe(redPieces[0]);
    expect(description).toContain('4 image slots, 2 distinct images (50.0% planned hits');
  });

  it('caps with output_length over --osl, then merges --extra-inputs, then the line extra (the line wins, keys keep their place)', async () => {
    const file = await jsonl('extra.jsonl', [
      { text: 'x', output_length: 64, extra: { temperature: 0.1, top_k: 5, model: 'line-model' } },
      { text: 'y' },
    ]);
    const spec: WorkloadSpec = { ...base, inputFile: file, outputTokens: exactly(200), extraInputs: { temperature: 0.9, min_tokens: 10, stream: true } };
    const { requests } = await loadWorkload(spec);
    const first = bodyOf(requests[0]!);
    expect(Object.keys(first)).toEqual(['messages', 'model', 'stream', 'max_completion_tokens', 'temperature', 'min_tokens', 'top_k', 'stream_options']);
    expect(first).toMatchObject({ model: 'line-model', max_completion_tokens: 64, temperature: 0.1, top_k: 5, min_tokens: 10 });
    expect(bodyOf(requests[1]!)).toMatchObject({ model: 'test-model', max_completion_tokens: 200, temperature: 0.9, min_tokens: 10 });
    expect(bodyOf(requests[1]!).top_k).toBeUndefined();
    expect(requests.map((r) => r.requestedOsl)).toEqual([64, 200]);
    const legacy = await loadWorkload({ ...spec, maxTokensKey: 'max_tokens' });
    expect(legacy.requests.map((r) => [bodyOf(r).max_tokens, bodyOf(r).max_completion_tokens])).toEqual([[64, undefined], [200, undefined]]);
    const overridden = await loadWorkload({ ...spec, extraInputs: { max_completion_tokens: 500 } });
    expect(overridden.requests.map((r) => bodyOf(r).max_completion_tokens)).toEqual([500, 500]);
    expect(Object.keys(bodyOf(overridden.requests[0]!))[3]).toBe('max_completion_tokens');
    const uncapped = await loadWorkload({ ...base, inputFile: await jsonl('uncapped.jsonl', [{ text: 'z' }]) });
    expect(Object.keys(bodyOf(uncapped.requests[0]!))).toEqual(['messages', 'model', 'stream', 'stream_options']);
    expect(uncapped.requests[0]!.requestedOsl).toBeNull();
  });

  it('puts image_uuids next to image_url', async () => {
    const file = await jsonl('uuids.jsonl', [{ text: 't', images: ['red.png', HTTP_URL], image_uuids: ['img-1', 'img-2'] }]);
    const content = partsOf((await loadWorkload({ ...base, inputFile: file })).requests[0]!);
    expect(content[1]).toStrictEqual({ type: 'image_url', image_url: { url: dataUrl(redPng, 'image/png') }, uuid: 'img-1' });
    expect(content[2]).toStrictEqual({ type: 'image_url', image_url: { url: HTTP_URL }, uuid: 'img-2' });
  });

  it('reads CRLF files with a byte-order mark and resolves paths against the file directory', async () => {
    const path = join(dir, 'sub', 'crlf.jsonl');
    await writeFile(path, `\uFEFF${JSON.stringify({ text: 'a', image: '../red.png' })}\r\n\r\n${JSON.stringify({ text: 'b' })}\r\n`);
    const { requests } = await loadWorkload({ ...base, inputFile: path });
    expect(requests.map((r) => r.promptTexts[0])).toEqual(['a', 'b']);
  });

  it('names the file and the line of each problem', async () => {
    const cases: [object | string, RegExp][] = [
      ['{"text": "broken"', /bad\.jsonl:3: invalid JSON \(/],
      [{ image_uuids: [] }, /bad\.jsonl:3: needs "text", "texts", "image" or "images"$/],
      [{ text: 'a', imgaes: ['red.png'] }, /bad\.jsonl:3: unknown field "imgaes"/],
      [{ text: 'a', texts: ['b'] }, /bad\.jsonl:3: use "text" or "texts", not both/],
      [{ text: 'a', output_length: 0 }, /bad\.jsonl:3: "output_length" must be a positive integer/],
      [{ image: 'nope.png' }, /bad\.jsonl:3: image not found: nope\.png \(.*nope\.png\)$/],
      [[1, 2], /bad\.jsonl:3: expected a JSON object/],
    ];
    for (const [line, message] of cases) {
      const file = await jsonl('bad.jsonl', [{ text: 'ok' }, '', line, { text: 'after' }]);
      const error = await loadWorkload({ ...base, inputFile: file }).catch((err: Error) => err);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('reports a missing input file and an input file with no requests', async () => {
    const missing = join(dir, 'absent.jsonl');
    await expect(loadWorkload({ ...base, inputFile: missing })).rejects.toThrow(`input file not found: ${missing}`);
    const empty = await jsonl('empty.jsonl', ['', '  ']);
    await expect(loadWorkload({ ...base, inputFile: empty })).rejects.toThrow(/no requests/);
  });
});

describe('request counts', () => {
  it('wraps around the file with a notice, reusing the same request objects', async () => {
    const file = await jsonl('three.jsonl', [{ text: 'l1' }, { text: 'l2' }, { text: 'l3' }]);
    const workload = await loadWorkload({ ...base, inputFile: file, requestCount: 7, warmupRequestCount: 4 });
    expect(workload.requests).toHaveLength(7);
    expect(workload.requests.map((r) => r.promptTexts[0])).toEqual(['l1', 'l2', 'l3', 'l1', 'l2', 'l3', 'l1']);
    expect(workload.requests[3]).toBe(workload.requests[0]);
    expect(workload.requests[6]).toBe(workload.requests[0]);
    expect(workload.warmup).toHaveLength(4);
    expect(workload.notices).toHaveLength(1);
    expect(workload.notices[0]).toMatch(/3 lines; 7 requests wrap around/);
  });

  it('draws requests from the lines by the sampling strategy, each line keeping the model of its place', async () => {
    const file = await jsonl('models.jsonl', [{ text: 'l1' }, { text: 'l2' }, { text: 'l3' }]);
    const workload = await loadWorkload({ ...base, models: ['a', 'b'], inputFile: file, requestCount: 9, generated: { ...textOnly, sampling: 'shuffle' } });
    expect(workload.entries.map((r) => [r.promptTexts[0], bodyOf(r).model])).toEqual([['l1', 'a'], ['l2', 'b'], ['l3', 'a']]);
    expect(workload.requests.every((r) => workload.entries.includes(r))).toBe(true);
    for (let pass = 0; pass < 3; pass++) {
      expect(workload.requests.slice(3 * pass, 3 * pass + 3).map((r) => r.promptTexts[0]).sort()).toEqual(['l1', 'l2', 'l3']);
    }
    expect(workload.notices).toEqual([`${file} has 3 lines; 9 requests draw from them (shuffle), so lines are sent more than once`]);
  });

  it('sends every line once without a request count, and reads only what a smaller count needs', async () => {
    const file = await jsonl('five.jsonl', [1, 2, 3, 4, 5].map((i) => ({ text: `line ${i}` })).concat([{ image: 'nope.png' } as never]));
    await expect(loadWorkload({ ...base, inputFile: file })).rejects.toThrow(/five\.jsonl:6: image not found/);
    const workload = await loadWorkload({ ...base, inputFile: file, requestCount: 2, warmupRequestCount: 3 });
    expect(workload.requests.map((r) => r.promptTexts[0])).toEqual(['line 1', 'line 2']);
    expect(workload.warmup).toHaveLength(3);
    expect(workload.notices).toEqual([]);
    // Warm-up requests are generated, so only the two profiled lines are read.
    expect(workload.description).toMatch(/^five\.jsonl: first 2 lines/);
  });
});

describe('warm-up requests stay outside the workload', () => {
  it('mirror the shape of the lines with their own text and images', async () => {
    const qwen = await loadTokenizer();
    const file = await jsonl('shaped.jsonl', [
      { text: 'Describe the red square in one sentence, please.', images: ['red.png', 'red.png'], output_length: 12 },
      { text: 'A second line of text.' },
    ]);
    const workload = await loadWorkload({ ...base, inputFile: file, warmupRequestCount: 3, systemPromptTokens: 40 });
    const workloadImages = new Set(workload.requests.flatMap((r) => r.images.map((b) => b.toString())));
    const workloadTexts = new Set(workload.requests.flatMap((r) => r.promptTexts.slice(1)));
    expect(workload.warmup.map((r) => r.images.length)).toEqual([2, 0, 2]);
    expect(workload.warmup.map((r) => r.requestedOsl)).toEqual([12, null, 12]);
    for (const warm of workload.warmup) {
      for (const image of warm.images) expect(workloadImages.has(image.toString())).toBe(false);
      for (const text of warm.promptTexts.slice(1)) expect(workloadTexts.has(text)).toBe(false);
    }
    // Same text length as the mirrored line, and the same expected ISL (same image size, 1×1 → min size).
    expect(qwen.count(warm(workload, 0))).toBe(qwen.count('Describe the red square in one sentence, please.'));
    expect(workload.warmup[0]!.expectedIsl).toBe(workload.requests[0]!.expectedIsl);
    expect(new Set(workload.warmup.map((r) => r.index)).size).toBe(3);
    expect(workload.warmup.every((r) => r.index >= 2)).toBe(true);
  });
});

function warm(workload: Awaited<ReturnType<typeof loadWorkload>>, i: number): string {
  return workload.warmup[i]!.promptTexts.at(-1)!;
}

describe('shared system prompt and text-only generated prompts', () => {
  it('puts one system prompt of exactly N Qwen3 tokens, one shared Buffer, in every request', async () => {
    const qwen = await loadTokenizer();
    const file = await jsonl('sys.jsonl', [{ text: 'q1', image: 'red.png' }, { text: 'q2' }]);
    const { requests, description } = await loadWorkload({ ...base, inputFile: file, systemPromptTokens: 860 });
    const [first, second] = requests.map(bodyOf);
    expect(first!.messages[0]!.role).toBe('system');
    const system = textOf(requests[0]!, 0);
    expect(qwen.count(system)).toBe(860);
    expect(second!.messages[0]).toStrictEqual({ role: 'system', content: system });
    expect(requests[0]!.promptTexts).toEqual([system, 'q1']);
    const largest = (r: PreparedRequest) => inMemory(r.body).reduce((a, b) => (b.length > a.length && !b.includes('image/png') ? b : a));
    expect(largest(requests[1]!)).toBe(largest(requests[0]!));
    expect(description).toContain('shared system prompt of 860 tokens');
  });

  it('builds distinct synthetic prompts of the requested length, warm-up prompts apart', async () => {
    const qwen = await loadTokenizer();
    const workload = await loadWorkload({ ...base, generated: { ...textOnly, userTextTokens: exactly(120) }, warmupRequestCount: 2, outputTokens: exactly(32) });
    expect(workload.requests).toHaveLength(10);
    expect(workload.warmup).toHaveLength(2);
    const all = [...workload.requests, ...workload.warmup];
    expect(new Set(all.map((r) => r.index)).size).toBe(12);
    const prompts = all.map((r) => textOf(r, 0));
    expect(new Set(prompts).size).toBe(12);
    expect(new Set(prompts.map((p) => p.slice(0, 40))).size).toBe(12);
    for (const prompt of prompts) expect(qwen.count(prompt)).toBe(120);
    expect(bodyOf(workload.requests[0]!).max_completion_tokens).toBe(32);
    expect(workload.requests.every((r) => r.requestedOsl === 32)).toBe(true);
    expect(workload.description).toMatch(/^generated: 10 requests × 0 images/);
    const again = await loadWorkload({ ...base, generated: { ...textOnly, userTextTokens: exactly(120), entries: 3 }, requestCount: 3 });
    expect(again.requests.map((r) => r.promptTexts[0])).toEqual(prompts.slice(0, 3));
  });
});
