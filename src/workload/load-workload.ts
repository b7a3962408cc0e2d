// Builds the profile command's workload: an input file or a synthetic text workload, as prepared requests.
import { basename, dirname, resolve } from 'node:path';
import { loadTokenizer } from '../tokenizer/load-tokenizer.js';
import { ImageRefs } from './image-refs.js';
import type { PreparedRequest, Workload } from './prepared-request.js';
import { buildChatRequest, shareText, type SharedText } from './request-body.js';
import { readSingleTurn } from './single-turn-jsonl.js';
import { deriveSeed } from './seeded-random.js';
import { syntheticRequests } from './synthetic.js';
import { textOfTokens } from './token-text.js';

export interface WorkloadOptions {
  model: string;
  inputFile?: string;
  customDatasetType?: 'single_turn';
  sharedSystemPromptLength?: number;
  extraInputs: Record<string, unknown>;
  /** undefined: an input file is sent once (all lines); the synthetic workload sends 10 (aiperf). */
  requestCount?: number;
  warmupRequestCount: number;
  randomSeed: number;
  /** --synthetic-input-tokens-mean / --isl. */
  syntheticInputTokens: number;
  /** --output-tokens-mean / --osl: max_tokens of every request (a line's output_length wins). */
  outputTokens?: number;
  tokenizerPath?: string;
}

const SYNTHETIC_DEFAULT_COUNT = 10;

/**
 * Input-file lines are sent in file order, once per pass, wrapping around when more requests are
 * asked for; warm-up takes the first requests of the same sequence. Synthetic warm-up prompts are
 * distinct from the profiled ones so that warm-up cannot seed the prefix cache for them.
 */
export async function loadWorkload(options: WorkloadOptions): Promise<Workload> {
  const systemPrompt = options.sharedSystemPromptLength
    ? shareText(textOfTokens(await loadTokenizer(options.tokenizerPath), options.sharedSystemPromptLength, deriveSeed(options.randomSeed, 0)))
    : undefined;
  const promptNote = systemPrompt ? `, shared system prompt of ${options.sharedSystemPromptLength} tokens` : '';
  return options.inputFile === undefined
    ? syntheticWorkload(options, systemPrompt, promptNote)
    : fileWorkload(options.inputFile, options, systemPrompt, promptNote);
}

async function syntheticWorkload(options: WorkloadOptions, systemPrompt: SharedText | undefined, promptNote: string): Promise<Workload> {
  const count = options.requestCount ?? SYNTHETIC_DEFAULT_COUNT;
  const tokenizer = await loadTokenizer(options.tokenizerPath);
  const common = {
    model: options.model, inputTokens: options.syntheticInputTokens, seed: options.randomSeed,
    systemPrompt, extra: options.extraInputs, maxTokens: options.outputTokens,
  };
  const requests = syntheticRequests(tokenizer, { ...common, count, firstIndex: 0 });
  const warmup = syntheticRequests(tokenizer, { ...common, count: options.warmupRequestCount, firstIndex: count });
  const what = `synthetic: ${count} distinct prompts of ${options.syntheticInputTokens} tokens${promptNote}`;
  return { requests, warmup, description: `${what}; ${byteSummary(requests, warmup)}`, notices: [] };
}

async function fileWorkload(file: string, options: WorkloadOptions, systemPrompt: SharedText | undefined, promptNote: string): Promise<Workload> {
  const images = new ImageRefs();
  const baseDir = dirname(resolve(file));
  // With a request count, lines beyond what the run can send are never read (nor their images).
  const needed = options.requestCount === undefined ? Infinity : Math.max(options.requestCount, options.warmupRequestCount);
  const lines: PreparedRequest[] = [];
  let truncated = false;
  for await (const entry of readSingleTurn(file)) {
    if (lines.length >= needed) {
      truncated = true;
      break;
    }
    const urls = await Promise.all(entry.images.map((ref) => images.resolve(ref, baseDir))).catch((err: Error) => {
      throw new Error(`${file}:${entry.line}: ${err.message}`);
    });
    lines.push(buildChatRequest({
      index: lines.length,
      model: options.model,
      systemPrompt,
      texts: entry.texts,
      images: urls,
      imageUuids: entry.imageUuids,
      extra: options.extraInputs,
      perLineExtra: entry.extra,
      maxTokens: entry.outputLength ?? options.outputTokens,
    }));
  }
  if (lines.length === 0) throw new Error(`input file has no requests (only blank lines): ${file}`);

  const requests = cycle(lines, options.requestCount ?? lines.length);
  const warmup = cycle(lines, options.warmupRequestCount);
  const notices: string[] = [];
  if (requests.length > lines.length) notices.push(wrapNotice(file, lines.length, requests.length, 'requests'));
  if (warmup.length > lines.length) notices.push(wrapNotice(file, lines.length, warmup.length, 'warm-up requests'));
  const slots = lines.reduce((sum, r) => sum + r.imageCount, 0);
  const what = `${basename(file)}: ${truncated ? 'first ' : ''}${lines.length} lines, ${slots} images (${images.distinct} distinct)${promptNote}`;
  return { requests, warmup, description: `${what}; ${byteSummary(requests, lines)}`, notices };
}

/** `count` entries taking `items` in order and starting over at the end; the same objects, never copies. */
function cycle<T>(items: readonly T[], count: number): T[] {
  return Array.from({ length: count }, (_, i) => items[i % items.length]!);
}

function wrapNotice(file: string, lines: number, count: number, what: string): string {
  return `${file} has ${lines} lines; ${count} ${what} wrap around to its start (lines are sent up to ${Math.ceil(count / lines)} times)`;
}

/** Bytes the profiled requests send vs bytes held in memory for every request, warm-up included (shared pieces once). */
function byteSummary(requests: readonly PreparedRequest[], held: readonly PreparedRequest[]): string {
  const sent = requests.reduce((sum, r) => sum + r.bodyBytes, 0);
  const pieces = new Set<Buffer>();
  for (const request of [...requests, ...held]) for (const piece of request.body) pieces.add(piece);
  let unique = 0;
  for (const piece of pieces) unique += piece.length;
  return `${requests.length} requests send ${formatBytes(sent)} of bodies; ${formatBytes(unique)} held in memory with warm-up`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
