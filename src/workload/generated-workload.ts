// Builds an image-reuse workload in memory: exact reuse plan, images encoded once, exact-length texts, bodies.
import { loadTokenizer } from '../tokenizer/load-tokenizer.js';
import { deliverImages, deliverUrlList, type DeliveredImages } from './image-delivery.js';
import { generateImages, loadSourceImages, type PoolImage } from './images/index.js';
import type { PreparedRequest, Workload } from './prepared-request.js';
import { forcedOutputFields } from './presets.js';
import { expectedPromptTokens } from './qwen3-vl-tokens.js';
import { buildChatRequest } from './request-body.js';
import { planImageReuse } from './reuse-plan.js';
import { deriveSeed } from './seeded-random.js';
import { sharedSystemPrompt } from './token-text.js';
import { userTexts } from './user-texts.js';
import { describeInfo, workloadInfo } from './workload-info.js';
import type { GeneratedWorkloadSpec, WorkloadSpec } from './workload-spec.js';

export type ProgressFn = (what: string, done: number, total: number) => void;

/**
 * Profiled request i carries the plan's images; warm-up request j carries images past the pool and texts
 * past the profiled ones, so warm-up never puts a workload image or text into the server's caches.
 */
export async function generatedWorkload(spec: WorkloadSpec, onProgress?: ProgressFn): Promise<Workload> {
  const g = spec.generated;
  const count = spec.requestCount ?? g.requests;
  const warmups = spec.warmupRequestCount;
  const k = g.imagesPerRequest;
  const plan = planImageReuse({
    requests: count, imagesPerRequest: k, seed: spec.seed, popularity: g.popularity,
    ...(g.pool === undefined ? {} : { pool: g.pool }), ...(g.hitRate === undefined ? {} : { hitRate: g.hitRate }),
  });
  const tokenizer = await loadTokenizer(spec.tokenizerPath);
  const systemPrompt = sharedSystemPrompt(tokenizer, spec.systemPromptTokens, spec.seed);
  const texts = userTexts(tokenizer, count + warmups, g.userTextTokens, spec.seed);

  const imageCount = plan.poolSize + warmups * k;
  const pool = k === 0 || spec.delivery.mode === 'urls' ? [] : await poolImages(g, plan.poolSize, warmups * k, spec.seed, onProgress);
  const delivered: DeliveredImages = spec.delivery.mode === 'urls'
    ? await deliverUrlList(spec.delivery.file, imageCount)
    : await deliverImages(pool, spec.delivery);
  const build = (index: number, images: readonly number[]): PreparedRequest => {
    const expectedIsl = expectedPromptTokens(spec.systemPromptTokens ?? null, g.userTextTokens, images.map((i) => pool[i]));
    return buildChatRequest({
      index, model: spec.model, systemPrompt, texts: [texts[index]!], expectedIsl,
      images: images.map((i) => delivered.urls[i]!),
      imageUuids: spec.imageUuids ? images.map((i) => delivered.uuids[i]!) : undefined,
      extra: spec.extraInputs, maxTokens: spec.maxTokens, streaming: spec.streaming,
      forcedOutput: spec.forcedOutputTokens === undefined ? undefined : forcedOutputFields(spec.forcedOutputTokens),
    });
  };
  const requests = plan.images.map((images, i) => build(i, images));
  const warmup = Array.from({ length: warmups }, (_, j) =>
    build(count + j, Array.from({ length: k }, (_, m) => plan.poolSize + j * k + m)));

  const bytesByUrl = new Map(pool.map((image, i) => [delivered.urls[i]!, image.bytes.length]));
  const info = workloadInfo(requests, (url) => bytesByUrl.get(url) ?? 0);
  const what = `generated: ${count} requests × ${k} images of ${g.imageWidth}×${g.imageHeight}` +
    `${g.imageSource ? ` from ${g.imageSource}` : ` (${g.imageStyle} ${g.imageFormat})`}, ` +
    `${g.userTextTokens} user tokens${systemPrompt ? ` + ${spec.systemPromptTokens}-token shared system prompt` : ''}`;
  return {
    requests, warmup, info,
    description: [what, describeInfo(info), k > 0 ? delivered.note : ''].filter(Boolean).join('; '),
    notices: [],
    // Not a closure of this scope: V8 would keep the scope's `pool` (every raw image) alive through it.
    dispose: delivered.dispose,
  };
}

/** Pool images then warm-up images: generated (cached on disk), or the user's resized with generated warm-up ones. */
export async function poolImages(g: GeneratedWorkloadSpec, poolSize: number, warmupImages: number, seed: number, onProgress?: ProgressFn): Promise<PoolImage[]> {
  const progress = (what: string) => (done: number, total: number) => onProgress?.(what, done, total);
  const size = { width: g.imageWidth, height: g.imageHeight, format: g.imageFormat };
  if (g.imageSource) {
    const own = await loadSourceImages({ dir: g.imageSource, count: poolSize, ...size, onProgress: progress('reading images') });
    const extra = await generateImages({ ...size, count: warmupImages, first: 0, style: 'photo', seed: deriveSeed(seed, 1), onProgress: progress('warm-up images') });
    return [...own, ...extra];
  }
  return generateImages({ ...size, count: poolSize + warmupImages, style: g.imageStyle, seed, onProgress: progress('generating images') });
}
