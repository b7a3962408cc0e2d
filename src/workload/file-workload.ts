// Builds the workload of an aiperf single_turn file: lines in file order, images shared, expected ISL per line.
import { basename, dirname, resolve } from 'node:path';
import { loadTokenizer } from '../tokenizer/load-tokenizer.js';
import type { TokenCounter } from '../tokenizer/token-counter.js';
import { ImageRefs } from './image-refs.js';
import { deliverImages } from './image-delivery.js';
import { generateImages } from './images/index.js';
import type { PreparedRequest, Workload } from './prepared-request.js';
import { forcedOutputFields } from './presets.js';
import { expectedPromptTokens } from './qwen3-vl-tokens.js';
import { buildChatRequest, type SharedText } from './request-body.js';
import { mooncakeAsSingleTurn } from './mooncake-trace.js';
import { readSingleTurn } from './single-turn-jsonl.js';
import { deriveSeed } from './seeded-random.js';
import { sharedSystemPrompt, textOfTokens } from './token-text.js';
import { describeInfo, workloadInfo } from './workload-info.js';
import type { WorkloadSpec } from './workload-spec.js';

/** The fields of a line that the warm-up requests mirror. */
interface LineShape {
  readonly textTokens: number;
  readonly imageSizes: readonly ({ width: number; height: number } | undefined)[];
}

/**
 * Lines are sent in file order, once per pass, wrapping around when more requests are asked for. Warm-up
 * request j has the shape of line j (same text length, same number and size of images) but its own text
 * and freshly generated images, so warm-up never warms the server's caches with the workload's content.
 */
export async function fileWorkload(file: string, spec: WorkloadSpec): Promise<Workload> {
  const tokenizer = await loadTokenizer(spec.tokenizerPath);
  const systemPrompt = sharedSystemPrompt(tokenizer, spec.systemPromptTokens, spec.seed);
  const refs = new ImageRefs();
  const baseDir = dirname(resolve(file));
  // With a request count, lines beyond what the run can send are never read (nor their images).
  const needed = spec.requestCount ?? Infinity;
  const lines: PreparedRequest[] = [];
  const shapes: LineShape[] = [];
  let truncated = false;
  const entries = spec.datasetType === 'mooncake_trace' ? mooncakeAsSingleTurn(file, tokenizer, spec.seed) : readSingleTurn(file);
  for await (const entry of entries) {
    if (lines.length >= needed) {
      truncated = true;
      break;
    }
    const urls = await Promise.all(entry.images.map((ref) => refs.resolve(ref, baseDir))).catch((err: Error) => {
      throw new Error(`${file}:${entry.line}: ${err.message}`);
    });
    const shape: LineShape = { textTokens: tokenizer.count(entry.texts.join('')), imageSizes: urls.map((url) => refs.describe(url)) };
    shapes.push(shape);
    lines.push(buildChatRequest({
      index: lines.length, model: spec.model, systemPrompt, texts: entry.texts, images: urls, imageUuids: entry.imageUuids,
      extra: spec.extraInputs, perLineExtra: entry.extra, maxTokens: entry.outputLength ?? spec.maxTokens,
      forcedOutput: forced(spec), expectedIsl: expectedIsl(shape, spec.systemPromptTokens), streaming: spec.streaming,
      timestampMs: entry.timestamp ?? null,
    }));
  }
  if (lines.length === 0) throw new Error(`input file has no requests (only blank lines): ${file}`);

  const requests = cycle(lines, spec.requestCount ?? lines.length);
  const warmupShapes = cycle(shapes, spec.warmupRequestCount);
  const warmup = await warmupRequests(warmupShapes, lines.length, spec, tokenizer, systemPrompt);
  const notices = requests.length > lines.length
    ? [`${file} has ${lines.length} lines; ${requests.length} requests wrap around to its start (lines are sent up to ${Math.ceil(requests.length / lines.length)} times)`]
    : [];
  const info = workloadInfo(requests, (url) => refs.describe(url)?.bytes ?? 0);
  const what = `${basename(file)}: ${truncated ? 'first ' : ''}${lines.length} lines` +
    `${systemPrompt ? `, shared system prompt of ${spec.systemPromptTokens} tokens` : ''}`;
  return { requests, warmup, info, description: [what, describeInfo(info)].filter(Boolean).join('; '), notices, dispose: async () => {} };
}

function forced(spec: WorkloadSpec): Record<string, unknown> | undefined {
  return spec.forcedOutputTokens === undefined ? undefined : forcedOutputFields(spec.forcedOutputTokens);
}

function expectedIsl(shape: LineShape, systemTokens: number | undefined): number | null {
  return expectedPromptTokens(systemTokens ?? null, shape.textTokens, shape.imageSizes);
}

/** Warm-up requests shaped like the given lines, with generated text and images of their own (indices after the file's). */
async function warmupRequests(shapes: readonly LineShape[], firstIndex: number, spec: WorkloadSpec, tokenizer: TokenCounter, systemPrompt: SharedText | undefined): Promise<PreparedRequest[]> {
  const requests: PreparedRequest[] = [];
  let imageIndex = 0;
  for (const [j, shape] of shapes.entries()) {
    const images = await Promise.all(shape.imageSizes.map((size) => generateImages({
      count: 1, first: imageIndex++, width: size?.width ?? 512, height: size?.height ?? 512,
      format: 'jpeg', style: 'photo', seed: deriveSeed(spec.seed, 2), cacheDir: null, // a few images, each its own size: not worth a cache
    }).then(([image]) => image!)));
    const delivered = await deliverImages(images, { mode: 'base64' });
    const warmShape: LineShape = { textTokens: shape.textTokens, imageSizes: images.map(({ width, height }) => ({ width, height })) };
    requests.push(buildChatRequest({
      index: firstIndex + j, model: spec.model, systemPrompt, images: delivered.urls,
      texts: shape.textTokens > 0 ? [textOfTokens(tokenizer, shape.textTokens, deriveSeed(spec.seed, 1_000_000 + j))] : [],
      extra: spec.extraInputs, maxTokens: spec.maxTokens, forcedOutput: forced(spec), expectedIsl: expectedIsl(warmShape, spec.systemPromptTokens),
      streaming: spec.streaming,
    }));
  }
  return requests;
}

/** `count` entries taking `items` in order and starting over at the end; the same objects, never copies. */
function cycle<T>(items: readonly T[], count: number): T[] {
  return Array.from({ length: count }, (_, i) => items[i % items.length]!);
}
