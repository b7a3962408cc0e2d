// Builds an image-reuse workload in memory: exact reuse plan over the entries, images encoded once, texts, bodies.
import { loadTokenizer } from '../tokenizer/load-tokenizer.js';
import type { TokenCounter } from '../tokenizer/token-counter.js';
import { describeDraw, drawsByIndex, type Draw } from './draw.js';
import { sampleEntries } from './entry-sampling.js';
import { entryRequests } from './entry-request.js';
import { ImageIds } from './image-ids.js';
import { deliverImages, deliverUrlList, type DeliveredImages } from './image-delivery.js';
import { describeImageSize, imageShapes } from './image-shapes.js';
import { generateImages, loadSourceImages, type PoolImage } from './images/index.js';
import type { BodyPiece, PreparedRequest, Workload } from './prepared-request.js';
import { expectedPromptTokens } from '../model/qwen3-vl-tokens.js';
import { planImageReuse } from './reuse-plan.js';
import { deriveSeed } from '../util/seeded-random.js';
import { sharedSystemPrompt } from './token-text.js';
import { userTexts } from './user-texts.js';
import { describeInfo, workloadInfo } from './workload-info.js';
import type { GeneratedWorkloadSpec, WorkloadSpec } from './workload-spec.js';

export type ProgressFn = (what: string, done: number, total: number) => void;

/** Seed stream of the user texts' lengths, apart from every other purpose's. */
const ISL_STREAM = 0x69_73_6c_00;

/**
 * Entry i carries the plan's images and text i; the requests sent draw from the entries by the sampling
 * strategy. Warm-up request j carries images past the pool and the text after the entries' (index E + j), so
 * warm-up never puts a workload image or text into the server's caches.
 */
export async function generatedWorkload(spec: WorkloadSpec, onProgress?: ProgressFn): Promise<Workload> {
  const g = spec.generated;
  const count = spec.requestCount ?? g.requests;
  const entryCount = g.entries;
  const warmups = spec.warmupRequestCount;
  const k = g.imagesPerRequest;
  const plan = planImageReuse({
    requests: entryCount, imagesPerRequest: k, seed: spec.seed, popularity: g.popularity,
    ...(g.pool === undefined ? {} : { pool: g.pool }), ...(g.hitRate === undefined ? {} : { hitRate: g.hitRate }),
  });
  const tokenizer = await loadTokenizer(spec.tokenizerPath);
  const systemPrompt = sharedSystemPrompt(tokenizer, spec.systemPromptTokens, spec.seed);
  const { tokens: textTokens, texts } = generatedTexts(tokenizer, g.userTextTokens, entryCount + warmups, spec.seed);

  const imageCount = plan.poolSize + warmups * k;
  const pool = k === 0 || spec.delivery.mode === 'urls' ? [] : await poolImages(g, plan.poolSize, warmups * k, spec.seed, spec.cacheImages, onProgress);
  const delivered: DeliveredImages = spec.delivery.mode === 'urls'
    ? await deliverUrlList(spec.delivery.file, imageCount)
    : await deliverImages(pool, spec.delivery);
  const request = entryRequests(spec, systemPrompt, new ImageIds());
  const build = (index: number, images: readonly number[]): PreparedRequest => request({
    index, texts: [texts[index]!],
    images: images.map((i) => delivered.urls[i]!),
    imageUuids: spec.imageUuids ? images.map((i) => delivered.uuids[i]!) : undefined,
    expectedIsl: expectedPromptTokens(spec.systemPromptTokens ?? null, textTokens[index]!, images.map((i) => pool[i])),
  });
  const entries = plan.images.map((images, i) => build(i, images));
  const requests = sampleEntries(entries, count, g.sampling, spec.seed);
  const warmup = Array.from({ length: warmups }, (_, j) =>
    build(entryCount + j, Array.from({ length: k }, (_, m) => plan.poolSize + j * k + m)));

  const bytesByUrl = new Map<BodyPiece, number>(pool.map((image, i) => [delivered.urls[i]!, image.bytes.length]));
  const info = workloadInfo(requests, (url) => bytesByUrl.get(url) ?? 0);
  const drawn = entryCount === count && g.sampling === 'sequential' ? '' : ` drawn from ${entryCount} entries (${g.sampling})`;
  const what = `generated: ${count} requests${drawn} × ${k} images of ` +
    `${describeImageSize(g)}${g.imageSource ? ` from ${g.imageSource}` : ` (${g.imageStyle} ${g.imageFormat === 'random' ? 'png/jpeg' : g.imageFormat})`}, ` +
    `${describeDraw(g.userTextTokens)} user tokens${systemPrompt ? ` + ${spec.systemPromptTokens}-token shared system prompt` : ''}`;
  return {
    entries, requests, warmup, info,
    description: [what, describeInfo(info), k > 0 ? delivered.note : ''].filter(Boolean).join('; '),
    notices: [],
    // Not a closure of this scope: V8 would keep the scope's `pool` (every raw image) alive through it.
    dispose: delivered.dispose,
  };
}

/** Texts 0 … count - 1 of a generated workload (entries, then warm-up), each of its own drawn length, and the lengths. */
export function generatedTexts(tokenizer: TokenCounter, userTextTokens: Draw, count: number, seed: number): { tokens: number[]; texts: string[] } {
  const tokensOf = drawsByIndex(userTextTokens, seed, ISL_STREAM);
  const tokens = Array.from({ length: count }, (_, i) => tokensOf(i));
  return { tokens, texts: userTexts(tokenizer, count, tokens, seed) };
}

/** Pool images then warm-up images: generated (cached on disk when `cache`), or the user's resized with generated warm-up ones. */
export async function poolImages(g: GeneratedWorkloadSpec, poolSize: number, warmupImages: number, seed: number, cache: boolean, onProgress?: ProgressFn): Promise<PoolImage[]> {
  const progress = (what: string) => (done: number, total: number) => onProgress?.(what, done, total);
  const cacheDir = cache ? {} : { cacheDir: null };
  if (g.imageSource) {
    const own = await loadSourceImages({ dir: g.imageSource, count: poolSize, ...imageShapes(g, seed), onProgress: progress('reading images') });
    const extra = await generateImages({ ...imageShapes(g, seed, poolSize), count: warmupImages, first: 0, style: 'photo', seed: deriveSeed(seed, 1), ...cacheDir, onProgress: progress('warm-up images') });
    return [...own, ...extra];
  }
  return generateImages({ ...imageShapes(g, seed), count: poolSize + warmupImages, style: g.imageStyle, seed, ...cacheDir, onProgress: progress('generating images') });
}
