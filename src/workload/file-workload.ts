// Builds the workload of an aiperf input file: lines are the entries, requests draw from them, images shared.
import { basename, dirname, resolve } from 'node:path';
import { loadTokenizer } from '../tokenizer/load-tokenizer.js';
import { sampleEntries } from './entry-sampling.js';
import { entryRequests } from './entry-request.js';
import { ImageIds } from './image-ids.js';
import { ImageRefs } from './image-refs.js';
import type { PreparedRequest, Workload } from './prepared-request.js';
import { mooncakeAsSingleTurn } from './mooncake-trace.js';
import { readSingleTurn, type SingleTurnEntry } from './single-turn-jsonl.js';
import { sharedSystemPrompt } from './token-text.js';
import { expectedIsl, warmupRequests, type LineShape } from './shaped-warmup.js';
import { describeInfo, workloadInfo } from './workload-info.js';
import type { WorkloadSpec } from './workload-spec.js';

/**
 * `read`: the lines when the caller has read them already. Each line is one entry, in file order (its model and OSL fixed by its place); the requests draw from the
 * entries by the sampling strategy (sequential: file order, wrapping around when more are asked for). Warm-up
 * request j has the shape of line j (same text length, number and size of images, output_length) but its own
 * text and freshly generated images, so warm-up never warms the server's caches with the workload's content.
 */
export async function fileWorkload(file: string, spec: WorkloadSpec, read?: readonly SingleTurnEntry[]): Promise<Workload> {
  const tokenizer = await loadTokenizer(spec.tokenizerPath);
  const systemPrompt = sharedSystemPrompt(tokenizer, spec.systemPromptTokens, spec.seed);
  const request = entryRequests(spec, systemPrompt, new ImageIds());
  const refs = new ImageRefs();
  const baseDir = dirname(resolve(file));
  // With a request count, lines beyond what the run can send are never read (nor their images).
  const needed = spec.requestCount ?? Infinity;
  const entries: PreparedRequest[] = [];
  const shapes: LineShape[] = [];
  let truncated = false;
  const lines = read ?? (spec.datasetType === 'mooncake_trace' ? mooncakeAsSingleTurn(file, tokenizer, spec.seed, spec.blockSize) : readSingleTurn(file));
  for await (const line of lines) {
    if (entries.length >= needed) {
      truncated = true;
      break;
    }
    const urls = await Promise.all(line.images.map((ref) => refs.resolve(ref, baseDir))).catch((err: Error) => {
      throw new Error(`${file}:${line.line}: ${err.message}`);
    });
    const shape: LineShape = { textTokens: tokenizer.count(line.texts.join('')), imageSizes: urls.map((url) => refs.describe(url)), outputLength: line.outputLength };
    shapes.push(shape);
    entries.push(request({
      index: entries.length, texts: line.texts, images: urls, imageUuids: line.imageUuids, lineExtra: line.extra,
      outputLength: line.outputLength, expectedIsl: expectedIsl(shape, spec.systemPromptTokens), timestampMs: line.timestamp ?? null,
    }));
  }
  if (entries.length === 0) throw new Error(`input file has no requests (only blank lines): ${file}`);

  const sampling = spec.generated.sampling;
  const requests = sampleEntries(entries, spec.requestCount ?? entries.length, sampling, spec.seed);
  const warmupShapes = Array.from({ length: spec.warmupRequestCount }, (_, j) => shapes[j % shapes.length]!);
  const warmup = await warmupRequests(warmupShapes, entries.length, spec, tokenizer, request);
  const passes = Math.ceil(requests.length / entries.length);
  const notices = requests.length <= entries.length ? []
    : sampling === 'sequential' ? [`${file} has ${entries.length} lines; ${requests.length} requests wrap around to its start (lines are sent up to ${passes} times)`]
    : [`${file} has ${entries.length} lines; ${requests.length} requests draw from them (${sampling}), so lines are sent more than once`];
  const info = workloadInfo(requests, (url) => refs.describe(url)?.bytes ?? 0);
  const what = `${basename(file)}: ${truncated ? 'first ' : ''}${entries.length} lines` +
    `${systemPrompt ? `, shared system prompt of ${spec.systemPromptTokens} tokens` : ''}`;
  return { entries, requests, warmup, info, description: [what, describeInfo(info)].filter(Boolean).join('; '), notices, dispose: async () => {} };
}
