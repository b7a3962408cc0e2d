// The engine's embedding cache (images, LRU on pixel hashes) and prefix cache (KV blocks by chained hash), with vLLM's counters.
import { embeddingBytes, type EngineConstants } from '../model/engine-constants.js';
import type { EngineJob } from './engine-job.js';
import { LruCache } from '../util/lru-cache.js';

/** vLLM's cache counters: mm in images, prefix in tokens. A disabled cache gets no queries. */
export interface EngineCounters {
  mmQueries: number;
  mmHits: number;
  prefixQueries: number;
  prefixHits: number;
}

/** The caches a client may reset: the prefix (KV block) cache and the multimodal (embedding) cache. */
export type CacheName = 'prefix' | 'mm';

export class EngineCaches {
  readonly counters: EngineCounters = { mmQueries: 0, mmHits: 0, prefixQueries: 0, prefixHits: 0 };
  private readonly embeddings: LruCache | null;
  private readonly prefixes: LruCache | null;

  /** `embeddingCacheBytes` 0 disables the embedding cache. */
  constructor(private readonly engine: EngineConstants, embeddingCacheBytes: number, prefixCaching: boolean) {
    this.embeddings = embeddingCacheBytes > 0 ? new LruCache(embeddingCacheBytes) : null;
    this.prefixes = prefixCaching ? new LruCache(engine.kvCacheTokens) : null;
  }

  /**
   * Looks a job up as it is admitted, as vLLM does: the prefix hit is the run of its prompt's leading blocks that are
   * cached, at most all but the prompt's last token (which is always computed). Pushes each image's embedding-cache hit
   * or miss onto `imageHits`; a miss is cached at once (so the cache is an LRU of the lookups, as mmload plan assumes).
   * A miss runs the encoder in this step, unless the image's pads all lie in the prefix hit (its KV is cached). Returns
   * the prompt tokens the prefix hit skips and the image tokens the vision encoder must run.
   */
  lookUp(job: EngineJob, imageHits: boolean[]): { prefixHitTokens: number; encodeTokens: number } {
    const { blockSize } = this.engine;
    let prefixHitTokens = 0;
    if (this.prefixes !== null) {
      this.counters.prefixQueries += job.promptTokens;
      const most = Math.min(job.blocks.length, Math.floor((job.promptTokens - 1) / blockSize));
      let hit = 0;
      while (hit < most && this.prefixes.touch(job.blocks[hit]!)) hit++;
      prefixHitTokens = hit * blockSize;
      this.counters.prefixHits += prefixHitTokens;
    }
    let encodeTokens = 0;
    for (const image of job.images) {
      let hit = false;
      if (this.embeddings !== null) {
        this.counters.mmQueries++;
        hit = this.embeddings.touch(image.key);
        if (hit) this.counters.mmHits++;
      }
      imageHits.push(hit);
      if (hit) continue;
      this.embeddings?.add(image.key, embeddingBytes(image.tokens, this.engine));
      if (image.start + image.tokens > prefixHitTokens) encodeTokens += image.tokens;
    }
    return { prefixHitTokens, encodeTokens };
  }

  /** Empties one cache, as vLLM's /reset_prefix_cache and /reset_mm_cache do; the counters keep counting. */
  reset(cache: CacheName): void {
    (cache === 'prefix' ? this.prefixes : this.embeddings)?.clear();
  }

  /** The job's prefill completed: its prompt's blocks are in the KV cache for the jobs after it. */
  prefilled(job: EngineJob): void {
    this.cacheBlocks(job, 0, Math.floor(job.promptTokens / this.engine.blockSize));
  }

  /** The job generated its last token: the blocks its answer filled are cached too (as vLLM keeps a finished request's blocks). */
  finished(job: EngineJob): void {
    this.cacheBlocks(job, Math.floor(job.promptTokens / this.engine.blockSize), job.blocks.length);
  }

  private cacheBlocks(job: EngineJob, from: number, to: number): void {
    if (this.prefixes === null) return;
    for (let k = from; k < to; k++) this.prefixes.add(job.blocks[k]!, this.engine.blockSize);
  }
}
