// The engine's embedding cache (images, LRU on pixel hashes) and prefix cache (system-prompt KV blocks), with vLLM's counters.
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
   * Looks a job up as it is admitted: pushes each image's hit or miss onto `imageHits` (a miss is
   * cached at once: its embedding exists by the end of this step). Returns the prompt tokens a prefix
   * hit skips and the image tokens the vision encoder must run.
   */
  lookUp(job: EngineJob, imageHits: boolean[]): { prefixHitTokens: number; encodeTokens: number } {
    let prefixHitTokens = 0;
    if (this.prefixes !== null) {
      this.counters.prefixQueries += job.promptTokens;
      if (job.prefix !== null && this.prefixes.touch(job.prefix.key)) prefixHitTokens = job.prefix.tokens;
      this.counters.prefixHits += prefixHitTokens;
    }
    let encodeTokens = 0;
    for (const image of job.images) {
      let hit = false;
      if (this.embeddings !== null) {
        this.counters.mmQueries++;
        hit = this.embeddings.touch(image.key);
        if (hit) this.counters.mmHits++;
        else this.embeddings.add(image.key, embeddingBytes(image.tokens, this.engine));
      }
      imageHits.push(hit);
      if (!hit) encodeTokens += image.tokens;
    }
    return { prefixHitTokens, encodeTokens };
  }

  /** The job's prefill completed: its prefix blocks are in the KV cache for the jobs after it. */
  prefilled(job: EngineJob): void {
    if (job.prefix !== null) this.prefixes?.add(job.prefix.key, job.prefix.tokens);
  }
}
